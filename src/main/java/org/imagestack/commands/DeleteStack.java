package org.imagestack.commands;

import java.io.File;

import org.imagestack.ij.StackOperations;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Deletes a stack from its database (the file shrinks only when compacted). */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Delete Stack...")
public class DeleteStack implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Database", style = "open", persist = false)
	private File database;

	@Parameter(label = "Stack", persist = false)
	private String stack = "specimen";

	@Override
	public void run() {
		CommandSupport.report(status, log, StackOperations.delete(database.getPath(), stack));
	}
}
