package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/** {@link Colour#asGray} against values printed by scikit-image 0.19's {@code rgb2gray} / {@code rgba2rgb}. */
class ColourTest {

	@Test
	void rgbUint8GivesSkimageLuminanceInFloat64() {
		// pixels (255,0,0) (0,255,0) (0,0,255) (10,200,30), channel-major planes
		final Img<UnsignedByteType> rgb = ArrayImgs.unsignedBytes(new byte[] { (byte) 255, 0, 0, 10, 0, (byte) 255,
			0, (byte) 200, 0, 0, (byte) 255, 30 }, 4, 1, 3);
		final RandomAccessibleInterval<? extends RealType<?>> grey = Colour.asGray(rgb);
		assertEquals(PixelType.FLOAT64, PixelType.of(grey));
		assertEquals(2, grey.numDimensions());
		assertArrayEquals(new String[] { "0.2125", "0.7154", "0.0721", "0.577913725490196" }, DtypeConversionTest
			.values(grey));
	}

	@Test
	void float32StaysFloat32() {
		final Img<? extends RealType<?>> rgb = DtypeConversion.convert(ArrayImgs.doubles(new double[] { 0.1, 0.2,
			0.3 }, 1, 1, 3), PixelType.FLOAT32);
		final RandomAccessibleInterval<? extends RealType<?>> grey = Colour.asGray(rgb);
		assertEquals(PixelType.FLOAT32, PixelType.of(grey));
		assertEquals(0.18595999479293823, grey.getAt(0, 0).getRealDouble());
	}

	@Test
	void rgbaIsBlendedOntoWhite() {
		final Img<UnsignedByteType> rgba = ArrayImgs.unsignedBytes(new byte[] { (byte) 255, 0, 0, (byte) 128 }, 1, 1,
			4);
		assertEquals(0.6047058823529412, Colour.asGray(rgba).getAt(0, 0).getRealDouble());
	}

	@Test
	void greyIsUnchangedAndOtherChannelCountsAreRejected() {
		final Img<UnsignedByteType> grey = ArrayImgs.unsignedBytes(2, 2);
		assertSame(grey, Colour.asGray(grey));
		assertThrows(IllegalArgumentException.class, () -> Colour.asGray(ArrayImgs.unsignedBytes(2, 2, 2)));
	}
}
