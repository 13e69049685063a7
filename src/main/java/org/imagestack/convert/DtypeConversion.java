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
		final Object in = PixelArrays.storage(source);
		final ImageStats stats = new ImageStats(from);
		stats.accept(in);
		plan(from, to, stats).convert(in, PixelArrays.storage(target));
		return (Img<? extends RealType<?>>) target;
	}

	/**
	 * Plans a conversion whose whole-image decisions (a downcast's "does the maximum fit?", a float image's [-1, 1]
	 * check) were made from {@code stats}, so that an image held in pieces (cells) converts piece by piece: first
	 * every piece goes through {@link ImageStats#accept}, then every piece through the returned converter.
	 *
	 * @param from the source type
	 * @param to the target type
	 * @param stats the facts of the whole source image
	 * @return a converter of primitive arrays (stateless and thread-safe)
	 * @throws IllegalArgumentException when a float image with values outside [-1, 1] is converted to an integer type
	 */
	public static ChunkConverter plan(final PixelType from, final PixelType to, final ImageStats stats) {
		if (stats.type() != from) throw new IllegalArgumentException("statistics of a " + stats.type() +
			" image given for a " + from + " conversion");
		if (from == to) return (in, out) -> System.arraycopy(in, 0, out, 0, java.lang.reflect.Array.getLength(in));
		if (from.isFloat()) {
			if (to.isFloat()) return (in, out) -> mapDoubles(in, from, out, to, length(in));
			if (to == PixelType.BOOL) return floatToLong(from, to, FloatRules.floatToBool());
			FloatRules.checkRange(stats.floatMin(), stats.floatMax(), from, to);
			return floatToLong(from, to, FloatRules.floatToInteger(from, to));
		}
		if (to.isFloat()) {
			final FloatRules.ToDouble op = from == PixelType.BOOL ? FloatRules.boolToFloat() : FloatRules
				.integerToFloat(from, to);
			return (in, out) -> mapLongToFloat(in, from, out, to, length(in), op);
		}
		final IntegerRules.LongOp op;
		if (to == PixelType.BOOL) op = IntegerRules.integerToBool(from);
		else if (from == PixelType.BOOL) op = IntegerRules.boolToInteger(to);
		else op = IntegerRules.integerToInteger(from, to, stats.integerMax());
		return (in, out) -> mapLongs(in, from, out, to, length(in), op);
	}

	private static ChunkConverter floatToLong(final PixelType from, final PixelType to, final FloatRules.ToLong op) {
		return (in, out) -> mapFloatToLong(in, from, out, to, length(in), op);
	}

	private static int length(final Object array) {
		return java.lang.reflect.Array.getLength(array);
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
}
