package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
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
}
