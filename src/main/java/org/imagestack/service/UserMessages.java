package org.imagestack.service;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.StorageException;

/**
 * Errors as a person reads them: the message whole (paths as the person typed them, menu commands instead of Java
 * methods), wrapped for a dialog instead of cut; and for the Log the whole story, with the exception's class and
 * stack trace when the error is not one this plugin expects (a bug to report).
 */
public final class UserMessages {

	/** The width a dialog's lines are wrapped at. */
	public static final int LINE = 80;

	/** ImageJ's message when a person cancels a dialog or presses Esc while its command runs. */
	public static final String IMAGEJ_CANCEL = "Macro canceled";

	private static final String[][] METHODS_TO_COMMANDS = { { "loadFromDatabase", "Open Stack from Database..." }, {
		"saveState", "Save Stack to Database..." }, { "deleteStack", "Delete Stack..." }, { "StackDatabase.compact",
			"Compact Database..." }, { "changeType", "Convert Stack Type..." }, { "executeRollingFunction",
				"Apply Rolling Operation..." }, { "executeFunction", "Apply to Every Plane..." } };

	private UserMessages() {}

	/** @return the message with Java method names replaced by the menu commands that do the same */
	public static String menuWording(final String message) {
		String m = message;
		for (final String[] r : METHODS_TO_COMMANDS)
			m = m.replace(r[0], r[1]);
		return m;
	}

	/** @return the message for a dialog: whole, unwrapped (see {@link #wrap}) */
	public static String brief(final Throwable e) {
		final Throwable t = root(e);
		final String m = t.getMessage() == null ? t.getClass().getSimpleName() : menuWording(t.getMessage());
		if (t instanceof DatabaseLockedException) return "The database is in use by another program (another ImageJ " +
			"or Fiji?): close it there, then try again. " + m;
		if (t instanceof OutOfMemoryError) return "Out of memory: give a smaller budget, or ImageJ more memory " +
			"(Edit > Options > Memory & Threads).";
		if (!expected(t)) return m + " (" + t.getClass().getSimpleName() + ": the details are in the Log)";
		return m;
	}

	/**
	 * @return the whole message (menu wording), with its causes, for the Log; for an error this plugin does not
	 *         expect, the exception's class and its stack trace too
	 */
	public static String details(final Throwable e) {
		final StringBuilder sb = new StringBuilder();
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (sb.length() > 0) sb.append("\n  caused by: ");
			if (!expected(t) || t.getMessage() == null) sb.append(t.getClass().getName()).append(t.getMessage() == null
				? "" : ": ");
			if (t.getMessage() != null) sb.append(menuWording(t.getMessage()));
			if (t.getCause() == t) break;
		}
		if (!expected(root(e))) {
			final StringWriter trace = new StringWriter();
			e.printStackTrace(new PrintWriter(trace));
			sb.append("\n").append(trace.toString().trim());
		}
		return sb.toString();
	}

	/**
	 * @return whether this is an error the plugin reports in words (a wrong argument, a missing stack or file, a
	 *         storage failure), rather than a bug
	 */
	public static boolean expected(final Throwable t) {
		return t instanceof IllegalArgumentException || t instanceof IllegalStateException ||
			t instanceof StorageException || t instanceof IOException || t instanceof OutOfMemoryError ||
			t instanceof CorruptDatabaseException || t instanceof java.util.concurrent.CancellationException;
	}

	/** @return whether this is ImageJ's cancel (a dialog's Cancel in a macro, or Esc while an ImageJ command ran) */
	public static boolean isImageJCancel(final Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
			if (t.getMessage() != null && t.getMessage().endsWith(IMAGEJ_CANCEL)) return true;
		return false;
	}

	/** @return the text with its lines wrapped at {@link #LINE} characters, at spaces (a dialog cuts long lines) */
	public static String wrap(final String text) {
		final List<String> out = new ArrayList<>();
		for (final String line : text.split("\n", -1)) {
			String rest = line;
			while (rest.length() > LINE) {
				int cut = rest.lastIndexOf(' ', LINE);
				if (cut <= 0) cut = rest.indexOf(' ', LINE);
				if (cut <= 0) break;
				out.add(rest.substring(0, cut));
				rest = rest.substring(cut + 1);
			}
			out.add(rest);
		}
		return String.join("\n", out);
	}

	private static Throwable root(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof RuntimeException &&
			t.getClass() == RuntimeException.class))
			t = t.getCause();
		return t;
	}
}
