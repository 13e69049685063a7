package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.cell.CellGrid;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/** What a plane knows of its rows in the open transaction: which cells are to be inserted and which updated. */
class PlaneSlotTest {

	private static final long[] DIMS = { 600, 300 };

	@Test
	void aSavedPlaneOfCellsHasARowForEveryCellAndAVersionOnePlaneForNone() {
		final PlaneSlot cells = PlaneSlot.saved(new PlaneRow(5, 7, DIMS, PixelType.UINT8, new int[] { 512, 256 }));
		assertTrue(cells.stored);
		assertEquals(7, cells.pos);
		assertTrue(cells.rowFor(0));
		assertTrue(cells.rowFor(3));
		final PlaneSlot blob = PlaneSlot.saved(new PlaneRow(6, 8, DIMS, PixelType.UINT8, null));
		assertTrue(blob.stored, "its plane row exists");
		assertFalse(blob.rowFor(0), "no cell row yet: inserted");
		assertTrue(blob.rowFor(0), "inserted once: then updated");
		assertFalse(blob.rowFor(1));
	}

	@Test
	void aCopyKeepsTheRowsWrittenAndTheMoveAndIsNotChangedByTheOriginal() {
		final PlaneSlot s = new PlaneSlot(5, 10, DIMS, new int[] { 256, 256 }, PixelType.FLOAT32, false);
		s.rowFor(2);
		s.posChanged = true;
		final PlaneSlot c = s.copy();
		assertTrue(c.posChanged);
		assertFalse(c.stored);
		assertEquals(10, c.pos);
		s.rowFor(4);
		assertTrue(c.rowFor(2), "written before the copy");
		assertFalse(c.rowFor(4), "written after it, in the original only");
		final PlaneSlot saved = PlaneSlot.saved(new PlaneRow(6, 8, DIMS, PixelType.UINT8, new int[] { 512, 256 }));
		assertTrue(saved.copy().rowFor(1), "a saved plane's copy: every cell has a row");
	}

	@Test
	void aPlanesGridIsItsOwnCellShapeOrForAVersionOnePlaneTheStacksCellSize() {
		final int[] cell = new int[2];
		final PlaneSlot cells = new PlaneSlot(1, 0, DIMS, new int[] { 100, 50 }, PixelType.UINT8, true);
		cells.grid(4096).cellDimensions(cell);
		assertArrayEquals(new int[] { 100, 50 }, cell, "as stored, whatever the stack's cell size now");
		final CellGrid blob = new PlaneSlot(1, 0, DIMS, null, PixelType.UINT8, true).grid(4096);
		blob.cellDimensions(cell);
		assertArrayEquals(new int[] { 64, 64 }, cell, "4 KiB of uint8");
		assertArrayEquals(DIMS, blob.getImgDimensions());
	}
}
