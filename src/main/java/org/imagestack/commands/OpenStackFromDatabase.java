package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Opens a database stack as an image, or as a virtual stack of any size. Its parameters: {@link CommandSpec#OPEN}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Open Stack from Database...")
public class OpenStackFromDatabase extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.OPEN;
	}
}
