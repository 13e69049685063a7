package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Copies a stack inside its database. Its parameters: {@link CommandSpec#COPY}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Copy Stack...")
public class CopyStack extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.COPY;
	}
}
