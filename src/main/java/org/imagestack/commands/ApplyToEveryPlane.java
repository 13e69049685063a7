package org.imagestack.commands;

import java.io.File;

import org.imagestack.ij.StackOperations;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Runs an ImageJ command (with its options) or macro code on every plane of a database stack, bounded memory, all or
 * nothing (the seed's {@code execute_function}). Macro: {@code run("Apply to Every Plane...", "database=/data/crack stack=specimen command=[Gaussian Blur...] options=sigma=2");}
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Apply to Every Plane...")
public class ApplyToEveryPlane implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Database", style = "open", persist = false)
	private File database;

	@Parameter(label = "Stack", persist = false)
	private String stack = "specimen";

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
		CommandSupport.report(status, log, StackOperations.applyToEveryPlane(database.getPath(), stack, command,
			options, macro, budget, CommandSupport.progress(status)));
	}
}
