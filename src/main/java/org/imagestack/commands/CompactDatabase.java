package org.imagestack.commands;

import java.io.File;

import org.imagestack.ij.StackOperations;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Gives the space of deleted and rewritten planes back to the file system (H2's SHUTDOWN COMPACT). */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Compact Database...")
public class CompactDatabase implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Database", style = "open", persist = false)
	private File database;

	@Override
	public void run() {
		CommandSupport.report(status, log, StackOperations.compact(database.getPath()));
	}
}
