package org.imagestack.imagej;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;

/**
 * The narrow bridge between ImageJ 1 and ImgLib2 (imagej-legacy is not a dependency): pixel arrays are copied
 * between an {@link ImageProcessor} and an array image, X fastest in both.
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>ImageJ</th><th>stack plane</th></tr>
 * <tr><td>8-bit</td><td>uint8 (X, Y); bool shows as 0/255 and returns as &gt; 127</td></tr>
 * <tr><td>16-bit</td><td>uint16</td></tr>
 * <tr><td>32-bit</td><td>float32; every other type shows as 32-bit (values cast to float)</td></tr>
 * <tr><td>RGB</td><td>uint8 (X, Y, 3), channels R, G, B</td></tr>
 * </table>
 */
public final class ImagePlusAdapter {

	private ImagePlusAdapter() {}

	/**
	 * @param ip an ImageJ image of any kind
	 * @return a copy of its pixels as an array image: uint8, uint16, float32, or uint8 (X, Y, 3) for RGB
	 */
	@SuppressWarnings("unchecked")
	public static Img<? extends RealType<?>> toImg(final ImageProcessor ip) {
		final int w = ip.getWidth(), h = ip.getHeight();
		if (ip instanceof ColorProcessor) {
			final ArrayImg<?, ?> img = PixelType.UINT8.createImg(w, h, 3);
			final byte[] d = (byte[]) Planes.storage(img);
			final int n = w * h;
			final byte[] r = new byte[n], g = new byte[n], b = new byte[n];
			((ColorProcessor) ip).getRGB(r, g, b);
			System.arraycopy(r, 0, d, 0, n);
			System.arraycopy(g, 0, d, n, n);
			System.arraycopy(b, 0, d, 2 * n, n);
			return (Img<? extends RealType<?>>) img;
		}
		final PixelType type = ip instanceof ByteProcessor ? PixelType.UINT8 : ip instanceof ShortProcessor
			? PixelType.UINT16 : PixelType.FLOAT32;
		final ArrayImg<?, ?> img = type.createImg(w, h);
		final Object pixels = ip instanceof FloatProcessor || ip instanceof ByteProcessor ||
			ip instanceof ShortProcessor ? ip.getPixels() : ip.convertToFloatProcessor().getPixels();
		System.arraycopy(pixels, 0, Planes.storage(img), 0, w * h);
		return (Img<? extends RealType<?>>) img;
	}

	/**
	 * @param type a stack's pixel type
	 * @param channels 1 for grey planes, 3 for colour
	 * @return whether ImageJ shows such planes without loss (uint8, uint16, float32, bool, 3-channel uint8)
	 */
	public static boolean isExact(final PixelType type, final int channels) {
		if (channels == 3) return type == PixelType.UINT8;
		return channels == 1 && (type == PixelType.UINT8 || type == PixelType.UINT16 || type == PixelType.FLOAT32 ||
			type == PixelType.BOOL);
	}

	/**
	 * @param img a plane: (X, Y), or (X, Y, 3) uint8 for RGB
	 * @return a new ImageJ processor with a copy of its pixels (see the class's table)
	 */
	public static ImageProcessor toProcessor(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final PixelType type = PixelType.of(img);
		final int w = Math.toIntExact(img.dimension(0)), h = Math.toIntExact(img.dimension(1));
		final ArrayImg<?, ?> a = Planes.asArrayImg(img);
		final boolean copied = a != img; // a cell image (a database plane) was copied: its array is ours already
		final int n = w * h;
		if (img.numDimensions() == 3 && img.dimension(2) == 3 && type == PixelType.UINT8) {
			final byte[] s = (byte[]) Planes.storage(a);
			final ColorProcessor cp = new ColorProcessor(w, h);
			cp.setRGB(java.util.Arrays.copyOfRange(s, 0, n), java.util.Arrays.copyOfRange(s, n, 2 * n), java.util.Arrays
				.copyOfRange(s, 2 * n, 3 * n));
			return cp;
		}
		if (img.numDimensions() == 2) {
			switch (type) {
				case UINT8:
					return new ByteProcessor(w, h, (byte[]) own(Planes.storage(a), copied));
				case UINT16:
					return new ShortProcessor(w, h, (short[]) own(Planes.storage(a), copied), null);
				case FLOAT32:
					return new FloatProcessor(w, h, (float[]) own(Planes.storage(a), copied));
				case BOOL: {
					final boolean[] s = (boolean[]) Planes.storage(a);
					final byte[] d = new byte[n];
					for (int i = 0; i < n; i++)
						d[i] = s[i] ? (byte) 255 : 0;
					return new ByteProcessor(w, h, d);
				}
				default:
					break;
			}
		}
		// any other type or channel count: the first plane's values as 32-bit
		final float[] f = new float[n];
		int i = 0;
		for (final RealType<?> t : net.imglib2.view.Views.flatIterable(net.imglib2.view.Views.interval(img, new long[img
			.numDimensions()], max(img))))
			f[i++] = t.getRealFloat();
		return new FloatProcessor(w, h, f);
	}

