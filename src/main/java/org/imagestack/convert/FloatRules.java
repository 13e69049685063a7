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

	private static final double TWO_63 = 0x1p63;
	private static final double TWO_64 = 0x1p64;

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

	/** A float in [0, 2^64] (or NaN) cast to an unsigned 64-bit pattern, 2^64 saturating to 2^64-1, NaN to 0. */
	static long saturateUnsigned64(final double v) {
		if (!(v > 0)) return 0;
		if (v >= TWO_64) return -1L;
		if (v >= TWO_63) return (long) (v - TWO_63) + Long.MIN_VALUE;
		return (long) v;
	}

	/** The float64 nearest to an unsigned 64-bit value. */
	static double unsignedToDouble(final long bits) {
		if (bits >= 0) return bits;
		// halve keeping the sticky bit, convert (rounds correctly), double
		return ((bits >>> 1) | (bits & 1)) * 2.0;
	}

	/** {@code np.maximum(v, -1)} for values that are never NaN (cheaper than {@link Math#max}). */
	static float atLeastMinusOne(final float v) {
		return v < -1f ? -1f : v;
	}

	/** {@code np.maximum(v, -1)} for values that are never NaN (cheaper than {@link Math#max}). */
	static double atLeastMinusOne(final double v) {
		return v < -1.0 ? -1.0 : v;
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
