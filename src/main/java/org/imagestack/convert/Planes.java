package org.imagestack.convert;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.PixelType;

/** Small helpers on planes: sizes and copies. */
public final class Planes {

	private Planes() {}

	/**
	 * @param img a plane of one of the supported types
	 * @return bytes its pixels take, as numpy's {@code nbytes}
	 */
	public static long nbytes(final RandomAccessibleInterval<?> img) {
		return Intervals.numElements(img) * PixelType.of(img).bytesPerPixel();
	}

	/**
	 * @param img a plane
	 * @return an independent deep copy of it (an array image where the input is one)
	 */
	public static Img<? extends RealType<?>> copy(final Img<? extends RealType<?>> img) {
		return img.copy();
	}

	/**
	 * @param img a plane of one of the supported types
	 * @return the plane as an array image: itself when it is one, else a copy
	 * @throws UnsupportedOperationException when the plane has more pixels than one Java array holds, saying what to
	 *           do instead
	 */
	public static net.imglib2.img.array.ArrayImg<?, ?> asArrayImg(final RandomAccessibleInterval<? extends RealType<?>> img) {
		checkFitsOneArray(img);
		final PixelType type = PixelType.of(img);
		if (img instanceof net.imglib2.img.cell.AbstractCellImg) // a database plane: gathered cell by cell, row by row
			return wrap(type, Regions.copy(img, img), dims(img));
		return PixelArrays.asArrayImg(img, type);
	}

	/** Pixels one Java array holds at most (the JVM's limit is a few below {@code Integer.MAX_VALUE}). */
	public static final long MAX_ARRAY_PIXELS = Integer.MAX_VALUE - 8;

	/**
	 * @param img a plane about to be copied into one array
	 * @throws UnsupportedOperationException when it has more pixels than one Java array holds
	 */
	public static void checkFitsOneArray(final RandomAccessibleInterval<?> img) {
		final long n = Intervals.numElements(img);
		if (n > MAX_ARRAY_PIXELS) throw new UnsupportedOperationException("A plane of " + java.util.Arrays.toString(
			dims(img)) + " = " + n + " pixels is larger than one Java array holds (" + MAX_ARRAY_PIXELS + " pixels), " +
			"so it cannot be copied whole (copy(), an array image): copy or process it a region at a time " +
			"(Views.interval) or keep it in a database stack, whose planes are cells");
	}

	/**
	 * @param type a pixel type
	 * @param n a number of pixels
	 * @return a new zero-filled primitive array for them ({@code boolean[]}, {@code byte[]}, … {@code double[]})
	 */
	public static Object newArray(final PixelType type, final int n) {
		return PixelArrays.newArray(type, n);
	}

	/** @return an array image over a primitive array of a type's pixels (not copied) */
	private static net.imglib2.img.array.ArrayImg<?, ?> wrap(final PixelType type, final Object a, final long[] dims) {
		switch (type) {
			case BOOL: return net.imglib2.img.array.ArrayImgs.booleans((boolean[]) a, dims);
			case UINT8: return net.imglib2.img.array.ArrayImgs.unsignedBytes((byte[]) a, dims);
			case INT8: return net.imglib2.img.array.ArrayImgs.bytes((byte[]) a, dims);
			case UINT16: return net.imglib2.img.array.ArrayImgs.unsignedShorts((short[]) a, dims);
			case INT16: return net.imglib2.img.array.ArrayImgs.shorts((short[]) a, dims);
			case UINT32: return net.imglib2.img.array.ArrayImgs.unsignedInts((int[]) a, dims);
			case INT32: return net.imglib2.img.array.ArrayImgs.ints((int[]) a, dims);
			case UINT64: return net.imglib2.img.array.ArrayImgs.unsignedLongs((long[]) a, dims);
			case INT64: return net.imglib2.img.array.ArrayImgs.longs((long[]) a, dims);
			case FLOAT32: return net.imglib2.img.array.ArrayImgs.floats((float[]) a, dims);
			default: return net.imglib2.img.array.ArrayImgs.doubles((double[]) a, dims);
		}
	}

	/**
	 * @param img an array image
	 * @return the primitive array behind it ({@code boolean[]} for bool, {@code byte[]} for (u)int8, … {@code double[]})
	 */
	public static Object storage(final net.imglib2.img.array.ArrayImg<?, ?> img) {
		return PixelArrays.storage(img);
	}

	/**
	 * @param img a plane
	 * @return its dimensions
	 */
	public static long[] dims(final RandomAccessibleInterval<?> img) {
		return Intervals.dimensionsAsLongArray(img);
	}

	/**
	 * @param img a plane of one of the supported types
	 * @return the plane as an array image (itself when it is one, else a copy), typed as a plane
	 */
	@SuppressWarnings("unchecked")
	public static Img<? extends RealType<?>> arrayPlane(final RandomAccessibleInterval<? extends RealType<?>> img) {
		return (Img<? extends RealType<?>>) asArrayImg(img);
	}

	/**
	 * @return whether two planes have the same dimensions, pixel type and pixel values (bit for bit: NaN equals NaN)
	 */
	public static boolean samePixels(final RandomAccessibleInterval<? extends RealType<?>> a,
		final RandomAccessibleInterval<? extends RealType<?>> b)
	{
		if (a == b) return true;
		if (!java.util.Arrays.equals(dims(a), dims(b)) || PixelType.of(a) != PixelType.of(b)) return false;
		final Object x = storage(asArrayImg(a)), y = storage(asArrayImg(b));
		if (x instanceof boolean[]) return java.util.Arrays.equals((boolean[]) x, (boolean[]) y);
		if (x instanceof byte[]) return java.util.Arrays.equals((byte[]) x, (byte[]) y);
		if (x instanceof short[]) return java.util.Arrays.equals((short[]) x, (short[]) y);
		if (x instanceof int[]) return java.util.Arrays.equals((int[]) x, (int[]) y);
		if (x instanceof long[]) return java.util.Arrays.equals((long[]) x, (long[]) y);
		if (x instanceof float[]) return java.util.Arrays.equals((float[]) x, (float[]) y);
		return java.util.Arrays.equals((double[]) x, (double[]) y);
	}
}
