package org.imagestack.service;

import java.util.Hashtable;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.macro.Interpreter;

/** The work a user gives Apply to Every Plane: an ImageJ command with its options, or macro code, run on one image. */
final class ImageJWork {

	private ImageJWork() {}

	/** @return whether macro code is given (else an ImageJ command, which must exist) */
	static boolean requireWork(final String command, final String macro) {
		final boolean useMacro = macro != null && !macro.trim().isEmpty();
		if (!useMacro && (command == null || command.trim().isEmpty())) throw new IllegalArgumentException(
			"Give an ImageJ command (e.g. Gaussian Blur...) or macro code to apply");
		if (!useMacro) requireCommand(command.trim());
		return useMacro;
	}

	/** @return the image after the macro code, or the ImageJ command with its options, ran on it */
	static ImagePlus runOn(final ImagePlus imp, final boolean useMacro, final String command,
		final String options, final String macro)
	{
		if (!useMacro) {
			IJ.run(imp, command.trim(), options == null ? "" : options);
			return imp;
		}
		final ImagePlus out = new Interpreter().runBatchMacro(macro, imp);
		return out != null ? out : imp;
	}

	/** Refuses an unknown command before ImageJ would open its "Unrecognized command" dialog. */
	static void requireCommand(final String command) {
		final Hashtable<?, ?> commands = Menus.getCommands();
		if (commands != null && !commands.isEmpty() && commands.get(command) == null) throw new IllegalArgumentException(
			"ImageJ has no command '" + command + "' (the label as in its menu, e.g. Gaussian Blur...)");
	}
}
