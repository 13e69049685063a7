package org.imagestack.ij1;

import java.awt.GraphicsEnvironment;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImageJ;
import ij.Macro;
import ij.gui.ProgressBar;
import ij.macro.Interpreter;

import org.imagestack.service.CommandSpec;
import org.imagestack.service.DefaultImageStackService;
import org.imagestack.service.Progress;
import org.imagestack.service.UserMessages;

/**
 * How the menu commands talk to a person in ImageJ (plain ImageJ 1 and Fiji alike): "plane i of N" in the status
 * line and one progress bar for the whole operation, Esc to cancel, short messages in dialogs with the details in
 * the Log, and errors that stop the macro that called the command, as ImageJ's own commands do.
 */
public final class ImageJFeedback {

	private ImageJFeedback() {}

	/**
	 * Progress in ImageJ's status line and bar, Esc to cancel. ImageJ commands run inside (Apply to Every Plane) do
	 * not move the bar: {@link Progress#step} detaches it from them, and this one alone draws it.
	 *
	 * @param title the command's title, e.g. {@code Convert Stack Type}
	 */
	public static Progress progress(final String title) {
		IJ.resetEscape();
		return new Progress() {

			@Override
			public void update(final int done, final int total) {
				IJ.showStatus("!" + title + ": plane " + done + " of " + total + " (Esc to cancel)");
				final ProgressBar bar = bar();
				if (bar != null) bar.show(done >= total ? 1.0 : (double) done / total, true);
			}

			@Override
			public boolean cancelled() {
				return IJ.escapePressed();
			}

			/** ImageJ's commands draw into the one bar through {@code IJ.showProgress}: detached while they run. */
			@Override
			public void step(final Runnable step) {
				final java.lang.reflect.Field field = progressField();
				if (field == null) {
					step.run();
					return;
				}
				try {
					field.set(null, null);
					step.run();
				}
				catch (final IllegalAccessException e) {
					step.run();
				}
				finally {
					try {
						field.set(null, bar());
					}
					catch (final IllegalAccessException e) {
						// set above, so settable
					}
				}
			}
		};
	}

	/** @return ImageJ's {@code IJ.progressBar}, which {@code IJ.showProgress} draws into, or null when it is not there */
	private static java.lang.reflect.Field progressField() {
		if (bar() == null) return null;
		try {
			final java.lang.reflect.Field f = IJ.class.getDeclaredField("progressBar");
			f.setAccessible(true);
			return f;
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}

	private static ProgressBar bar() {
		final ImageJ ij = IJ.getInstance();
		return ij == null ? null : ij.getProgressBar();
	}

	/**
	 * Asks before a command that cannot be undone (Delete Stack), when a person runs it from the menu.
	 *
	 * @return whether to go on (always, from a macro or with no window)
	 */
	public static boolean confirm(final CommandSpec spec, final CommandSpec.Values values) {
		if (spec != CommandSpec.DELETE || IJ.isMacro() || IJ.getInstance() == null || GraphicsEnvironment.isHeadless())
			return true;
		final ij.gui.GenericDialog gd = new ij.gui.GenericDialog("Confirm Delete");
		gd.addMessage(UserMessages.wrap("Delete stack '" + values.text("stack") + "' from " + DefaultImageStackService
			.shown(values.text("database")) + "?") + "\nThis cannot be undone.");
		gd.setOKLabel("Delete");
		gd.showDialog();
		return gd.wasOKed();
	}

	/** Clears the bar and shows (and, from a macro or in batch mode, logs) the report. */
	public static void done(final String report) {
		final ProgressBar bar = bar();
		if (bar != null) bar.show(1.0, true);
		IJ.showStatus("!" + report);
		if (IJ.isMacro() || IJ.getInstance() == null) IJ.log(report);
	}

	/** After Esc: the message in the status line and the Log; a macro goes on. */
	public static void cancelled(final CancellationException e) {
		done(e.getMessage());
		if (!IJ.isMacro() && IJ.getInstance() != null) IJ.log(e.getMessage());
		IJ.resetEscape();
	}

	/**
	 * Reports an error: the whole story in the Log, one short sentence where the person looks, and a macro that
	 * called the command stops there: with ImageJ's window, as ImageJ's own commands do ({@code IJ.error}: the macro
	 * is aborted with the message); with no window (ImageJ -batch, headless) nobody can close a dialog, so the macro
	 * is aborted quietly after the Log line.
	 *
	 * @param title the command's title
	 */
	public static void fail(final String title, final Throwable e) {
		IJ.showProgress(1.0);
		final String brief = UserMessages.brief(e);
		IJ.log("ImageStack-H2 error in " + title + ": " + UserMessages.details(e));
		IJ.showStatus("!" + title + ": " + brief);
		final boolean person = IJ.getInstance() != null && !GraphicsEnvironment.isHeadless();
		if (!IJ.isMacro()) {
			if (person) IJ.error(title, UserMessages.wrap(brief) + (UserMessages.expected(e) ? ""
				: "\n \n(Details in the Log window.)"));
			return;
		}
		if (person) {
			IJ.error(title, UserMessages.wrap(brief)); // aborts the calling macro with this message
			return;
		}
		final Interpreter macro = Interpreter.getInstance();
		if (macro != null) {
			macro.setIgnoreErrors(true); // no dialog: nobody is there to close it
			macro.abort(brief);
		}
		else throw new RuntimeException(Macro.MACRO_CANCELED);
	}
}
