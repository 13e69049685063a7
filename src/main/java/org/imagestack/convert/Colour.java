package org.imagestack.convert;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;

/**
 * Colour to grey as {@code skimage.io.imread(..., as_gray=True)} does it (0.19): a grey image is returned unchanged;
 * an (X, Y, 3) image goes through {@code rgb2gray}: values scaled to [0, 1] by {@link DtypeConversion} (float64, or
 * float32 for a float32 image), then {@code 0.2125 R + 0.7154 G + 0.0721 B} in that float type; an (X, Y, 4) image
 * is first blended onto a white background by its alpha ({@code rgba2rgb}).
 */
public final class Colour {

	private static final double WR = 0.2125;
	private static final double WG = 0.7154;
	private static final double WB = 0.0721;

	private Colour() {}

	/**
	 * @param img a grey (X, Y) image, or a colour image (X, Y, C) with C = 3 (RGB) or 4 (RGBA)
	 * @return {@code img} when it is grey; else its luminance as a float64 image (float32 for float32 input)
	 * @throws IllegalArgumentException when the channel axis has another length, or the image is not 2D/3D
	 */
	@SuppressWarnings("unchecked")
	public static RandomAccessibleInterval<? extends RealType<?>> asGray(
		final RandomAccessibleInterval<? extends RealType<?>> img)
	{
		if (img.numDimensions() == 2) return img;
		final long channels = img.numDimensions() == 3 ? img.dimension(2) : -1;
		if (channels != 3 && channels != 4) throw new IllegalArgumentException(
			"as_gray needs a grey (X, Y) or colour (X, Y, 3 or 4) image; got " + img.numDimensions() +
				"D with dimensions " + java.util.Arrays.toString(net.imglib2.util.Intervals.dimensionsAsLongArray(img)));
		final PixelType floatType = PixelType.of(img) == PixelType.FLOAT32 ? PixelType.FLOAT32 : PixelType.FLOAT64;
		final ArrayImg<?, ?> scaled = PixelArrays.asArrayImg(DtypeConversion.convert(img, floatType), floatType);
		final int plane = (int) (img.dimension(0) * img.dimension(1));
		final double[] v = new double[(int) (plane * channels)];
		PixelArrays.readDoubles(PixelArrays.storage(scaled), floatType, 0, v, v.length);
		final double[] grey = new double[plane];
		if (floatType == PixelType.FLOAT32) luminance32(v, plane, channels == 4, grey);
		else luminance64(v, plane, channels == 4, grey);
		final ArrayImg<?, ?> out = floatType.createImg(img.dimension(0), img.dimension(1));
		PixelArrays.writeDoubles(PixelArrays.storage(out), floatType, 0, grey, plane);
		return (Img<? extends RealType<?>>) out;
	}

	private static void luminance64(final double[] v, final int plane, final boolean alpha, final double[] grey) {
		for (int i = 0; i < plane; i++) {
			double r = v[i], g = v[plane + i], b = v[2 * plane + i];
			if (alpha) {
				final double a = v[3 * plane + i];
				r = blend(r, a);
				g = blend(g, a);
				b = blend(b, a);
			}
			grey[i] = r * WR + g * WG + b * WB;
		}
	}

	private static double blend(final double c, final double a) {
		return Math.min(1, Math.max(0, (1 - a) * 1.0 + a * c));
	}

	private static void luminance32(final double[] v, final int plane, final boolean alpha, final double[] grey) {
		final float wr = (float) WR, wg = (float) WG, wb = (float) WB;
		for (int i = 0; i < plane; i++) {
			float r = (float) v[i], g = (float) v[plane + i], b = (float) v[2 * plane + i];
			if (alpha) {
				final float a = (float) v[3 * plane + i];
				r = Math.min(1f, Math.max(0f, (1 - a) * 1f + a * r));
				g = Math.min(1f, Math.max(0f, (1 - a) * 1f + a * g));
				b = Math.min(1f, Math.max(0f, (1 - a) * 1f + a * b));
			}
			grey[i] = r * wr + g * wg + b * wb;
		}
	}
}
