package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Plane n becomes operation(n-1, n) with ImageJ's image calculator. Its parameters: {@link CommandSpec#ROLLING}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Apply Rolling Operation...")
public class ApplyRollingOperation extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.ROLLING;
	}
}
