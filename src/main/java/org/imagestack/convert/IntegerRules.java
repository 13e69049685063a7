package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * scikit-image's rules between integer (and bool) types, as chunk operations on values held in {@code long}s.
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
 */
final class IntegerRules {

	/** An in-place operation on a chunk of values. */
	interface LongOp {

		void apply(long[] values, int length);
	}

	private IntegerRules() {}

	/**
	 * @param from source integer type
	 * @param to target integer type
	 * @param max the image's maximum value (bit pattern for uint64), consulted by downcasts
	 * @return the operation giving target values (to be truncated to the target's width on store)
	 */
	static LongOp integerToInteger(final PixelType from, final PixelType to, final long max) {
		final int bi = from.bits();
		final int bo = to.bits();
		final boolean uIn = from.kind() == 'u';
		final boolean uOut = to.kind() == 'u';
		if (uIn && uOut) return unsignedScale(bi, bo, max);
		if (uIn) return unsignedScale(bi, bo - 1, max); // then viewed as signed: the values are below 2^(bo-1)
		if (uOut) return signedToUnsigned(bi - 1, bo, max);
		if (bi > bo) return signedDowncast(bi - 1, bo - 1, max);
		return signedUpcast(bi, bo);
	}

	/** skimage's {@code _scale(a, n, m)} on non-negative values. */
	private static LongOp unsignedScale(final int n, final int m, final long max) {
		if (n > m) {
			if (Long.compareUnsigned(max, 1L << m) < 0) return (v, len) -> {};
			final int shift = n - m;
			return (v, len) -> {
				for (int i = 0; i < len; i++) v[i] >>>= shift;
			};
		}
		return replicate(n, m);
	}

	/** {@code _scale(a, n-1, m)} on signed values, then {@code np.maximum(., 0)}. */
	private static LongOp signedToUnsigned(final int n, final int m, final long max) {
		if (n > m) {
			if (max < 1L << m) {
				// astype(int of 2m bits): wraps, then negatives clip to 0
				final int wrapBits = 2 * m;
				return (v, len) -> {
					for (int i = 0; i < len; i++) v[i] = Math.max(0, wrapSigned(v[i], wrapBits));
				};
			}
			final int shift = n - m;
			return (v, len) -> {
				for (int i = 0; i < len; i++) v[i] = Math.max(0, v[i] >> shift);
			};
		}
		final LongOp up = replicate(n, m);
		return (v, len) -> {
			for (int i = 0; i < len; i++)
				if (v[i] < 0) v[i] = 0;
			up.apply(v, len);
		};
	}

	private static LongOp signedDowncast(final int n, final int m, final long max) {
		if (max < 1L << m) return (v, len) -> {}; // astype: truncation on store
		final int shift = n - m;
		return (v, len) -> {
			for (int i = 0; i < len; i++) v[i] >>= shift;
		};
	}

	/** {@code (x - imin_in) * (2^bo-1)/(2^bi-1) + imin_out}, in wrapping 64-bit arithmetic. */
	private static LongOp signedUpcast(final int bi, final int bo) {
		final long offsetIn = 1L << (bi - 1);
		final long offsetOut = 1L << (bo - 1); // Long.MIN_VALUE for bo = 64: adding it flips the top bit
		final long factor = factor(bi, bo);
		return (v, len) -> {
			for (int i = 0; i < len; i++) v[i] = (v[i] + offsetIn) * factor - offsetOut;
		};
	}

	/**
	 * The top {@code m} bits of the {@code n}-bit pattern of each value repeated: skimage's exact upscale
	 * ({@code m} a multiple of {@code n}) or its upscale to {@code o} bits followed by a floor division.
	 */
	private static LongOp replicate(final int n, final int m) {
		if (m % n == 0) {
			final long factor = factor(n, m);
			return (v, len) -> {
				for (int i = 0; i < len; i++) v[i] *= factor;
			};
		}
		final int o = (m / n + 1) * n;
		if (o <= 64) {
			final long factor = factor(n, o);
			final int shift = o - m;
			return (v, len) -> {
				for (int i = 0; i < len; i++) v[i] = (v[i] * factor) >>> shift;
			};
		}
		return (v, len) -> {
			for (int i = 0; i < len; i++) v[i] = topBits(v[i], n, m);
		};
	}

	/** The top m bits of x's n-bit pattern repeated, for patterns whose repetition does not fit 64 bits. */
	static long topBits(final long x, final int n, final int m) {
		long r = 0;
		for (int have = 0; have < m;) {
			final int take = Math.min(n, m - have);
			r = (r << take) | (x >>> (n - take));
			have += take;
		}
		return r;
	}

	/** {@code (2^m - 1) / (2^n - 1)} as an unsigned 64-bit value. */
	private static long factor(final int n, final int m) {
		final long num = m == 64 ? -1L : (1L << m) - 1;
		return Long.divideUnsigned(num, (1L << n) - 1);
	}

	private static long wrapSigned(final long v, final int bits) {
		return bits >= 64 ? v : (v << (64 - bits)) >> (64 - bits);
	}

	/**
	 * skimage's "any to bool": {@code image > dtype_in(dtype_max / 2)}, the threshold computed in float64 and cast
	 * back to the source type (127 for uint8, 2^62 for int64, 2^63 for uint64).
	 */
	static LongOp integerToBool(final PixelType from) {
		final double half = from.rangeMax() / 2;
		if (from == PixelType.UINT64) {
			final long threshold = Long.MIN_VALUE; // 2^63 as an unsigned pattern
			return (v, len) -> {
				for (int i = 0; i < len; i++) v[i] = Long.compareUnsigned(v[i], threshold) > 0 ? 1 : 0;
			};
		}
		final long threshold = (long) half;
		return (v, len) -> {
			for (int i = 0; i < len; i++) v[i] = v[i] > threshold ? 1 : 0;
		};
	}

	/** skimage's "bool to integer": {@code astype} then multiplied by the type's maximum. */
	static LongOp boolToInteger(final PixelType to) {
		final long max = to == PixelType.UINT64 ? -1L : (long) to.rangeMax();
		return (v, len) -> {
			for (int i = 0; i < len; i++) v[i] *= max;
		};
	}
}