	/** @return the array itself when it is already a copy, else a copy of it */
	private static Object own(final Object array, final boolean copied) {
		if (copied) return array;
		final int n = java.lang.reflect.Array.getLength(array);
		final Object c = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), n);
		System.arraycopy(array, 0, c, 0, n);
		return c;
	}

	private static long[] max(final RandomAccessibleInterval<?> img) {
		final long[] max = new long[img.numDimensions()];
		max[0] = img.dimension(0) - 1;
		max[1] = img.dimension(1) - 1;
		return max;
	}

	/**
	 * The reverse of {@link #toProcessor} for editing round trips.
	 *
	 * @param ip an edited processor
	 * @param target the stack's type
	 * @return the pixels: for a bool stack shown as 8-bit, {@code > 127}; else {@link #toImg} (the stack converts)
	 */
	@SuppressWarnings("unchecked")
	public static Img<? extends RealType<?>> fromProcessor(final ImageProcessor ip, final PixelType target) {
		if (target == PixelType.BOOL && ip instanceof ByteProcessor) {
			final byte[] s = (byte[]) ip.getPixels();
			final ArrayImg<?, ?> img = PixelType.BOOL.createImg(ip.getWidth(), ip.getHeight());
			final boolean[] d = (boolean[]) Planes.storage(img);
			for (int i = 0; i < s.length; i++)
				d[i] = (s[i] & 0xff) > 127;
			return (Img<? extends RealType<?>>) img;
		}
		if (target != PixelType.FLOAT32 && ip instanceof FloatProcessor && !isExact(target, 1)) return DtypeConversion.convert(
			floatsAs(ip, target), target);
		return toImg(ip);
	}

	/** 32-bit values shown for a type ImageJ cannot show, put back into that type (values cast, not rescaled). */
	private static RandomAccessibleInterval<? extends RealType<?>> floatsAs(final ImageProcessor ip,
		final PixelType target)
	{
		final ArrayImg<?, ?> img = target.createImg(ip.getWidth(), ip.getHeight());
		final float[] f = (float[]) ip.getPixels();
		int i = 0;
		for (final Object t : (Iterable<?>) img)
			((RealType<?>) t).setReal(f[i++]);
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<? extends RealType<?>> out = (RandomAccessibleInterval<? extends RealType<?>>) img;
		return out;
	}

	/**
	 * @param title the window title
	 * @param planes planes of one size
	 * @return an ImagePlus holding copies of them
	 */
	public static ImagePlus toImagePlus(final String title,
		final List<? extends RandomAccessibleInterval<? extends RealType<?>>> planes)
	{
		if (planes.isEmpty()) throw new IllegalArgumentException("No planes to show");
		final RandomAccessibleInterval<? extends RealType<?>> first = planes.get(0);
		final ij.ImageStack stack = new ij.ImageStack((int) first.dimension(0), (int) first.dimension(1));
		for (final RandomAccessibleInterval<? extends RealType<?>> p : planes)
			stack.addSlice(toProcessor(p));
		return new ImagePlus(title, stack);
	}

	/**
	 * @param imp an image or stack
	 * @return one array image per slice, in stack order
	 */
	public static List<Img<? extends RealType<?>>> toImgs(final ImagePlus imp) {
		final List<Img<? extends RealType<?>>> out = new ArrayList<>();
		final ij.ImageStack stack = imp.getStack();
		for (int i = 1; i <= stack.getSize(); i++)
			out.add(toImg(stack.getProcessor(i)));
		return out;
	}
}
