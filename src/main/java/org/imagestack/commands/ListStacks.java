package org.imagestack.commands;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/** Lists the stacks of a database: a results table (name, type, planes, size, modified), also as text output. */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "List Stacks...")
public class ListStacks extends DatabaseCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "Stacks")
	private String stacks;

	@Override
	public void run() {
		final ij.measure.ResultsTable rt = StackOperations.list(database());
		stacks = StackOperations.listText(database());
		if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show("Stacks");
		report(rt.size() + " stacks in " + database());
	}
}
