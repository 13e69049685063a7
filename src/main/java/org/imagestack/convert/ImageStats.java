package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * The facts about a whole image that scikit-image's conversion rules look at: an integer image's maximum (does a
 * downcast need to rescale?) and a float image's minimum and maximum ignoring NaN (the [-1, 1] check before a float
 * to integer conversion). Gathered piece by piece ({@link #accept}), so that an image held in cells never needs to be
 * held whole; pieces gathered on several threads are joined with {@link #merge}. Not thread-safe itself.
 */
public final class ImageStats {

	private static final int CHUNK = 4096;

	private final PixelType type;
	private boolean empty = true;
	private long integerMax;
	private double floatMin = Double.POSITIVE_INFINITY;
	private double floatMax = Double.NEGATIVE_INFINITY;

	/** @param type the pixel type of the image the pieces come from */
	public ImageStats(final PixelType type) {
		this.type = type;
		this.integerMax = type == PixelType.UINT64 ? 0 : Long.MIN_VALUE;
	}

	/** @return the pixel type of the image described */
	public PixelType type() {
		return type;
	}

	/**
	 * Takes one piece of the image into account.
	 *
	 * @param array the piece's primitive array, of this type
	 */
	public void accept(final Object array) {
		final int n = java.lang.reflect.Array.getLength(array);
		if (n == 0) return;
		empty = false;
		if (type.isFloat()) acceptFloats(array, n);
		else if (type != PixelType.BOOL) acceptIntegers(array, n);
	}

	private void acceptIntegers(final Object array, final int n) {
		final long[] buf = new long[Math.min(CHUNK, n)];
		final boolean unsigned64 = type == PixelType.UINT64;
		long max = integerMax;
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readLongs(array, type, off, buf, len);
			for (int i = 0; i < len; i++)
				if (unsigned64 ? Long.compareUnsigned(buf[i], max) > 0 : buf[i] > max) max = buf[i];
		}
		integerMax = max;
	}

	private void acceptFloats(final Object array, final int n) {
		final double[] buf = new double[Math.min(CHUNK, n)];
		double min = floatMin, max = floatMax;
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readDoubles(array, type, off, buf, len);
			for (int i = 0; i < len; i++) {
				final double v = buf[i]; // comparisons with NaN are false: NaN is skipped
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		floatMin = min;
		floatMax = max;
	}

	/**
	 * Joins the facts of another part of the same image.
	 *
	 * @param other statistics of other pieces, of the same type
	 */
	public void merge(final ImageStats other) {
		if (other.type != type) throw new IllegalArgumentException("cannot merge " + other.type + " statistics into " +
			type + " ones");
		if (other.empty) return;
		empty = false;
		if (type == PixelType.UINT64 ? Long.compareUnsigned(other.integerMax, integerMax) > 0 : other.integerMax >
			integerMax) integerMax = other.integerMax;
		floatMin = Math.min(floatMin, other.floatMin);
		floatMax = Math.max(floatMax, other.floatMax);
	}

	/** @return the largest value of an integer image (a bit pattern for uint64), 0 for an empty one */
	long integerMax() {
		return empty ? 0 : integerMax;
	}

	/** @return the smallest non-NaN value of a float image (+∞ when there is none) */
	double floatMin() {
		return floatMin;
	}

	/** @return the largest non-NaN value of a float image (-∞ when there is none) */
	double floatMax() {
		return floatMax;
	}
}
