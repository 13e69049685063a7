package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import org.imagestack.service.CommandSpec;

/** Runs an ImageJ command, or macro code, on every plane of a stack. Its parameters: {@link CommandSpec#APPLY}. */
@Plugin(type = Command.class, menuPath = SpecCommand.MENU + "Apply to Every Plane...")
public class ApplyToEveryPlane extends SpecCommand {

	@Override
	protected CommandSpec spec() {
		return CommandSpec.APPLY;
	}
}
