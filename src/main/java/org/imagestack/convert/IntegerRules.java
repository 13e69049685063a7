package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * scikit-image's rules between integer (and bool) types, as the constants of one formula per pair.
 * <p>
 * They follow {@code skimage.util.dtype._convert} and its {@code _scale} (0.19) step by step, quirks included:
 * </p>
 * <ul>
 * <li>A downcast does not rescale when the image's maximum already fits the narrower range ({@code _scale}'s
 * {@code a.max() < 2**m} test on the whole image); values are then cast as numpy's {@code astype} does, which wraps
 * values below the target's minimum (e.g. int16 -200 alone to int8 gives 56).</li>
 * <li>Otherwise a downcast floor-divides by a power of two; an upcast repeats the value's bit pattern (multiplying
 * by {@code (2^m-1)/(2^n-1)}, then floor-dividing when {@code m} is not a multiple of {@code n}).</li>
 * <li>unsigned to signed scales to {@code m-1} bits; signed to unsigned scales from {@code n-1} bits and clips
 * negatives to 0; signed to wider signed shifts to unsigned, scales and shifts back.</li>
 * </ul>
 * <p>
 * skimage cannot convert int8/16/32/64 to uint64 nor int8/16/32 to int64 (its {@code _dtype_bits} finds no integer
 * type wide enough for the intermediate); we extend the same rules with exact 64-bit arithmetic: the top 64 bits of the
 * repeated bit pattern, which is what skimage's formula would give with unbounded integers.
 * </p>
 * <p>
 * The formulas are data: {@code LoopsGenerator} (a test-scope tool) writes them into the loops of {@link Loops} as
 * literals, so that every pair runs a loop with its own constants.
 * </p>
 */
final class IntegerRules {

	private IntegerRules() {}

	/**
	 * One pair's rule on a value {@code v} (the source value in a {@code long}: unsigned types zero-extended,
	 * {@code uint64} as its bit pattern), in wrapping 64-bit arithmetic, the result truncated to the target's width:
	 * <pre>
	 * v = wrap(v, wrapBits)               sign-extend from wrapBits bits (numpy's astype to a 2m-bit int)
	 * c = clampNegative ? max(v, 0) : v
	 * r = ((c * mul + add) &gt;&gt;&gt; shift) + (extraShift &lt; 0 ? 0 : c &gt;&gt;&gt; extraShift)
	 * </pre>
	 * The extra term completes a bit pattern repeated past 64 bits (signed to uint64).
	 */
	static final class Formula {

		final int wrapBits; // 64: none
		final boolean clampNegative;
		final long mul;
		final long add;
		final int shift;
		final int extraShift; // -1: none

		Formula(final int wrapBits, final boolean clampNegative, final long mul, final long add, final int shift,
			final int extraShift)
		{
			this.wrapBits = wrapBits;
			this.clampNegative = clampNegative;
			this.mul = mul;
			this.add = add;
			this.shift = shift;
			this.extraShift = extraShift;
		}

		/** @return whether values pass unchanged (then truncated to the target's width on store) */
		boolean isCast() {
			return wrapBits == 64 && !clampNegative && mul == 1 && add == 0 && shift == 0 && extraShift < 0;
		}

		/** The formula on one value: the reference the generated loops are checked against. */
		long apply(final long value) {
			long v = wrapBits >= 64 ? value : (value << (64 - wrapBits)) >> (64 - wrapBits);
			if (clampNegative) v = Math.max(v, 0);
			final long r = (v * mul + add) >>> shift;
			return extraShift < 0 ? r : r + (v >>> extraShift);
		}
	}

	private static final Formula CAST = new Formula(64, false, 1, 0, 0, -1);

	private static Formula shift(final boolean clampNegative, final int shift) {
		return new Formula(64, clampNegative, 1, 0, shift, -1);
	}

	/**
	 * Where the rule of a pair looks at the image's maximum: skimage's {@code _scale} on a downcast (and unsigned to
	 * signed of the same width) asks whether the maximum lies below {@code 2^m}.
	 *
	 * @return that {@code m}, or -1 when the pair's rule does not depend on the maximum
	 */
	static int fitBits(final PixelType from, final PixelType to) {
		if (!from.isInteger() || !to.isInteger() || from == to) return -1;
		final int bi = from.bits();
		final int bo = to.bits();
		final boolean uIn = from.kind() == 'u';
		final boolean uOut = to.kind() == 'u';
		if (uIn && uOut) return bi > bo ? bo : -1;
		if (uIn) return bi > bo - 1 ? bo - 1 : -1;
		if (uOut) return bi - 1 > bo ? bo : -1;
		return bi > bo ? bo - 1 : -1;
	}

