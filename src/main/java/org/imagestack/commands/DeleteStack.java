package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/** Deletes a stack from its database (the file shrinks only when compacted). */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Delete Stack...")
public class DeleteStack extends StackCommand {

	@Override
	public void run() {
		report(StackOperations.delete(database(), stack()));
	}
}
