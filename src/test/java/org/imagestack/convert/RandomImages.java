package org.imagestack.convert;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;

/** Seeded random pixel arrays of every type, spread the ways the rules care about; helpers to convert them. */
final class RandomImages {

	/** How the values spread. */
	enum Spread {
		/** integers over the whole range (downcasts rescale); floats as {@link #UNIT} */
		FULL,
		/** integers of small magnitude, negative ones too (downcasts of some widths fit, and wrap); floats as UNIT */
		SMALL,
		/** floats in [-1, 1] with NaN, ±0, ±1, the float below 1, halfway points of 8 and 16 bits */
		UNIT,
		/** floats past [-1, 1], ±∞ too (float to integer refuses them) */
		WIDE
	}

	private static final double[] SPECIAL = { Double.NaN, 0.0, -0.0, 1.0, -1.0, Math.nextDown(1.0), -Math.nextDown(
		1.0), 0.5, -0.5, 0.5 / 255, 1.5 / 255, 2.5 / 255, 0.5 / 65535, 1.5 / 65535, 1 / 3.0, 1e-30, 0x1p-11, -0x1p-11,
		Math.nextDown(0x1p-11), 0x1.8p-64, 0x1.7p-64 };

	private RandomImages() {}

	/** @return {@code n} values of type {@code t}, the same for the same seed */
	static Object array(final PixelType t, final int n, final long seed, final Spread spread) {
		final Random r = new Random(seed);
		final Object a = PixelArrays.newArray(t, n);
		if (t == PixelType.BOOL) {
			final boolean[] b = (boolean[]) a;
			for (int i = 0; i < n; i++)
				b[i] = r.nextBoolean();
			return a;
		}
		if (t.isFloat()) {
			final double[] v = new double[n];
			for (int i = 0; i < n; i++)
				v[i] = spread == Spread.WIDE ? wide(r) : unit(r);
			PixelArrays.writeDoubles(a, t, 0, v, n);
			return a;
		}
		if (spread == Spread.SMALL) {
			// magnitudes below one of the thresholds the downcasts test (or just at them), per image
			final long[] limits = { 100, 127, 128, 255, 256, 32767, 32768, 65535, 65536, Integer.MAX_VALUE };
			return small(t, n, r.nextLong(), limits[r.nextInt(limits.length)]);
		}
		final long[] v = new long[n];
		for (int i = 0; i < n; i++)
			v[i] = r.nextLong();
		PixelArrays.writeLongs(a, t, 0, v, n); // truncated to the type's width
		return a;
	}

	/**
	 * @return {@code n} integers of type {@code t} from 0 (from {@code -limit-1} for signed types) to {@code limit},
	 *         both extremes among them
	 */
	static Object small(final PixelType t, final int n, final long seed, final long limit) {
		final Random r = new Random(seed);
		final boolean signed = t.kind() == 'i';
		final long[] v = new long[n];
		for (int i = 0; i < n; i++) {
			final long m = Math.min(limit, (long) (r.nextDouble() * limit + r.nextDouble()));
			v[i] = signed && r.nextBoolean() ? -m : m;
			if (r.nextInt(50) == 0 || i == n / 2) v[i] = limit;
			if (signed && (r.nextInt(50) == 0 || i == n / 3)) v[i] = -limit - 1;
		}
		final Object a = PixelArrays.newArray(t, n);
		PixelArrays.writeLongs(a, t, 0, v, n); // truncated to the type's width
		return a;
	}

	private static double unit(final Random r) {
		if (r.nextInt(20) == 0) return SPECIAL[r.nextInt(SPECIAL.length)];
		final double u = 2 * r.nextDouble() - 1;
		// values on and next to a multiple of 1/255 or 1/65535 (rounding ties)
		final int k = r.nextInt(4);
		if (k == 0) return Math.rint(u * 255) / 255;
		if (k == 1) return Math.min(1, (Math.rint(u * 510) + 0.5) / 510);
		return u;
	}

	private static double wide(final Random r) {
		if (r.nextInt(100) == 0) return r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
		return r.nextInt(3) == 0 ? unit(r) : 6 * r.nextDouble() - 3;
	}

	/** @return a copy of an array as a (n, 1) array image of type {@code t} */
	@SuppressWarnings("unchecked")
	static Img<? extends RealType<?>> image(final PixelType t, final Object array) {
		final int n = java.lang.reflect.Array.getLength(array);
		final ArrayImg<?, ?> img = t.createImg(n, 1);
		System.arraycopy(array, 0, PixelArrays.storage(img), 0, n);
		return (Img<? extends RealType<?>>) img;
	}

	/** @return the array converted whole by {@link DtypeConversion#convert} */
	static Object convertWhole(final Object in, final PixelType from, final PixelType to) {
		final Img<? extends RealType<?>> out = DtypeConversion.convert(image(from, in), to);
		return PixelArrays.storage((ArrayImg<?, ?>) out);
	}

	/** Compares two primitive arrays of type {@code t} bit for bit (all NaN alike), naming the first difference. */
	static String difference(final PixelType t, final Object expected, final Object actual) {
		final int n = java.lang.reflect.Array.getLength(expected);
		if (n != java.lang.reflect.Array.getLength(actual)) return "lengths differ";
		if (Planes.samePixels(image(t, expected), image(t, actual))) return null;
		for (int i = 0; i < n; i++) {
			final Object e = java.lang.reflect.Array.get(expected, i);
			final Object a = java.lang.reflect.Array.get(actual, i);
			if (!e.equals(a)) return "element " + i + ": expected " + e + ", got " + a;
		}
		return null;
	}
}
