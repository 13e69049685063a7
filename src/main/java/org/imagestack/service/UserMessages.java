package org.imagestack.service;

import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.NoSuchStackException;

/**
 * Errors as a person reads them: a short sentence for a dialog (file names, not paths; menu commands, not Java
 * methods), and the whole story for the Log.
 */
public final class UserMessages {

	/** The longest sentence a dialog gets; the rest goes to the Log. */
	static final int SHORT_MAX = 110;

	private static final String[][] METHODS_TO_COMMANDS = { { "loadFromDatabase", "Open Stack from Database..." }, {
		"saveState", "Save Stack to Database..." }, { "deleteStack", "Delete Stack..." }, { "StackDatabase.compact",
			"Compact Database..." }, { "changeType", "Convert Stack Type..." }, { "executeRollingFunction",
				"Apply Rolling Operation..." }, { "executeFunction", "Apply to Every Plane..." } };

	private static final Pattern PATH = Pattern.compile("(/[^\\s:;,'()]+)+");

	private UserMessages() {}

	/** @return the message with Java method names replaced by the menu commands that do the same */
	public static String menuWording(final String message) {
		String m = message;
		for (final String[] r : METHODS_TO_COMMANDS)
			m = m.replace(r[0], r[1]);
		return m;
	}

	/** @return one short sentence for a dialog */
	public static String brief(final Throwable e) {
		final Throwable t = root(e);
		if (t instanceof DatabaseLockedException) return "The database is in use by another program (another ImageJ or " +
			"Fiji?): close it there, then try again.";
		if (t instanceof CorruptDatabaseException) return "The database file is damaged or is not an H2 database.";
		if (t instanceof OutOfMemoryError) return "Out of memory: give a smaller budget, or ImageJ more memory " +
			"(Edit > Options > Memory & Threads).";
		String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
		if (t instanceof NoSuchStackException) m = m.replaceFirst(";.*", "");
		m = fileNames(menuWording(m));
		final int end = sentenceEnd(m);
		if (end > 0) m = m.substring(0, end);
		if (m.length() > SHORT_MAX) m = m.substring(0, SHORT_MAX - 3) + "...";
		return m;
	}

	/** @return the whole message (menu wording), with its causes, for the Log */
	public static String details(final Throwable e) {
		final StringBuilder sb = new StringBuilder();
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (sb.length() > 0) sb.append("\n  caused by: ");
			sb.append(t.getMessage() == null ? t.getClass().getName() : menuWording(t.getMessage()));
			if (t.getCause() == t) break;
		}
		return sb.toString();
	}

	private static Throwable root(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof RuntimeException &&
			t.getClass() == RuntimeException.class))
			t = t.getCause();
		return t;
	}

	private static String fileNames(final String m) {
		final Matcher matcher = PATH.matcher(m);
		final StringBuffer sb = new StringBuffer();
		while (matcher.find()) {
			final java.nio.file.Path name = Paths.get(matcher.group()).getFileName();
			matcher.appendReplacement(sb, Matcher.quoteReplacement(name == null ? matcher.group() : name.toString()));
		}
		matcher.appendTail(sb);
		return sb.toString();
	}

	private static int sentenceEnd(final String m) {
		for (int i = 10; i < m.length() - 2; i++) {
			final char c = m.charAt(i);
			if (c == ';' && m.charAt(i + 1) == ' ') return i;
			if (c == '.' && m.charAt(i - 1) != '.' && m.charAt(i + 1) == ' ' && Character.isUpperCase(m.charAt(i + 2)))
				return i + 1;
		}
		return -1;
	}
}
