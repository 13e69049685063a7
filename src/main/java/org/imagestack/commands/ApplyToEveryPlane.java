package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/**
 * Runs an ImageJ command (with its options) or macro code on every plane of a database stack, bounded memory, all or
 * nothing (the seed's {@code execute_function}). Macro: {@code run("Apply to Every Plane...", "database=/data/crack stack=specimen command=[Gaussian Blur...] options=sigma=2");}
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Apply to Every Plane...")
public class ApplyToEveryPlane extends StackCommand {

	@Parameter(label = "Command", required = false, persist = false)
	private String command = "Gaussian Blur...";

	@Parameter(label = "Options", required = false, persist = false)
	private String options = "sigma=2";

	@Parameter(label = "Macro (instead of a command)", required = false, style = "text area", persist = false)
	private String macro = "";

	@Parameter(label = "Budget (MB of heap)", min = "1", persist = false)
	private double budget = 256;

	@Override
	public void run() {
		report(StackOperations.applyToEveryPlane(database(), stack(), command,
			options, macro, budget, progress()));
	}
}
