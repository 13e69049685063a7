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
 * The rules are in {@link IntegerRules} and {@link FloatRules}; every pair of types runs its own loop over the
 * images' primitive arrays with the pair's constants written in ({@link Loops}, generated from the rules); pairs from
 * an 8-bit type look each pixel up in a table of the 256 results. When the JVM runs with the Vector API
 * ({@code --add-modules jdk.incubator.vector}), the pairs the JIT does not vectorize itself run the same arithmetic
 * in vector lanes instead ({@link VectorPath}; same results bit for bit). Large arrays are split over the cores
 * ({@link Chunks}). Colour images (X, Y, C) are converted element-wise like any other array, so channel-wise.
 * </p>
 */
public final class DtypeConversion {

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
		final Object out = PixelArrays.storage(target);
		if (from.isFloat() && to.isInteger()) convertMeasuring(from, to, in, out);
		else {
			final ImageStats stats = new ImageStats(from);
			if (IntegerRules.fitBits(from, to) >= 0) stats.accept(in); // only downcasts look at the image
			plan(from, to, stats).convert(in, out);
		}
		return (Img<? extends RealType<?>>) target;
	}

	/**
	 * Float to integer in one pass over the image: converts while measuring the range, then refuses values outside
	 * [-1, 1] as {@link #plan} would have before (the output, never returned then, is dropped).
	 */
	private static void convertMeasuring(final PixelType from, final PixelType to, final Object in,
		final Object out)
	{
		final Chunks.MeasuringLoop vector = VectorPath.measuringLoop(from, to);
		final Chunks.MeasuringLoop loop = vector != null ? vector : Loops.measuringLoop(from, to);
		final int n = length(in);
		final double[] range = new double[2 * Chunks.count(n)];
		Chunks.run(n, (c, a, b) -> loop.run(in, out, a, b, range, 2 * c));
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < range.length; c += 2) {
			min = Math.min(min, range[c]);
			max = Math.max(max, range[c + 1]);
		}
		FloatRules.checkRange(min, max, from, to);
	}

	/**
	 * Plans a conversion whose whole-image decisions (a downcast's "does the maximum fit?", a float image's [-1, 1]
	 * check) were made from {@code stats}, so that an image held in pieces (cells) converts piece by piece: first
	 * every piece goes through {@link ImageStats#accept}, then every piece through the returned converter.
	 *
	 * @param from the source type
	 * @param to the target type
	 * @param stats the facts of the whole source image
	 * @return a converter of primitive arrays (stateless and thread-safe); it splits large arrays over the cores
	 * @throws IllegalArgumentException when a float image with values outside [-1, 1] is converted to an integer type
	 */
	public static ChunkConverter plan(final PixelType from, final PixelType to, final ImageStats stats) {
		if (stats.type() != from) throw new IllegalArgumentException("statistics of a " + stats.type() +
			" image given for a " + from + " conversion");
		if (from == to) return (in, out) -> System.arraycopy(in, 0, out, 0, length(in));
		if (from.isFloat() && to.isInteger()) FloatRules.checkRange(stats.floatMin(), stats.floatMax(), from, to);
		final Chunks.RangeLoop loop = loop(from, to, IntegerRules.fits(from, to, stats.integerBound()));
		return (in, out) -> Chunks.run(loop, in, out, length(in));
	}

	/**
	 * The loop of a pair: its Vector API loop when the JVM has the Vector API ({@link VectorPath}) and the pair has one;
	 * else from an 8-bit type, a table lookup (but a cast of uint8 to int8 is a copy); else the scalar loop.
	 */
	static Chunks.RangeLoop loop(final PixelType from, final PixelType to, final boolean fits) {
		final Chunks.RangeLoop vector = VectorPath.loop(from, to, fits);
		if (vector != null) return vector;
		final Chunks.RangeLoop loop = Loops.loop(from, to, fits);
		final boolean eightBit = from == PixelType.UINT8 || from == PixelType.INT8;
		return eightBit && !(fits && to.bits() == 8) ? Chunks.table(loop, to) : loop;
	}

	private static int length(final Object array) {
		return java.lang.reflect.Array.getLength(array);
	}
}
