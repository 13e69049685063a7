package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

/**
 * {@link Regions#copy}: a rectangle of a plane (every channel) as one flat array, from array images, cell images
 * (cells cut by the rectangle, cells cut by the image's edge) and views, against the same rectangle read pixel by
 * pixel through {@code Views.interval}.
 */
class RegionsTest {

	private static <T extends RealType<T> & NativeType<T>> Img<T> filled(final Img<T> img, final long seed) {
		final Random r = new Random(seed);
		for (final T t : img)
			t.setReal(r.nextInt(200) - (t instanceof ByteType ? 100 : 0) + (t instanceof FloatType ? 0.25 : 0));
		return img;
	}

	/** @return the region's pixels read one by one, in flat order */
	private static double[] expected(final RandomAccessibleInterval<? extends RealType<?>> img, final Interval r) {
		final double[] out = new double[(int) net.imglib2.util.Intervals.numElements(r)];
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(Views.interval(img, r)))
			out[i++] = t.getRealDouble();
		return out;
	}

	/** @return the array's values as the type reads them (uint8 and uint16 unsigned) */
	private static double[] values(final Object array, final RealType<?> type) {
		final int n = java.lang.reflect.Array.getLength(array);
		final double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			if (array instanceof byte[]) out[i] = type instanceof UnsignedByteType ? ((byte[]) array)[i] & 0xff
				: ((byte[]) array)[i];
			else if (array instanceof short[]) out[i] = ((short[]) array)[i] & 0xffff;
			else out[i] = ((float[]) array)[i];
		}
		return out;
	}

	private static void check(final Img<? extends RealType<?>> img, final Interval r) {
		final Object out = Regions.copy(img, r);
		assertArrayEquals(expected(img, r), values(out, img.firstElement()), img.getClass().getSimpleName() + " " + r);
		final RandomAccessibleInterval<? extends RealType<?>> view = Views.interval(img, img); // not an Img
		assertArrayEquals(expected(img, r), values(Regions.copy(view, r), img.firstElement()), "view " + r);
	}

	private static Interval rect(final long x, final long y, final long w, final long h, final long... channels) {
		final long[] min = new long[2 + channels.length], max = new long[min.length];
		min[0] = x;
		min[1] = y;
		max[0] = x + w - 1;
		max[1] = y + h - 1;
		for (int d = 0; d < channels.length; d++)
			max[2 + d] = channels[d] - 1;
		return new FinalInterval(min, max);
	}

	private static void everyRectangle(final Img<? extends RealType<?>> img, final long... channels) {
		final long w = img.dimension(0), h = img.dimension(1);
		check(img, rect(0, 0, w, h, channels)); // the whole plane
		check(img, rect(0, 0, 1, 1, channels));
		check(img, rect(w - 1, h - 1, 1, 1, channels)); // the last pixel
		check(img, rect(1, 2, w - 2, h - 3, channels)); // inside, cutting cells
		check(img, rect(3, 0, 5, h, channels));
		check(img, rect(0, 4, w, 2, channels));
		check(img, rect(w - 3, 1, 3, h - 1, channels)); // to the right edge (partial cells)
	}

	@Test
	void arrayImagesOfEachWidth() {
		everyRectangle(filled(new ArrayImgFactory<>(new UnsignedByteType()).create(11, 9), 1));
		everyRectangle(filled(new ArrayImgFactory<>(new ByteType()).create(11, 9), 2));
		everyRectangle(filled(new ArrayImgFactory<>(new UnsignedShortType()).create(11, 9), 3));
		everyRectangle(filled(new ArrayImgFactory<>(new FloatType()).create(11, 9), 4));
	}

	@Test
	void colourArrayImagesGiveEveryChannel() {
		everyRectangle(filled(new ArrayImgFactory<>(new UnsignedByteType()).create(11, 9, 3), 5), 3);
		everyRectangle(filled(new ArrayImgFactory<>(new FloatType()).create(10, 8, 4), 6), 4);
	}

	@Test
	void cellImagesCutByTheRectangleAndTheEdge() {
		everyRectangle(filled(new CellImgFactory<>(new UnsignedByteType(), 4, 3).create(11, 9), 7));
		everyRectangle(filled(new CellImgFactory<>(new FloatType(), 4, 3).create(11, 9), 8));
		everyRectangle(filled(new CellImgFactory<>(new UnsignedShortType(), 5, 5).create(10, 10), 9));
		everyRectangle(filled(new CellImgFactory<>(new UnsignedByteType(), 64, 64).create(11, 9), 10)); // one cell
	}

	@Test
	void colourCellImagesWithWholeOrCutChannels() {
		everyRectangle(filled(new CellImgFactory<>(new UnsignedByteType(), 4, 3, 3).create(11, 9, 3), 11), 3);
		// channels cut into cells: read another way, same pixels
		everyRectangle(filled(new CellImgFactory<>(new FloatType(), 4, 3, 2).create(11, 9, 3), 12), 3);
		final Img<UnsignedByteType> img = filled(new CellImgFactory<>(new UnsignedByteType(), 4, 3, 3).create(11, 9,
			3), 13);
		final Interval oneChannel = new FinalInterval(new long[] { 1, 1, 1 }, new long[] { 6, 5, 1 });
		check(img, oneChannel);
		assertEquals(6 * 5, java.lang.reflect.Array.getLength(Regions.copy(img, oneChannel)));
	}
}
