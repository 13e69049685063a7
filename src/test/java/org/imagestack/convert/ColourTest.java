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

	/** The pixel values in flat order (X fastest). */
	private static double[] pixels(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final double[] out = new double[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final RealType<?> t : net.imglib2.view.Views.flatIterable(img))
			out[i++] = t.getRealDouble();
		return out;
	}

	/**
	 * Each pixel within one unit in the last place of the type's value printed by skimage: numpy computes
	 * {@code rgb @ coeffs} through BLAS, whose kernel (fused multiply-adds, the order of the sum) depends on the
	 * array's size, so skimage itself gives a 1x1 image's pixel and the same pixel in a larger image a last bit apart;
	 * the weights, clipping and blending the tests check change values by far more.
	 */
	private static void assertCloseToSkimage(final double[] expected, final RandomAccessibleInterval<? extends RealType<?>> grey) {
		final double[] actual = pixels(grey);
		assertEquals(expected.length, actual.length);
		final boolean float32 = PixelType.of(grey) == PixelType.FLOAT32;
		for (int i = 0; i < expected.length; i++) {
			final double ulp = float32 ? Math.ulp((float) expected[i]) : Math.ulp(expected[i]);
			assertEquals(expected[i], actual[i], ulp, "pixel " + i + " of " + java.util.Arrays.toString(actual));
		}
	}

	/**
	 * A 2 x 2 RGBA image, channel-major planes: (0.2, 0.4, 0.6, 0.5), (1, 0, 0.5, 0.25), values above 1 (1.5, 1.25,
	 * 1.75, 0.5) and below 0 (-0.5, -0.25, -0.75, 0.9): skimage does not check a float image's range, and
	 * {@code rgba2rgb} clips each blended channel to [0, 1].
	 */
	private static final double[] RGBA = { 0.2, 1.0, 1.5, -0.5, 0.4, 0.0, 1.25, -0.25, 0.6, 0.5, 1.75, -0.75, 0.5,
		0.25, 0.5, 0.9 };

	@Test
	void rgbaFloat64IsBlendedAndClippedPerChannel() {
		final RandomAccessibleInterval<? extends RealType<?>> grey = Colour.asGray(ArrayImgs.doubles(RGBA.clone(), 2, 2,
			4));
		assertEquals(PixelType.FLOAT64, PixelType.of(grey));
		assertArrayEquals(new long[] { 2, 2 }, net.imglib2.util.Intervals.dimensionsAsLongArray(grey));
		// skimage 0.19.3: rgb2gray(rgba2rgb(a)) of the (Y, X, C) array
		assertCloseToSkimage(new double[] { 0.6859599999999999, 0.8121375000000001, 1.0, 0.0 }, grey);
	}

	@Test
	void rgbaFloat32IsBlendedAndClippedPerChannelInFloat32() {
		final float[] f = new float[RGBA.length];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) RGBA[i];
		final RandomAccessibleInterval<? extends RealType<?>> grey = Colour.asGray(ArrayImgs.floats(f, 2, 2, 4));
		assertEquals(PixelType.FLOAT32, PixelType.of(grey));
		assertCloseToSkimage(new double[] { 0.6859599947929382, 0.8121375441551208, 0.9999999403953552, 0.0 }, grey);
	}

	@Test
	void rgbFloatValuesOutsideTheUnitRangePassUnclipped() {
		// the first three channels of RGBA: rgb2gray neither checks nor clips
		final double[] rgb = java.util.Arrays.copyOf(RGBA, 12);
		final RandomAccessibleInterval<? extends RealType<?>> grey = Colour.asGray(ArrayImgs.doubles(rgb, 2, 2, 3));
		assertEquals(PixelType.FLOAT64, PixelType.of(grey));
		assertCloseToSkimage(new double[] { 0.37192000000000003, 0.24855, 1.339175, -0.339175 }, grey);
		final float[] f = new float[12];
		for (int i = 0; i < f.length; i++)
			f[i] = (float) rgb[i];
		final RandomAccessibleInterval<? extends RealType<?>> grey32 = Colour.asGray(ArrayImgs.floats(f, 2, 2, 3));
		assertEquals(PixelType.FLOAT32, PixelType.of(grey32));
		assertCloseToSkimage(new double[] { 0.37191998958587646, 0.24854999780654907, 1.3391749858856201,
			-0.3391749858856201 }, grey32);
	}

	private static short[] shorts(final int... v) {
		final short[] s = new short[v.length];
		for (int i = 0; i < v.length; i++)
			s[i] = (short) v[i];
		return s;
	}

	@Test
	void uint16ImagesWiderThanTallAreScaledThenWeighed() {
		// 3 x 2 pixels, values drawn at random in skimage's test script
		final RandomAccessibleInterval<? extends RealType<?>> rgb = ArrayImgs.unsignedShorts(shorts(58792, 52756, 13605,
			30726, 1142, 18730, 43960, 39413, 52949, 24639, 41303, 4333, 44014, 1484, 44480, 33772, 18300, 64194), 3, 2,
			3);
		final RandomAccessibleInterval<? extends RealType<?>> grey = Colour.asGray(rgb);
		assertArrayEquals(new long[] { 3, 2 }, net.imglib2.util.Intervals.dimensionsAsLongArray(grey));
		assertEquals(PixelType.FLOAT64, PixelType.of(grey));
		assertCloseToSkimage(new double[] { 0.718939397268635, 0.6029405142290379, 0.6710579858091097,
			0.4057522972457465, 0.47471230945296405, 0.1786578255893797 }, grey);
		final RandomAccessibleInterval<? extends RealType<?>> rgba = ArrayImgs.unsignedShorts(shorts(26378, 30341,
			45874, 10165, 25253, 385, 3534, 25124, 26769, 2967, 3195, 65482, 655, 9156, 13774, 35508, 47248, 13909,
			18214, 37433, 8589, 66, 9752, 12516), 3, 2, 4);
		assertCloseToSkimage(new double[] { 0.7567660753949704, 0.647413187526167, 0.9287193267065731,
			0.999098059566311, 0.8763039267038872, 0.9486969389821611 }, Colour.asGray(rgba));
	}

	@Test
	void otherShapesAreRefusedNamingTheirDimensions() {
		for (final long[] dims : new long[][] { { 4 }, { 2, 2, 2 }, { 2, 2, 5 }, { 2, 2, 3, 1 }, { 2, 2, 1 } }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Colour.asGray(ArrayImgs
				.unsignedBytes(dims)));
			assertEquals("as_gray needs a grey (X, Y) or colour (X, Y, 3 or 4) image; got " + dims.length +
				"D with dimensions " + java.util.Arrays.toString(dims), e.getMessage());
		}
	}
}
