package org.imagestack.sql;

import org.imagestack.PixelType;
import org.imagestack.ij1.Macros;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Child process for the login tests: with the login in its environment only, saves a stack at the URL given, then
 * prints everything a user would see (toString, macro reports, error messages with their stack traces, ImageJ's log)
 * to standard output, for the parent to search for the password.
 */
public final class LoginProbe {

	private LoginProbe() {}

	public static void main(final String... args) {
		final String url = args[0];
		try (SqlImageStack s = SqlImageStack.create(url, "probe", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(9, 8, 8));
			s.saveState();
			System.out.println("saved " + s);
			System.out.println("pixel " + s.get(0).getAt(1, 1).getRealDouble());
		}
		System.out.println("list " + Macros.listStacks(url));
		System.out.println("copy " + Macros.copyStack(url, "probe", "probe-2"));
		System.out.println("missing " + Macros.deleteStack(url, "no such stack"));
		ij.IJ.log("log " + Macros.listStacks(url));
		try {
			SqlImageStack.loadFromDatabase(url, "no such stack");
		}
		catch (final RuntimeException e) {
			e.printStackTrace(System.out);
		}
		System.out.println("DONE");
	}
}
