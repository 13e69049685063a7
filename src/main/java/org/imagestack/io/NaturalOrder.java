package org.imagestack.io;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * Natural sort order of file names: runs of digits compare as numbers ({@code img2} before {@code img10}), the rest
 * case-insensitively; exact ties fall back to plain string order. Digit runs of any length are compared without
 * parsing (no overflow).
 */
public final class NaturalOrder implements Comparator<String> {

	/** The shared instance. */
	public static final NaturalOrder INSTANCE = new NaturalOrder();

	private NaturalOrder() {}

	/** @return a comparator of paths by their file names in natural order */
	public static Comparator<Path> byFileName() {
		return (a, b) -> INSTANCE.compare(String.valueOf(a.getFileName()), String.valueOf(b.getFileName()));
	}

	@Override
	public int compare(final String a, final String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			final char ca = a.charAt(i), cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				final int ei = digitsEnd(a, i), ej = digitsEnd(b, j);
				final int c = compareNumbers(a.substring(i, ei), b.substring(j, ej));
				if (c != 0) return c;
				i = ei;
				j = ej;
				continue;
			}
			final int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
			if (c != 0) return c;
			i++;
			j++;
		}
		final int c = Integer.compare(a.length() - i, b.length() - j);
		return c != 0 ? c : a.compareTo(b);
	}

	private static int digitsEnd(final String s, int i) {
		while (i < s.length() && Character.isDigit(s.charAt(i)))
			i++;
		return i;
	}

	private static int compareNumbers(final String x, final String y) {
		final String a = stripZeros(x), b = stripZeros(y);
		if (a.length() != b.length()) return Integer.compare(a.length(), b.length());
		return a.compareTo(b);
	}

	private static String stripZeros(final String s) {
		int k = 0;
		while (k < s.length() - 1 && s.charAt(k) == '0')
			k++;
		return s.substring(k);
	}
}
