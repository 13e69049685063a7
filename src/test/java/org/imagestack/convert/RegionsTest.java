package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellImg;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.logic.BitType;
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
		// the last row of cells cut by the image's edge: each channel's rows in such a cell are fewer
		everyRectangle(filled(new CellImgFactory<>(new UnsignedByteType(), 4, 3, 3).create(11, 10, 3), 19), 3);
		// channels cut into cells: read another way, same pixels
		everyRectangle(filled(new CellImgFactory<>(new FloatType(), 4, 3, 2).create(11, 9, 3), 12), 3);
		final Img<UnsignedByteType> img = filled(new CellImgFactory<>(new UnsignedByteType(), 4, 3, 3).create(11, 9,
			3), 13);
		final Interval oneChannel = new FinalInterval(new long[] { 1, 1, 1 }, new long[] { 6, 5, 1 });
		check(img, oneChannel);
		assertEquals(6 * 5, java.lang.reflect.Array.getLength(Regions.copy(img, oneChannel)));
	}

	/**
	 * A cell image that also hands out its cells' arrays ({@link CellArrays}, as a database plane does): the cells of
	 * a cell image, or, for every cell, an array of another class than the pixels'.
	 */
	private static final class ArrayCells<T extends NativeType<T>> extends LazyCellImg<T, ArrayDataAccess<?>>
		implements CellArrays
	{

		private final List<Cell<ArrayDataAccess<?>>> cells;
		private final boolean wrongClass;

		ArrayCells(final CellImg<T, ? extends ArrayDataAccess<?>> source, final List<Cell<ArrayDataAccess<?>>> cells,
			final boolean wrongClass)
		{
			super(source.getCellGrid(), source.firstElement().createVariable(), i -> cells.get((int) (long) i));
			this.cells = cells;
			this.wrongClass = wrongClass;
		}

		@Override
		public Object cellArray(final long index) {
			final Object a = cells.get((int) index).getData().getCurrentStorageArray();
			return wrongClass ? new int[java.lang.reflect.Array.getLength(a)] : a;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static <T extends NativeType<T>> ArrayCells<T> arrayCells(final Img<T> img, final boolean wrongClass) {
		final CellImg<T, ?> source = (CellImg<T, ?>) img;
		final List<Cell<ArrayDataAccess<?>>> cells = new ArrayList<>();
		for (final Object c : Views.flatIterable(source.getCells()))
			cells.add((Cell<ArrayDataAccess<?>>) c);
		return new ArrayCells<>((CellImg) source, cells, wrongClass);
	}

	@Test
	void cellImagesThatHandOutTheirArraysGiveEveryRectangle() {
		// 11 x 9 in cells of 4 x 3: 3 columns and 3 rows of cells, read by index (X fastest), several at once
		everyRectangle(arrayCells(filled(new CellImgFactory<>(new UnsignedShortType(), 4, 3).create(11, 9), 14), false));
		everyRectangle(arrayCells(filled(new CellImgFactory<>(new FloatType(), 4, 3, 2).create(11, 9, 2), 15), false),
			2);
		everyRectangle(arrayCells(filled(new CellImgFactory<>(new UnsignedByteType(), 5, 2).create(10, 7), 16), false));
		everyRectangle(arrayCells(filled(new CellImgFactory<>(new UnsignedShortType(), 4, 3, 2).create(10, 8, 2), 20),
			false), 2);
	}

	@Test
	void handedOutArraysOfAnotherClassAreRefusedWhenSeveralCellsAreRead() {
		final Img<UnsignedShortType> img = arrayCells(filled(new CellImgFactory<>(new UnsignedShortType(), 4, 3).create(
			11, 9), 17), true);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> Regions.copy(img, rect(2, 1, 5,
			4)));
		assertEquals("A cell's pixels are not an array of short", e.getMessage());
		// one cell is read on the calling thread: its wrong array makes the copy fall back to the image's own cells
		check(img, rect(4, 3, 4, 3));
		check(img, rect(5, 4, 1, 2));
	}

	@Test
	void oneDimensionalImages() {
		final float[] px = { 1, 2, 3, 4, 5, 6, 7 };
		final Interval middle = new FinalInterval(new long[] { 2 }, new long[] { 5 });
		assertArrayEquals(new float[] { 3, 4, 5, 6 }, (float[]) Regions.copy(ArrayImgs.floats(px, 7), middle));
		final Img<FloatType> cells = new CellImgFactory<>(new FloatType(), 3).create(7);
		int i = 0;
		for (final FloatType t : cells)
			t.set(px[i++]);
		assertArrayEquals(new float[] { 3, 4, 5, 6 }, (float[]) Regions.copy(cells, middle));
	}

	@Test
	void bitImagesWhosePixelsAreNotOneBooleanEach() {
		// BitType keeps 64 pixels in a long: neither fast path applies; the region comes as booleans all the same
		final Img<BitType> array = ArrayImgs.bits(11, 9);
		final Img<BitType> cells = new CellImgFactory<>(new BitType(), 4, 3).create(11, 9);
		final Random r = new Random(18);
		final net.imglib2.Cursor<BitType> c = cells.cursor();
		for (final BitType t : array) {
			t.set(r.nextBoolean());
			c.next().set(t.get());
		}
		for (final Img<BitType> img : List.of(array, cells)) {
			final boolean[] out = (boolean[]) Regions.copy(img, rect(1, 2, 7, 5));
			int k = 0;
			for (final BitType t : Views.flatIterable(Views.interval(img, rect(1, 2, 7, 5))))
				assertEquals(t.get(), out[k++], img.getClass().getSimpleName() + " pixel " + k);
			assertEquals(35, k);
		}
	}
}
