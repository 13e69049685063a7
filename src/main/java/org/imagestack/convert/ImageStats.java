package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * The facts about a whole image that scikit-image's conversion rules look at: for an integer image, whether its
 * maximum lies below {@code 2^m} (does a downcast need to rescale?); for a float image, its minimum and maximum
 * ignoring NaN (the [-1, 1] check before a float to integer conversion). Gathered piece by piece ({@link #accept}),
 * so that an image held in cells never needs to be held whole; pieces gathered on several threads are joined with
 * {@link #merge}. Not thread-safe itself.
 * <p>
 * For an integer image it keeps the OR of the non-negative values, which has the maximum's bit length (all the rules
 * ask), and stops reading once that reaches the largest {@code 2^m} any rule from the type asks about: on a typical
 * image the first pixels decide. A float image is read whole, split over the cores when large.
 * </p>
 */
public final class ImageStats {

	/** Integer pixels read between two looks at whether the answer is decided. */
	private static final int BLOCK = 1 << 12;

	private final PixelType type;
	/** The largest m of a rule's "max below 2^m?" on this type; -1: no rule asks. */
	private final int fitBits;
	private long integerBits;
	private double floatMin = Double.POSITIVE_INFINITY;
	private double floatMax = Double.NEGATIVE_INFINITY;

	/** @param type the pixel type of the image the pieces come from */
	public ImageStats(final PixelType type) {
		this.type = type;
		this.fitBits = type.isInteger() ? IntegerRules.largestFitBits(type) : -1;
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
		if (type.isFloat()) acceptFloats(array);
		else if (type.isInteger()) acceptIntegers(array);
	}

	private boolean decided() {
		return fitBits < 0 || Long.compareUnsigned(integerBits, 1L << fitBits) >= 0;
	}

	private void acceptIntegers(final Object array) {
		final int n = java.lang.reflect.Array.getLength(array);
		// signed types: v & ~(v >> 63) keeps non-negative values, zeroes negative ones
		final long signs = type.kind() == 'i' ? -1L : 0L;
		for (int from = 0; from < n && !decided(); from += BLOCK) {
			final int to = Math.min(n, from + BLOCK);
			if (array instanceof byte[]) integerBits |= or((byte[]) array, from, to, (int) signs) & 0xffL;
			else if (array instanceof short[]) integerBits |= or((short[]) array, from, to, (int) signs) & 0xffffL;
			else if (array instanceof int[]) integerBits |= or((int[]) array, from, to, (int) signs) & 0xffffffffL;
			else integerBits |= or((long[]) array, from, to, signs);
		}
	}

	private static int or(final byte[] s, final int from, final int to, final int signs) {
		int acc = 0;
		for (int i = from; i < to; i++)
			acc |= s[i] & ~(s[i] >> 31 & signs);
		return acc;
	}

	private static int or(final short[] s, final int from, final int to, final int signs) {
		int acc = 0;
		for (int i = from; i < to; i++)
			acc |= s[i] & ~(s[i] >> 31 & signs);
		return acc;
	}

	private static int or(final int[] s, final int from, final int to, final int signs) {
		int acc = 0;
		for (int i = from; i < to; i++)
			acc |= s[i] & ~(s[i] >> 31 & signs);
		return acc;
	}

	private static long or(final long[] s, final int from, final int to, final long signs) {
		long acc = 0;
		for (int i = from; i < to; i++)
			acc |= s[i] & ~(s[i] >> 63 & signs);
		return acc;
	}

	private void acceptFloats(final Object array) {
		final int n = java.lang.reflect.Array.getLength(array);
		final double[] range = new double[2 * Chunks.count(n)];
		if (array instanceof float[]) Chunks.run(n, (c, a, b) -> range((float[]) array, a, b, range, 2 * c));
		else Chunks.run(n, (c, a, b) -> range((double[]) array, a, b, range, 2 * c));
		for (int c = 0; c < range.length; c += 2) {
			floatMin = Math.min(floatMin, range[c]);
			floatMax = Math.max(floatMax, range[c + 1]);
		}
	}

	private static void range(final float[] s, final int from, final int to, final double[] range, final int at) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (int i = from; i < to; i++) {
			final float v = s[i];
			min = v < min ? v : min; // NaN compares false: skipped
			max = v > max ? v : max;
		}
		range[at] = min;
		range[at + 1] = max;
	}

	private static void range(final double[] s, final int from, final int to, final double[] range, final int at) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = from; i < to; i++) {
			final double v = s[i];
			min = v < min ? v : min; // NaN compares false: skipped
			max = v > max ? v : max;
		}
		range[at] = min;
		range[at + 1] = max;
	}

	/**
	 * Joins the facts of another part of the same image.
	 *
	 * @param other statistics of other pieces, of the same type
	 */
	public void merge(final ImageStats other) {
		if (other.type != type) throw new IllegalArgumentException("cannot merge " + other.type + " statistics into " +
			type + " ones");
		integerBits |= other.integerBits;
		floatMin = Math.min(floatMin, other.floatMin);
		floatMax = Math.max(floatMax, other.floatMax);
	}

	/**
	 * @return an upper bound of an integer image's maximum with the same bit length (the OR of its non-negative values,
	 *         a bit pattern for uint64; 0 when there are none), or any value from {@code 2^m} on when the image has
	 *         one that large, {@code m} the largest of {@link IntegerRules#fitBits} from this type: enough for every
	 *         rule's "maximum below 2^m?"
	 */
	long integerBound() {
		return integerBits;
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
