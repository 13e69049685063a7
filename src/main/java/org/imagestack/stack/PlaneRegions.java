package org.imagestack.stack;

import java.util.Arrays;
import java.util.Locale;

import net.imglib2.FinalInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.convert.Regions;

/** {@link org.imagestack.ImageStack#readRegion}: checks the rectangle against the plane, then copies it flat. */
final class PlaneRegions {

	private PlaneRegions() {}

	/**
	 * @param img the plane (2D, or X, Y, C)
	 * @param index its index, for the message
	 * @return a new array of the rectangle's pixels, every channel whole
	 * @throws IllegalArgumentException when the rectangle is empty or not inside the plane
	 */
	static Object read(final Img<? extends RealType<?>> img, final int index, final long x, final long y,
		final int width, final int height)
	{
		final long w = img.dimension(0), h = img.dimension(1);
		if (width < 1 || height < 1 || x < 0 || y < 0 || x > w - width || y > h - height)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"The region x=%d, y=%d, width=%d, height=%d is not inside plane %d, which is %d x %d pixels: give " +
					"a width and height of at least 1 and 0 <= x <= %d - width, 0 <= y <= %d - height", x, y, width,
				height, index, w, h, w, h));
		final long[] min = new long[img.numDimensions()], max = Intervals.maxAsLongArray(img);
		Arrays.setAll(min, d -> img.min(d));
		min[0] += x;
		min[1] += y;
		max[0] = min[0] + width - 1;
		max[1] = min[1] + height - 1;
		return Regions.copy(img, new FinalInterval(min, max));
	}
}
