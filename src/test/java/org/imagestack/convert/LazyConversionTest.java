package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.imagestack.PixelType;

/**
 * {@link LazyConversion}: an image converted cell by cell gives what converting it whole gives (checked against
 * scikit-image's table by {@code DtypeConversionTest}), for every pair, with the whole image's maximum and range
 * deciding every cell; an image scikit-image refuses is refused before any cell is read.
 */
class LazyConversionTest {

	private static final int W = 13, H = 7;

	private static final int[] CELLS = { 4, 3 }; // 4 x 3 cells: the last column and row cut by the image's edge

	/** @return a W x H array image of the array's values, translated so that it does not start at 0 */
	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends RealType<?>> image(final PixelType t, final Object pixels) {
		final ArrayImg<?, ?> img = t.createImg(W, H);
		System.arraycopy(pixels, 0, PixelArrays.storage(img), 0, W * H);
		return Views.translate((Img<? extends RealType<?>>) img, 100, -20);
	}

	/** @return the pixels of a converted image, flat (X fastest) */
	private static Object pixels(final Img<? extends RealType<?>> img, final PixelType t) {
		return PixelArrays.storage(PixelArrays.asArrayImg(img, t));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("org.imagestack.convert.DtypeConversionTest#pairs")
	void cellByCellIsWholeImage(final PixelType from, final PixelType to) {
		for (final RandomImages.Spread spread : RandomImages.Spread.values()) {
			final long seed = 100L * (from.ordinal() * 11 + to.ordinal()) + spread.ordinal();
			final Object whole = RandomImages.array(from, W * H, seed, spread);
			final RandomAccessibleInterval<? extends RealType<?>> src = image(from, whole);
			if (from.isFloat() && to.isInteger() && spread == RandomImages.Spread.WIDE) {
				final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LazyConversion
					.convert(src, to, CELLS), from + " -> " + to);
				assertTrue(e.getMessage().contains("between -1 and 1"), e.getMessage());
				continue;
			}
			final Img<? extends RealType<?>> lazy = LazyConversion.convert(src, to, CELLS);
			assertEquals(to, PixelType.of(lazy));
			assertArrayEquals(new long[] { W, H }, Intervals.dimensionsAsLongArray(lazy));
			assertArrayEquals(new long[] { 0, 0 }, Intervals.minAsLongArray(lazy));
			final String difference = RandomImages.difference(to, RandomImages.convertWhole(whole, from, to), pixels(lazy,
				to));
			assertNull(difference, from + " -> " + to + " " + spread + ": " + difference);
		}
	}

	@Test
	void aDowncastLooksAtTheWholeImageNotTheCell() {
		// skimage: uint16 200 alone fits uint8 and is cast; with 1000 anywhere in the image, every value is divided
		// by 256; here 1000 is in the last cell, read after the first
		final short[] px = new short[W * H];
		px[0] = 200;
		px[W * H - 1] = 1000;
		final Img<? extends RealType<?>> lazy = LazyConversion.convert(ArrayImgs.unsignedShorts(px, W, H),
			PixelType.UINT8, CELLS);
		assertEquals(0, lazy.getAt(0, 0).getRealDouble());
		assertEquals(3, lazy.getAt(W - 1, H - 1).getRealDouble());
		px[W * H - 1] = 255; // fits: cast
		final Img<? extends RealType<?>> cast = LazyConversion.convert(ArrayImgs.unsignedShorts(px, W, H),
			PixelType.UINT8, CELLS);
		assertEquals(200, cast.getAt(0, 0).getRealDouble());
		assertEquals(255, cast.getAt(W - 1, H - 1).getRealDouble());
	}

	@Test
	void aFloatImageOutsideTheUnitRangeIsRefusedBeforeAnyCellIsConverted() {
		final float[] px = new float[W * H];
		px[W * H - 1] = 1.5f; // in the last cell
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LazyConversion.convert(
			ArrayImgs.floats(px, W, H), PixelType.UINT8, CELLS));
		assertTrue(e.getMessage().contains("float32 to uint8 found values from 0.0 to 1.5"), e.getMessage());
		// and float to float never looks: 1.5 passes
		assertEquals(1.5, LazyConversion.convert(ArrayImgs.floats(px, W, H), PixelType.FLOAT64, CELLS).getAt(W - 1,
			H - 1).getRealDouble());
	}

	@Test
	void theResultIsALazyImageInTheGivenCells() {
		final Img<? extends RealType<?>> lazy = LazyConversion.convert(ArrayImgs.unsignedShorts(W, H), PixelType.FLOAT32,
			CELLS);
		final CellGrid grid = ((LazyCellImg<?, ?>) lazy).getCellGrid();
		assertEquals(4, grid.cellDimension(0));
		assertEquals(3, grid.cellDimension(1));
		assertArrayEquals(new long[] { 4, 3 }, grid.getGridDimensions());
	}

	@Test
	void cellIntervalsAreCutByTheImagesEdge() {
		final CellGrid grid = new CellGrid(new long[] { W, H, 3 }, new int[] { 4, 3, 3 });
		assertInterval(new long[] { 0, 0, 0 }, new long[] { 3, 2, 2 }, LazyConversion.cell(grid, 0));
		assertInterval(new long[] { 4, 0, 0 }, new long[] { 7, 2, 2 }, LazyConversion.cell(grid, 1));
		assertInterval(new long[] { 12, 0, 0 }, new long[] { 12, 2, 2 }, LazyConversion.cell(grid, 3));
		assertInterval(new long[] { 0, 3, 0 }, new long[] { 3, 5, 2 }, LazyConversion.cell(grid, 4));
		assertInterval(new long[] { 12, 6, 0 }, new long[] { 12, 6, 2 }, LazyConversion.cell(grid, 11));
	}

	private static void assertInterval(final long[] min, final long[] max, final Interval cell) {
		assertArrayEquals(min, Intervals.minAsLongArray(cell));
		assertArrayEquals(max, Intervals.maxAsLongArray(cell));
	}

	@Test
	void onlyThePairsWhoseRulesLookAtTheWholeImageGatherStatistics() {
		// a downcast's maximum, a float image's range: the rest convert each value on its own
		for (final PixelType from : PixelType.values())
			for (final PixelType to : PixelType.values())
				assertEquals(from.isInteger() && to.isInteger() || from.isFloat() && to.isInteger(), LazyConversion
					.needsStats(from, to), from + " -> " + to);
		final Img<UnsignedShortType> img = ArrayImgs.unsignedShorts(new short[] { 1, (short) 65535 }, 2, 1);
		assertEquals(65535 / 65535.0, LazyConversion.convert(img, PixelType.FLOAT64, new int[] { 1, 1 }).getAt(1, 0)
			.getRealDouble());
	}
}
