package org.imagestack.commands;

import org.scijava.plugin.Parameter;

/** A command on one named stack of a database. */
public abstract class StackCommand extends DatabaseCommand {

	@Parameter(label = "Stack", persist = false)
	private String stack = "specimen";

	/** @return the stack's name */
	protected String stack() {
		return stack;
	}
}
