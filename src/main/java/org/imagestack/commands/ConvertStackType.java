package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Converts every plane of a stack to another type, with scikit-image's rules. Its parameters: {@link CommandSpec#CONVERT}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Convert Stack Type...")
public class ConvertStackType extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.CONVERT;
	}
}
