package org.imagestack.convert;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.PixelType;

/**
 * scikit-image's {@code skimage.util.dtype._convert} (0.19) on ImgLib2 images: the conversion every image goes
 * through on its way into a stack.
 * <p>
 * The rules are in {@link IntegerRules} and {@link FloatRules}; this class runs them over the images' primitive arrays
 * a chunk at a time. Colour images (X, Y, C) are converted element-wise like any other array, so channel-wise.
 * </p>
 */
public final class DtypeConversion {

	/** Pixels per chunk: large enough to amortise the per-chunk dispatch, small enough to stay in L1/L2. */
	private static final int CHUNK = 4096;

	private DtypeConversion() {}

	/**
	 * Converts an image to a pixel type.
	 *
	 * @param img an image of one of the eleven pixel types
	 * @param to the target type
	 * @return {@code img} itself when it is an {@link Img} already of type {@code to}; else a new array image
	 * @throws IllegalArgumentException when a float image with values outside [-1, 1] is converted to an integer
	 *           type, or the image's type is not one of the eleven
	 */
	public static Img<? extends RealType<?>> convert(final RandomAccessibleInterval<? extends RealType<?>> img,
		final PixelType to)
	{
		if (img == null) throw new NullPointerException("image is null");
		if (to == null) throw new NullPointerException("pixel type is null");
		final PixelType from = PixelType.of(img);
		if (from == to && img instanceof Img) return (Img<? extends RealType<?>>) img;
		final long size = Intervals.numElements(img);
		if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("A plane of " + size +
			" pixels is larger than an array image can hold (2^31-1)");
		final ArrayImg<?, ?> source = PixelArrays.asArrayImg(img, from);
		if (from == to) return (Img<? extends RealType<?>>) source;
		@SuppressWarnings("unchecked")
		final ArrayImg<?, ?> target = to.createImg(Intervals.dimensionsAsLongArray(img));
		run(PixelArrays.storage(source), from, PixelArrays.storage(target), to, (int) size);
		return (Img<? extends RealType<?>>) target;
	}

	private static void run(final Object in, final PixelType from, final Object out, final PixelType to,
		final int n)
	{
		if (from.isFloat()) {
			if (to.isFloat()) mapDoubles(in, from, out, to, n);
			else if (to == PixelType.BOOL) mapFloatToLong(in, from, out, to, n, FloatRules.floatToBool());
			else {
				checkFloatRange(in, from, to, n);
				mapFloatToLong(in, from, out, to, n, FloatRules.floatToInteger(from, to));
			}
		}
		else if (to.isFloat()) {
			mapLongToFloat(in, from, out, to, n, from == PixelType.BOOL ? FloatRules.boolToFloat() : FloatRules
				.integerToFloat(from, to));
		}
		else if (to == PixelType.BOOL) mapLongs(in, from, out, to, n, IntegerRules.integerToBool(from));
		else if (from == PixelType.BOOL) mapLongs(in, from, out, to, n, IntegerRules.boolToInteger(to));
		else mapLongs(in, from, out, to, n, IntegerRules.integerToInteger(from, to, max(in, from, n)));
	}

	private static void mapLongs(final Object in, final PixelType from, final Object out, final PixelType to,
		final int n, final IntegerRules.LongOp op)
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
		final int n, final FloatRules.ToDouble op)
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
		final int n, final FloatRules.ToLong op)
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

	/** The image's maximum value (a bit pattern compared unsigned for uint64). */
	private static long max(final Object in, final PixelType from, final int n) {
		final long[] buf = new long[Math.min(CHUNK, n)];
		final boolean unsigned64 = from == PixelType.UINT64;
		long max = unsigned64 ? 0 : Long.MIN_VALUE;
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readLongs(in, from, off, buf, len);
			for (int i = 0; i < len; i++)
				if (unsigned64 ? Long.compareUnsigned(buf[i], max) > 0 : buf[i] > max) max = buf[i];
		}
		return n == 0 ? 0 : max;
	}

	/** skimage's range check, ignoring NaN (which in skimage disables the check for the whole image). */
	private static void checkFloatRange(final Object in, final PixelType from, final PixelType to, final int n) {
		final double[] buf = new double[Math.min(CHUNK, n)];
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (int off = 0; off < n; off += CHUNK) {
			final int len = Math.min(CHUNK, n - off);
			PixelArrays.readDoubles(in, from, off, buf, len);
			for (int i = 0; i < len; i++) {
				final double v = buf[i]; // comparisons with NaN are false: NaN is skipped
				if (v < min) min = v;
				if (v > max) max = v;
			}
		}
		FloatRules.checkRange(min, max, from, to);
	}
}
