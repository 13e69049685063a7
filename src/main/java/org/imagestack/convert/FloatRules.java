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
 */
final class FloatRules {

	/** Integer values (bit patterns for uint64) to floats. */
	interface ToDouble {

		void apply(long[] in, double[] out, int length);
	}

	/** Floats to integer values (bit patterns for uint64). */
	interface ToLong {

		void apply(double[] in, long[] out, int length);
	}

	private static final double TWO_63 = 0x1p63;
	private static final double TWO_64 = 0x1p64;

	private FloatRules() {}

	/** Whether skimage computes a conversion between these types in float32 (else float64). */
	private static boolean inFloat32(final PixelType floatType, final PixelType intType) {
		return floatType == PixelType.FLOAT32 && intType.bytesPerPixel() <= 4;
	}

	static ToLong floatToInteger(final PixelType from, final PixelType to) {
		final boolean unsigned = to.kind() == 'u';
		final double imax = to.rangeMax();
		// Python: (imax_out - imin_out) / 2 on exact integers, rounded once to float64
		final double scale = unsigned ? imax : (Math.pow(2, to.bits()) - 1) / 2;
		final double offset = unsigned ? 0 : 0.5;
		final double dmin = unsigned ? 0 : to.rangeMin();
		if (to == PixelType.UINT64) return (in, out, len) -> {
			for (int i = 0; i < len; i++)
				out[i] = saturateUnsigned64(Math.min(Math.max(Math.rint(in[i] * scale), 0), imax));
		};
		// the largest and smallest long the target holds: where the float maximum rounded up (int32 in float32,
		// int64), Java's saturating cast and this clamp give the target's maximum; NaN casts to 0
		final long lo = (long) to.rangeMin();
		final long hi = (long) imax;
		if (inFloat32(from, to)) {
			final float s = (float) scale;
			final float off = (float) offset;
			// the product and difference are float32 operations; rounding and clipping a float32 value give the same
			// result in float64, against the bounds as float32 holds them
			final double fmin = (float) dmin;
			final double fmax = (float) imax;
			return (in, out, len) -> {
				for (int i = 0; i < len; i++) {
					final double v = Math.rint((float) in[i] * s - off);
					out[i] = Math.min(Math.max((long) Math.min(Math.max(v, fmin), fmax), lo), hi);
				}
			};
		}
		return (in, out, len) -> {
			for (int i = 0; i < len; i++) {
				final double v = Math.rint(in[i] * scale - offset);
				out[i] = Math.min(Math.max((long) Math.min(Math.max(v, dmin), imax), lo), hi);
			}
		};
	}

	/** A float in [0, 2^64] (or NaN) cast to an unsigned 64-bit pattern, 2^64 saturating to 2^64-1, NaN to 0. */
	private static long saturateUnsigned64(final double v) {
		if (!(v > 0)) return 0;
		if (v >= TWO_64) return -1L;
		if (v >= TWO_63) return (long) (v - TWO_63) + Long.MIN_VALUE;
		return (long) v;
	}

	static ToDouble integerToFloat(final PixelType from, final PixelType to) {
		final boolean signed = from.kind() == 'i';
		final boolean unsigned64 = from == PixelType.UINT64;
		// Python's 1. / imax_in: imax_in converted to float64 first (2^64 for uint64, 2^63 for int64)
		final double inv = 1.0 / from.rangeMax();
		if (to == PixelType.FLOAT32 && from.bytesPerPixel() <= 4) {
			final float f = (float) inv;
			return (in, out, len) -> {
				for (int i = 0; i < len; i++) {
					float v = (float) in[i] * f;
					if (signed) v = Math.max(v, -1f);
					out[i] = v;
				}
			};
		}
		return (in, out, len) -> {
			for (int i = 0; i < len; i++) {
				double v = (unsigned64 ? unsignedToDouble(in[i]) : (double) in[i]) * inv;
				if (signed) v = Math.max(v, -1);
				out[i] = v;
			}
		};
	}

	/** The float64 nearest to an unsigned 64-bit value. */
	static double unsignedToDouble(final long bits) {
		if (bits >= 0) return bits;
		// halve keeping the sticky bit, convert (rounds correctly), double
		return ((bits >>> 1) | (bits & 1)) * 2.0;
	}

	/** skimage's float to bool: {@code x > 0.5}. */
	static ToLong floatToBool() {
		return (in, out, len) -> {
			for (int i = 0; i < len; i++) out[i] = in[i] > 0.5 ? 1 : 0;
		};
	}

	/** bool values (0/1) to 0.0/1.0. */
	static ToDouble boolToFloat() {
		return (in, out, len) -> {
			for (int i = 0; i < len; i++) out[i] = in[i];
		};
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
