package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Lists the stacks of a database in a table titled with the database. Its parameters: {@link CommandSpec#LIST}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "List Stacks...")
public class ListStacks extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.LIST;
	}
}
