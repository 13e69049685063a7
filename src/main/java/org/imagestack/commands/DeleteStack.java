package org.imagestack.commands;

import org.imagestack.ij.StackOperations;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Deletes a stack from its database (the file shrinks only when compacted). */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Delete Stack...")
public class DeleteStack extends StackCommand {

	@Override
	public void run() {
		report(StackOperations.delete(database(), stack()));
	}
}
