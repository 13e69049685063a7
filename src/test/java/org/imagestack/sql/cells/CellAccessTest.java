package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.Dirty;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.cell.Cell;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/** A cell's pixels as ImgLib2 sees them: the same array, every write noted, and its size on the heap. */
class CellAccessTest {

	@Test
	void everyTypesArrayIsSharedNotCopiedAndItsWritesAreNoted() {
		for (final PixelType type : PixelType.values()) {
			final Object array = CellCodec.newArray(type, 6);
			final DataAccess access = CellAccess.wrap(type, array);
			assertSame(array, CellAccess.array(access), type.toString());
			final Cell<DataAccess> cell = new Cell<>(new int[] { 3, 2 }, new long[] { 0, 0 }, access);
			final Dirty dirty = CellAccess.dirty(cell);
			assertFalse(dirty.isDirty(), type + ": nothing written yet");
			dirty.setDirty();
			assertTrue(CellAccess.dirty(cell).isDirty(), type + ": written");
		}
	}

	@Test
	void aCellsBytesOnTheHeapFollowItsElementType() {
		final int n = 1000;
		for (final PixelType type : PixelType.values()) {
			final Dirty access = (Dirty) CellAccess.wrap(type, CellCodec.newArray(type, n));
			assertEquals((long) n * type.bytesPerPixel(), CellAccess.bytes(access), type.toString());
		}
	}
}
