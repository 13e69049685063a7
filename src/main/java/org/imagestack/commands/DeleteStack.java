package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Deletes a stack (after a confirmation when a person runs it). Its parameters: {@link CommandSpec#DELETE}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Delete Stack...")
public class DeleteStack extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.DELETE;
	}
}