	/**
	 * @return the largest {@link #fitBits} of any pair from {@code from}, -1 when no rule from it looks at the maximum
	 */
	static int largestFitBits(final PixelType from) {
		int bits = -1;
		for (final PixelType to : PixelType.values())
			bits = Math.max(bits, fitBits(from, to));
		return bits;
	}

	/**
	 * @param max an upper bound of the image's maximum with the same bit length (see {@link ImageStats}): a bit
	 *          pattern for uint64
	 * @return whether the pair's rule finds that the image's maximum fits, so that values are cast, not rescaled
	 */
	static boolean fits(final PixelType from, final PixelType to, final long max) {
		final int m = fitBits(from, to);
		if (m < 0) return false;
		return from.kind() == 'u' ? Long.compareUnsigned(max, 1L << m) < 0 : max < 1L << m;
	}

	/**
	 * @param from source integer type
	 * @param to target integer type
	 * @param fits whether the image's maximum fits (see {@link #fits}); only downcasts look at it
	 * @return the rule giving target values (to be truncated to the target's width on store)
	 */
	static Formula integerToInteger(final PixelType from, final PixelType to, final boolean fits) {
		final int bi = from.bits();
		final int bo = to.bits();
		final boolean uIn = from.kind() == 'u';
		final boolean uOut = to.kind() == 'u';
		if (uIn && uOut) return unsignedScale(bi, bo, fits);
		if (uIn) return unsignedScale(bi, bo - 1, fits); // then viewed as signed: the values are below 2^(bo-1)
		if (uOut) return signedToUnsigned(bi - 1, bo, fits);
		if (bi > bo) return fits ? CAST : shift(false, bi - bo); // the shift is arithmetic in the bits kept
		return signedUpcast(bi, bo);
	}

	/** skimage's {@code _scale(a, n, m)} on non-negative values. */
	private static Formula unsignedScale(final int n, final int m, final boolean fits) {
		if (n > m) return fits ? CAST : shift(false, n - m);
		return replicate(false, n, m);
	}

	/** {@code _scale(a, n-1, m)} on signed values, then {@code np.maximum(., 0)}. */
	private static Formula signedToUnsigned(final int n, final int m, final boolean fits) {
		if (n > m) {
			// fits: astype(int of 2m bits), which wraps, then negatives clip to 0
			return fits ? new Formula(2 * m, true, 1, 0, 0, -1) : shift(true, n - m);
		}
		return replicate(true, n, m);
	}

	/** {@code (x - imin_in) * (2^bo-1)/(2^bi-1) + imin_out}, in wrapping 64-bit arithmetic. */
	private static Formula signedUpcast(final int bi, final int bo) {
		final long offsetIn = 1L << (bi - 1);
		final long offsetOut = 1L << (bo - 1); // Long.MIN_VALUE for bo = 64: adding it flips the top bit
		final long factor = factor(bi, bo);
		return new Formula(64, false, factor, offsetIn * factor - offsetOut, 0, -1);
	}

	/**
	 * The top {@code m} bits of the {@code n}-bit pattern of each value repeated: skimage's exact upscale ({@code m} a
	 * multiple of {@code n}) or its upscale to {@code o} bits followed by a floor division. Past 64 bits: the
	 * pattern repeated {@code k} whole times, shifted up by the {@code rem} bits left, plus the value's top
	 * {@code rem} bits.
	 */
	private static Formula replicate(final boolean clampNegative, final int n, final int m) {
		if (m % n == 0) return new Formula(64, clampNegative, factor(n, m), 0, 0, -1);
		final int o = (m / n + 1) * n;
		if (o <= 64) return new Formula(64, clampNegative, factor(n, o), 0, o - m, -1);
		final int k = m / n;
		final int rem = m - k * n;
		return new Formula(64, clampNegative, factor(n, k * n) << rem, 0, 0, n - rem);
	}

	/** {@code (2^m - 1) / (2^n - 1)} as an unsigned 64-bit value. */
	private static long factor(final int n, final int m) {
		final long num = m == 64 ? -1L : (1L << m) - 1;
		return Long.divideUnsigned(num, (1L << n) - 1);
	}

	/**
	 * skimage's "any to bool": {@code image > dtype_in(dtype_max / 2)}, the threshold computed in float64 and cast
	 * back to the source type (127 for uint8, 2^62 for int64, 2^63 for uint64).
	 *
	 * @return the threshold (a bit pattern, compared unsigned, for uint64)
	 */
	static long boolThreshold(final PixelType from) {
		return from == PixelType.UINT64 ? Long.MIN_VALUE : (long) (from.rangeMax() / 2);
	}

	/** skimage's "bool to integer": {@code astype} then multiplied by the type's maximum; the value true gives. */
	static long boolToInteger(final PixelType to) {
		return to == PixelType.UINT64 ? -1L : (long) to.rangeMax();
	}
}
