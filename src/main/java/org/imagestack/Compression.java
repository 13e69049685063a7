package org.imagestack;

import java.util.Locale;

/**
 * How a stack stores its cells, chosen per stack (at creation, or for cells written from then on) and recorded in the
 * database's catalog. Every cell keeps a CRC-32 of its pixels' raw bytes, checked on every read, whatever the codec.
 * <ul>
 * <li>{@link #NONE}: raw pixels (the default; the fastest for data that does not compress);</li>
 * <li>{@link #DEFLATE}: zlib level 1: for masks and thresholded images (large uniform areas); slow on photographs;</li>
 * <li>{@link #LZ4}: LZ4 blocks: compresses and decompresses at GB/s, shrinks what repeats (masks, labels, flat
 * backgrounds) but barely a noisy photograph (about 0.88x of the data for the crack photographs);</li>
 * <li>{@link #ZSTD}: Zstandard at its fastest level after a horizontal difference of neighbouring pixels (for integer
 * types of one or two bytes): about 0.5x of the data for photographs, at a CPU cost on write.</li>
 * </ul>
 * Cells written with one codec stay readable when the stack's codec changes, and by every later version.
 */
public enum Compression {

	NONE, DEFLATE, LZ4, ZSTD;

	/** @return the name the catalog, the commands and macros use: "none", "deflate", "lz4", "zstd" */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param name a codec's name, in any case ({@link #label()}); "true"/"false" for deflate/none as earlier
	 *          versions' "compressed" flag
	 * @return the codec
	 * @throws IllegalArgumentException naming the codecs there are, for any other name
	 */
	public static Compression parse(final String name) {
		if (name == null) throw new IllegalArgumentException("No compression given: use one of none, deflate, lz4, " +
			"zstd");
		final String n = name.trim().toLowerCase(Locale.ROOT);
		if (n.equals("true")) return DEFLATE;
		if (n.equals("false") || n.isEmpty()) return NONE;
		for (final Compression c : values())
			if (c.label().equals(n)) return c;
		throw new IllegalArgumentException("Unknown compression '" + name + "': use one of none, deflate, lz4, zstd");
	}
}
