package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Saves the current image as a database stack (a virtual stack from that stack: in place). Its parameters: {@link CommandSpec#SAVE}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Save Stack to Database...")
public class SaveStackToDatabase extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.SAVE;
	}
}
