package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/**
 * Image n becomes operation(n-1, n) with ImageJ's image calculator (the seed's {@code execute_rolling_function});
 * the first plane is dropped unless {@code keep_first}.
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Apply Rolling Operation...")
public class ApplyRollingOperation extends StackCommand {

	@Parameter(label = "Operation", choices = { "Subtract", "Difference", "Divide", "Add", "Multiply", "Average",
		"Min", "Max", "AND", "OR", "XOR", "Copy", "Transparent-zero" }, persist = false)
	private String operation = "Subtract";

	@Parameter(label = "Keep first", persist = false)
	private boolean keep_first;

	@Parameter(label = "Budget (MB of heap)", min = "1", persist = false)
	private double budget = 256;

	@Override
	public void run() {
		report(StackOperations.applyRolling(database(), stack(), operation,
			keep_first, budget, progress()));
	}
}
