/**
 * The operations behind every front end, as the SciJava service ImageStackService (no dialog in it), with what the
 * front ends share so that they cannot drift: CommandSpec (each command's parameters) and UserMessages. No ImageJ 1
 * dialog, window or table here (those are in org.imagestack.ij1). Imports everything below;
 * only front ends import it.
 */
package org.imagestack.service;
