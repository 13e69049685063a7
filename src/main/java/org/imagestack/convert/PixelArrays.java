package org.imagestack.convert;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.BooleanType;
import net.imglib2.type.NativeType;
import net.imglib2.type.logic.NativeBoolType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

import org.imagestack.PixelType;

/**
 * The primitive arrays behind array images, read and written a chunk at a time, so that conversion loops run on
 * {@code long[]}/{@code double[]} buffers with one type switch per chunk instead of a virtual call per pixel.
 * <p>
 * Integers are read as {@code long}s holding the value (unsigned types zero-extended; {@code uint64} as its bit
 * pattern) and written back truncated to the target's width, as numpy's {@code astype} does.
 * </p>
 */
final class PixelArrays {

	private PixelArrays() {}

	/**
	 * @param img an image of one of the pixel types
	 * @param type its type
	 * @return an {@link ArrayImg} holding its pixels: {@code img} itself when it is one, else a copy
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static ArrayImg<?, ?> asArrayImg(final RandomAccessibleInterval<? extends RealType<?>> img, final PixelType type) {
		if (img instanceof ArrayImg && Util.getTypeFromInterval(img).getClass() == type.createType().getClass())
			return (ArrayImg<?, ?>) img;
		final ArrayImg copy = type.createImg(Intervals.dimensionsAsLongArray(img));
		final RandomAccessibleInterval<? extends RealType<?>> src = Views.zeroMin(img);
		if (type == PixelType.BOOL) {
			LoopBuilder.setImages((RandomAccessibleInterval<BooleanType>) (RandomAccessibleInterval) src,
				(RandomAccessibleInterval<NativeBoolType>) copy).forEachPixel((a, b) -> b.set(a.get()));
		}
		else copySameType((RandomAccessibleInterval) src, (Img) copy);
		return copy;
	}

	private static <T extends NativeType<T>> void copySameType(final RandomAccessibleInterval<T> src,
		final Img<T> dst)
	{
		LoopBuilder.setImages(src, dst).forEachPixel((a, b) -> b.set(a));
	}

	/** @return the primitive array ({@code boolean[]}, {@code byte[]}, …, {@code double[]}) behind an array image */
	static Object storage(final ArrayImg<?, ?> img) {
		return ((ArrayDataAccess<?>) img.update(null)).getCurrentStorageArray();
	}

	/** @return a new zero-filled primitive array of the type ({@code boolean[]}, {@code byte[]}, … {@code double[]}) */
	static Object newArray(final PixelType t, final int n) {
		switch (t) {
			case BOOL: return new boolean[n];
			case UINT8:
			case INT8: return new byte[n];
			case UINT16:
			case INT16: return new short[n];
			case UINT32:
			case INT32: return new int[n];
			case UINT64:
			case INT64: return new long[n];
			case FLOAT32: return new float[n];
			default: return new double[n];
		}
	}

	/** Reads integer or bool pixels {@code off .. off+len-1} into {@code buf} as values. */
	static void readLongs(final Object a, final PixelType t, final int off, final long[] buf, final int len) {
		switch (t) {
			case BOOL: {
				final boolean[] s = (boolean[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i] ? 1 : 0;
				return;
			}
			case UINT8: {
				final byte[] s = (byte[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i] & 0xffL;
				return;
			}
			case INT8: {
				final byte[] s = (byte[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i];
				return;
			}
			case UINT16: {
				final short[] s = (short[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i] & 0xffffL;
				return;
			}
			case INT16: {
				final short[] s = (short[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i];
				return;
			}
			case UINT32: {
				final int[] s = (int[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i] & 0xffffffffL;
				return;
			}
			case INT32: {
				final int[] s = (int[]) a;
				for (int i = 0; i < len; i++) buf[i] = s[off + i];
				return;
			}
			case UINT64:
			case INT64:
				System.arraycopy(a, off, buf, 0, len);
				return;
			default:
				throw new IllegalArgumentException("not an integer type: " + t);
		}
	}

	/** Reads float pixels {@code off .. off+len-1} into {@code buf}. */
	static void readDoubles(final Object a, final PixelType t, final int off, final double[] buf, final int len) {
		if (t == PixelType.FLOAT64) {
			System.arraycopy(a, off, buf, 0, len);
			return;
		}
		final float[] s = (float[]) a;
		for (int i = 0; i < len; i++) buf[i] = s[off + i];
	}

	/** Writes values into pixels {@code off .. off+len-1}, truncated to the type's width (bool: non-zero). */
	static void writeLongs(final Object a, final PixelType t, final int off, final long[] buf, final int len) {
		switch (t) {
			case BOOL: {
				final boolean[] d = (boolean[]) a;
				for (int i = 0; i < len; i++) d[off + i] = buf[i] != 0;
				return;
			}
			case UINT8:
			case INT8: {
				final byte[] d = (byte[]) a;
				for (int i = 0; i < len; i++) d[off + i] = (byte) buf[i];
				return;
			}
			case UINT16:
			case INT16: {
				final short[] d = (short[]) a;
				for (int i = 0; i < len; i++) d[off + i] = (short) buf[i];
				return;
			}
			case UINT32:
			case INT32: {
				final int[] d = (int[]) a;
				for (int i = 0; i < len; i++) d[off + i] = (int) buf[i];
				return;
			}
			case UINT64:
			case INT64:
				System.arraycopy(buf, 0, a, off, len);
				return;
			default:
				throw new IllegalArgumentException("not an integer type: " + t);
		}
	}

	/** Writes floats into pixels {@code off .. off+len-1} (rounded to nearest for float32). */
	static void writeDoubles(final Object a, final PixelType t, final int off, final double[] buf, final int len) {
		if (t == PixelType.FLOAT64) {
			System.arraycopy(buf, 0, a, off, len);
			return;
		}
		final float[] d = (float[]) a;
		for (int i = 0; i < len; i++) d[off + i] = (float) buf[i];
	}
}
