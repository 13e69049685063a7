package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.stack.AbstractImageStackTest;

/** How planes are cut into cells, and the shapes as the catalog stores them. */
class CellShapeTest {

	private static String cells(final PixelType type, final int cellBytes, final long... plane) {
		return CellShape.text(CellShape.cellDims(type, plane, cellBytes));
	}

	@Test
	void cellsAreTheLargestPowerOfTwoSquareOrTwoToOneWithinTheBytesAndNoLargerThanThePlane() {
		assertEquals("512,512", cells(PixelType.UINT8, 256 << 10, 4000, 4000));
		assertEquals("512,256", cells(PixelType.UINT16, 256 << 10, 4000, 4000));
		assertEquals("256,256", cells(PixelType.FLOAT32, 256 << 10, 4000, 4000));
		assertEquals("256,128", cells(PixelType.FLOAT64, 256 << 10, 4000, 4000));
		assertEquals("4,2", cells(PixelType.UINT8, 11, 100, 100), "11 bytes: 8 pixels");
		assertEquals("2,2", cells(PixelType.UINT8, 4, 100, 100));
		assertEquals("1,1", cells(PixelType.FLOAT64, 1, 100, 100), "at least one pixel");
		assertEquals("256,256,3", cells(PixelType.UINT8, 256 << 10, 4000, 4000, 3), "every channel in a cell");
		assertEquals("100,7", cells(PixelType.FLOAT32, 256 << 10, 100, 7));
		assertEquals("1,1", cells(PixelType.UINT8, 256 << 10, 0, 0), "an empty plane still has a cell shape");
	}

	@Test
	void aGridCountsItsCellsAndShapesReadBackAsWritten() {
		assertEquals(6, CellShape.cellCount(CellShape.grid(new long[] { 700, 300 }, new int[] { 256, 256 })));
		assertEquals(1, CellShape.cellCount(CellShape.grid(new long[] { 10, 10 }, new int[] { 10, 10 })));
		assertEquals(9, CellShape.cellCount(CellShape.grid(new long[] { 700, 300, 3 }, new int[] { 256, 128, 3 })));
		assertEquals("1600,1200", CellShape.text(new long[] { 1600, 1200 }));
		assertArrayEquals(new long[] { 1600, 1200, 3 }, CellShape.parseLongs("1600,1200,3"));
		assertArrayEquals(new int[] { 512, 256 }, CellShape.parseInts(CellShape.text(new int[] { 512, 256 })));
	}

	@Test
	void anImageIsConvertedToTheStacksTypeWhatEverItsSizeAndKeptWhenItIsOfThatType() {
		final Img<? extends RealType<?>> small = AbstractImageStackTest.ramp(1, 5, 4);
		assertSame(small, CellShape.toType(small, PixelType.UINT8), "already uint8");
		for (final long[] size : new long[][] { { 5, 4 }, { 700, 600 } }) { // one cell; several (converted lazily)
			final Img<? extends RealType<?>> img = AbstractImageStackTest.ramp(3, (int) size[0], (int) size[1]);
			final Img<? extends RealType<?>> f = CellShape.toType(img, PixelType.FLOAT32);
			assertEquals(PixelType.FLOAT32, PixelType.of(f));
			assertEquals(AbstractImageStackTest.pixels(DtypeConversion.convert(img, PixelType.FLOAT32)),
				AbstractImageStackTest.pixels(f));
		}
	}

	@Test
	void onlyAPlaneIsConvertedAndAViewOfTheStacksTypeBecomesAnImage() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CellShape.toType(
			ArrayImgs.unsignedBytes(4, 4, 2), PixelType.FLOAT32));
		assertTrue(e.getMessage().startsWith("A plane must be 2D (X, Y) or colour (X, Y, C) with 3 or 4 channels; " +
			"got 3D [4, 4, 2]"), e.getMessage());
		final Img<? extends RealType<?>> img = AbstractImageStackTest.ramp(2, 6, 5);
		final Img<? extends RealType<?>> fromView = CellShape.toType(Views.interval(img, img), PixelType.UINT8);
		assertEquals(PixelType.UINT8, PixelType.of(fromView));
		assertEquals(AbstractImageStackTest.pixels(img), AbstractImageStackTest.pixels(fromView));
	}

	@Test
	void anImageOfOneCellIsConvertedAtOnceALargerOneAsItsCellsAreRead() {
		// float32 cells of 256 x 256 by default: a copy up to that size, later reads of the source beyond it
		for (final int[] size : new int[][] { { 5, 4 }, { 256, 256 }, { 257, 256 }, { 700, 600 } }) {
			final Img<UnsignedByteType> img = AbstractImageStackTest.ramp(0, size[0], size[1]);
			final long[] last = { size[0] - 1, size[1] - 1 };
			final double before = AbstractImageStackTest.at(DtypeConversion.convert(AbstractImageStackTest.ramp(0,
				size[0], size[1]), PixelType.FLOAT32), last);
			final Img<? extends RealType<?>> f = CellShape.toType(img, PixelType.FLOAT32);
			img.getAt(last).set(200); // after the conversion, before its pixels are read
			final boolean oneCell = size[0] * size[1] <= 256 * 256;
			assertEquals(oneCell, before == AbstractImageStackTest.at(f, last), size[0] + " x " + size[1] +
				": converted at once");
		}
	}
}
