package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * scikit-image's rules into and out of the float types, computed in the float width skimage computes in.
 * <ul>
 * <li>float to integer: {@code x * imax} (unsigned) or {@code x * (imax - imin) / 2 - 0.5} (signed), in the
 * narrowest of the source type, float32 and float64 as wide as the target; rounded half to even; clipped to the
 * target's range in that float type. Where that clipped float lies past the target's range (1.0 to uint32, int32,
 * uint64, int64 computed in float32/float64, whose maxima round up) numpy's cast is undefined behaviour; we saturate
 * to the target's maximum. NaN gives 0 (also undefined in numpy).</li>
 * <li>integer to float: {@code x * (1 / imax)} in the narrowest of the target, float32 and float64 as wide as the
 * source, then at least -1 for signed sources.</li>
 * <li>float to float: a plain cast; float to bool: {@code x > 0.5}; bool to float: 0 or 1.</li>
 * </ul>
 * <p>
 * These are the constants {@code LoopsGenerator} writes into the loops of {@link Loops}, and the helpers those loops
 * call.
 * </p>
 */
final class FloatRules {

	private FloatRules() {}

	/** Whether skimage computes a float to integer conversion in float32 (else float64). */
	static boolean floatToIntegerInFloat32(final PixelType from, final PixelType to) {
		return from == PixelType.FLOAT32 && to.bytesPerPixel() <= 4;
	}

	/** Whether skimage computes an integer to float conversion in float32 (else float64). */
	static boolean integerToFloatInFloat32(final PixelType from, final PixelType to) {
		return to == PixelType.FLOAT32 && from.bytesPerPixel() <= 4;
	}

	/** @return the factor of float to integer: {@code imax} or, signed, {@code (imax - imin) / 2} */
	static double floatToIntegerScale(final PixelType to) {
		// Python: (imax_out - imin_out) / 2 on exact integers, rounded once to float64
		return to.kind() == 'u' ? to.rangeMax() : (Math.pow(2, to.bits()) - 1) / 2;
	}

	/** @return what float to integer subtracts after scaling: 0.5 for signed targets */
	static double floatToIntegerOffset(final PixelType to) {
		return to.kind() == 'u' ? 0 : 0.5;
	}

	/**
	 * @return Python's {@code 1. / imax_in}: {@code imax_in} converted to float64 first (2^64 for uint64, 2^63 for
	 *         int64); to be rounded to float32 when the conversion is computed in float32
	 */
	static double integerToFloatFactor(final PixelType from) {
		return 1.0 / from.rangeMax();
	}

	/**
	 * Float to uint64: {@code rint(x * 2^64)} as an unsigned 64-bit pattern, 2^64 (x = 1) saturating to 2^64-1,
	 * negative values and NaN giving 0; for x in [-1, 1] (or NaN). Without branches that go either way at random, and
	 * without casting values past 2^63 to {@code long} (the JIT's slow path): from {@code h = x * 2^63}, of which
	 * {@code x * 2^64} is twice (exactly); from {@code |h| = 2^52} on, {@code 2h} is an integer already.
	 */
	static long unitToUnsigned64(final double x) {
		final double h = x * 0x1p63;
		final long half = (long) h; // h = 2^63 (x = 1): Long.MAX_VALUE
		final long r;
		if (Math.abs(h) < 0x1p52) { // rare: |x| < 2^-11
			final long small = (long) Math.rint(h + h);
			r = small & ~(small >> 63);
		}
		else r = half << 1 | (half + 1) >>> 63; // the last bit: 1 only for Long.MAX_VALUE, saturating
		return r & ~(half >> 63); // negative: 0
	}

	/** The float64 nearest to an unsigned 64-bit value: the two exact halves added, rounded once. */
	static double unsignedToDouble(final long bits) {
		return (double) (bits >>> 32) * 0x1p32 + (double) (bits & 0xffffffffL);
	}

	/**
	 * skimage's check before float to integer: values must lie in [-1, 1].
	 *
	 * @param min the smallest non-NaN value, {@code max} the largest (NaN when the image has none)
	 * @throws IllegalArgumentException as skimage's ValueError, naming the values found
	 */
	static void checkRange(final double min, final double max, final PixelType from, final PixelType to) {
		if (min < -1.0 || max > 1.0) throw new IllegalArgumentException(
			"Images of type float must be between -1 and 1 to convert to an integer type: converting " + from + " to " +
				to + " found values from " + min + " to " + max + " (rescale first, e.g. divide by the maximum)");
	}
}
