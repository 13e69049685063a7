package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Gives the space of deleted and rewritten planes back to the file system. Its parameters: {@link CommandSpec#COMPACT}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Compact Database...")
public class CompactDatabase extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.COMPACT;
	}
}
