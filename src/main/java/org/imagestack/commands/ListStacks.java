package org.imagestack.commands;

import java.io.File;

import org.imagestack.ij.StackOperations;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Lists the stacks of a database: a results table (name, type, planes, size, modified), also as text output. */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "List Stacks...")
public class ListStacks implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Database", style = "open", persist = false)
	private File database;

	@Parameter(type = ItemIO.OUTPUT, label = "Stacks")
	private String stacks;

	@Override
	public void run() {
		final ij.measure.ResultsTable rt = StackOperations.list(database.getPath());
		stacks = StackOperations.listText(database.getPath());
		if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show("Stacks");
		CommandSupport.report(status, log, rt.size() + " stacks in " + database);
	}
}
