package org.imagestack;

import java.text.Normalizer;

/**
 * The rules for stack names, so that two names that look the same are the same name.
 * <p>
 * A name is any Unicode text that
 * </p>
 * <ul>
 * <li>is not empty and not only blanks;</li>
 * <li>neither starts nor ends with a blank (space, tab, no-break space, ...): such a name is refused, not trimmed,
 * so that {@code "Abc "} never silently becomes another stack's {@code "Abc"};</li>
 * <li>holds no control character (U+0000–U+001F, U+007F–U+009F), no line or paragraph separator (U+2028, U+2029),
 * no bidirectional formatting character (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and no lone UTF-16
 * surrogate.</li>
 * </ul>
 * <p>
 * A valid name is normalised to Unicode NFC, so {@code "e\u0301"} (NFD) and {@code "\u00e9"} name the same stack.
 * </p>
 */
public final class StackNames {

	private StackNames() {}

	/**
	 * @param name a stack name as given
	 * @return the name in NFC, to store and look up
	 * @throws NullPointerException when the name is null
	 * @throws IllegalArgumentException saying what is wrong (and where) when the name breaks a rule above
	 */
	public static String check(final String name) {
		if (name == null) throw new NullPointerException("stack name is null");
		if (name.codePoints().allMatch(StackNames::isBlank)) throw new IllegalArgumentException(
			"A stack name must not be empty or blank: got " + quote(name));
		for (int i = 0; i < name.length();) {
			final int c = name.codePointAt(i);
			final String why = forbidden(c);
			if (why != null) throw new IllegalArgumentException("A stack name must not contain " + why + ": got " +
				quote(name) + " (at index " + i + ")");
			i += Character.charCount(c);
		}
		if (isBlank(name.codePointAt(0)) || isBlank(name.codePointBefore(name.length())))
			throw new IllegalArgumentException("A stack name must not start or end with a blank: got " + quote(name));
		return Normalizer.normalize(name, Normalizer.Form.NFC);
	}

	/** @return why a character is refused, or null */
	private static String forbidden(final int c) {
		if (Character.isISOControl(c)) return "control character " + hex(c);
		if (c == 0x2028 || c == 0x2029) return "line or paragraph separator " + hex(c);
		if (c == 0x061C || c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069)
			return "bidirectional formatting character " + hex(c);
		if (Character.getType(c) == Character.SURROGATE) return "lone UTF-16 surrogate " + hex(c);
		return null;
	}

	private static boolean isBlank(final int c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

	private static String hex(final int c) {
		return String.format("U+%04X", c);
	}

	/** The name in quotes, with control and invisible characters escaped so that the message shows them. */
	private static String quote(final String name) {
		final StringBuilder sb = new StringBuilder("\"");
		name.codePoints().forEach(c -> {
			if (c >= 0x20 && c < 0x7F || Character.isLetterOrDigit(c)) sb.appendCodePoint(c);
			else sb.append("\\u{").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append('}');
		});
		return sb.append('"').toString();
	}
}
