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
}
