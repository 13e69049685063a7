package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/** A cell's key as the cache finds cells by it, and as messages name the cell; a plane row's form. */
class CellKeyTest {

	@Test
	void aKeyIsEqualOnlyToTheSameCellOfTheSamePlane() {
		final CellKey k = new CellKey(7, 3);
		assertEquals(new CellKey(7, 3), k);
		assertEquals(new CellKey(7, 3).hashCode(), k.hashCode());
		assertNotEquals(new CellKey(7, 4), k, "another cell");
		assertNotEquals(new CellKey(8, 3), k, "another plane");
		assertFalse(k.equals("cell 3 of plane 7"), "not a key");
		assertFalse(k.equals(null));
	}

	@Test
	void theKeysOfManyCellsOfManyPlanesHashApart() {
		final Set<Integer> hashes = new HashSet<>();
		for (long plane = 1; plane <= 40; plane++)
			for (int cell = 0; cell < 25; cell++)
				hashes.add(new CellKey(plane, cell).hashCode());
		assertEquals(1000, hashes.size(), "a cache of a thousand cells is a hash table, not a list");
	}

	@Test
	void aKeyNamesItsCell() {
		assertEquals("cell 3 of plane 7", new CellKey(7, 3).toString());
	}

	@Test
	void aPlaneRowWithoutCellDimensionsIsOneBlobOfVersionOne() {
		assertTrue(new PlaneRow(1, 0, new long[] { 4, 4 }, PixelType.UINT8, null).legacy());
		assertFalse(new PlaneRow(1, 0, new long[] { 4, 4 }, PixelType.UINT8, new int[] { 4, 4 }).legacy());
	}
}
