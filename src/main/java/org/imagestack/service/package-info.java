/**
 * The operations behind every front end, as the SciJava service ImageStackService (no dialog in it), with what the
 * front ends share so that they cannot drift: CommandSpec (each command's parameters), DialogDefaults, UserMessages,
 * and ImageJFeedback (ImageJ's status line, progress bar, Esc and errors that stop macros). Imports everything below;
 * only front ends import it.
 */
package org.imagestack.service;
