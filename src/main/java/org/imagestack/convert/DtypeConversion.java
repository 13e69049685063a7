package org.imagestack.convert;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;

/** scikit-image's dtype conversion on ImgLib2 images. (Being written: see issue 4.) */
public final class DtypeConversion {

	private DtypeConversion() {}

	public static Img<? extends RealType<?>> convert(final RandomAccessibleInterval<? extends RealType<?>> img,
		final PixelType to)
	{
		throw new UnsupportedOperationException("conversion is being written");
	}
}
