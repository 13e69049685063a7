package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * The conversion as it was before the per-pair loops (commit 07a8618, which passed the scikit-image table): values
 * staged through {@code long[]}/{@code double[]} buffers and rule operations on them. Kept, unchanged but for names, as
 * the reference the generated loops must match bit for bit on large random images.
 */
final class ReferenceConversion {

	private static final int CHUNK = 4096;

	private ReferenceConversion() {}

	/**
	 * @return {@code in} (a primitive array of type {@code from}) converted to a new array of type {@code to}
	 * @throws IllegalArgumentException for a float image outside [-1, 1] converted to an integer type
	 */
	static Object convert(final Object in, final PixelType from, final PixelType to) {
		final int n = java.lang.reflect.Array.getLength(in);
		final Object out = PixelArrays.newArray(to, n);
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		long integerMax = from == PixelType.UINT64 ? 0 : Long.MIN_VALUE;
		if (from.isFloat()) {
			final double[] v = new double[n];
			PixelArrays.readDoubles(in, from, 0, v, n);
			for (final double x : v) {
				if (x < min) min = x;
				if (x > max) max = x;
			}
		}
		else if (from != PixelType.BOOL) {
			final long[] v = new long[n];
			PixelArrays.readLongs(in, from, 0, v, n);
			for (final long x : v)
				if (from == PixelType.UINT64 ? Long.compareUnsigned(x, integerMax) > 0 : x > integerMax) integerMax = x;
		}
		if (n == 0) integerMax = 0;
		if (from == to) System.arraycopy(in, 0, out, 0, n);
		else plan(from, to, min, max, integerMax).convert(in, out);
		return out;
	}

	static ChunkConverter plan(final PixelType from, final PixelType to, final double floatMin, final double floatMax,
		final long integerMax)
	{
		if (from == to) return (in, out) -> System.arraycopy(in, 0, out, 0, java.lang.reflect.Array.getLength(in));
		if (from.isFloat()) {
			if (to.isFloat()) return (in, out) -> mapDoubles(in, from, out, to, length(in));
			if (to == PixelType.BOOL) return floatToLong(from, to, Floats.floatToBool());
			Floats.checkRange(floatMin, floatMax, from, to);
			return floatToLong(from, to, Floats.floatToInteger(from, to));
		}
		if (to.isFloat()) {
			final Floats.ToDouble op = from == PixelType.BOOL ? Floats.boolToFloat() : Floats.integerToFloat(
				from, to);
			return (in, out) -> mapLongToFloat(in, from, out, to, length(in), op);
		}
		final Integers.LongOp op;
		if (to == PixelType.BOOL) op = Integers.integerToBool(from);
		else if (from == PixelType.BOOL) op = Integers.boolToInteger(to);
		else op = Integers.integerToInteger(from, to, integerMax);
		return (in, out) -> mapLongs(in, from, out, to, length(in), op);
	}

	private static ChunkConverter floatToLong(final PixelType from, final PixelType to, final Floats.ToLong op) {
		return (in, out) -> mapFloatToLong(in, from, out, to, length(in), op);
	}

	private static int length(final Object array) {
		return java.lang.reflect.Array.getLength(array);
	}

	private static void mapLongs(final Object in, final PixelType from, final Object out, final PixelType to,
		final int n, final Integers.LongOp op)
	{
		final long[] buf = new long[Math.min(CHUNK, n)];
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readLongs(in, from, off, buf, len);
			op.apply(buf, len);
			PixelArrays.writeLongs(out, to, off, buf, len);
		}
	}

	private static void mapLongToFloat(final Object in, final PixelType from, final Object out, final PixelType to,
		final int n, final Floats.ToDouble op)
	{
		final long[] buf = new long[Math.min(CHUNK, n)];
		final double[] res = new double[buf.length];
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readLongs(in, from, off, buf, len);
			op.apply(buf, res, len);
			PixelArrays.writeDoubles(out, to, off, res, len);
		}
	}

	private static void mapFloatToLong(final Object in, final PixelType from, final Object out, final PixelType to,
		final int n, final Floats.ToLong op)
	{
		final double[] buf = new double[Math.min(CHUNK, n)];
		final long[] res = new long[buf.length];
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readDoubles(in, from, off, buf, len);
			op.apply(buf, res, len);
			PixelArrays.writeLongs(out, to, off, res, len);
		}
	}

	private static void mapDoubles(final Object in, final PixelType from, final Object out, final PixelType to,
		final int n)
	{
		final double[] buf = new double[Math.min(CHUNK, n)];
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readDoubles(in, from, off, buf, len);
			PixelArrays.writeDoubles(out, to, off, buf, len);
		}
	}

	/** scikit-image's integer rules as operations on chunks of values in {@code long}s. */
	private static final class Integers {

		/** An in-place operation on a chunk of values. */
		interface LongOp {

			void apply(long[] values, int length);
		}

		private Integers() {}

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

	/** scikit-image's float rules as operations on chunks of values. */
	private static final class Floats {

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

		private Floats() {}

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
}
