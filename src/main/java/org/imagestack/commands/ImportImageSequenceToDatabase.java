package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Reads a folder's images, in natural order, into a new database stack. Its parameters: {@link CommandSpec#IMPORT}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Import Image Sequence to Database...")
public class ImportImageSequenceToDatabase extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.IMPORT;
	}
}
