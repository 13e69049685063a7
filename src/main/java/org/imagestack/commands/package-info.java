/**
 * SciJava commands for Fiji's menu: one thin class per menu entry, inputs built from the service's CommandSpec. Front end: nothing imports it.
 */
package org.imagestack.commands;
