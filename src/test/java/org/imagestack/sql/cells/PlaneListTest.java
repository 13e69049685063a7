package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/**
 * The planes' order as a save writes it (a position per plane: the database reads the planes back sorted by it), the
 * planes whose cells may still be read, and the return to a snapshot after a failed operation.
 */
class PlaneListTest {

	private static PlaneSlot saved(final long id, final long pos) {
		return PlaneSlot.saved(new PlaneRow(id, pos, new long[] { 4, 3 }, PixelType.UINT8, new int[] { 4, 3 }));
	}

	private static PlaneSlot fresh(final long id) {
		return new PlaneSlot(id, 0, new long[] { 5, 2 }, new int[] { 5, 2 }, PixelType.UINT8, false);
	}

	private static List<Long> ids(final List<PlaneSlot> slots) {
		final List<Long> ids = new ArrayList<>();
		for (final PlaneSlot s : slots)
			ids.add(s.id);
		return ids;
	}

	/** @return the plane ids in the order a reload after a save gives them: by position */
	private static List<Long> reloadedOrder(final PlaneList list) {
		final List<PlaneSlot> bySaved = list.current();
		bySaved.sort(Comparator.comparingLong(s -> s.pos));
		for (int k = 1; k < bySaved.size(); k++)
			assertTrue(bySaved.get(k - 1).pos < bySaved.get(k).pos, "two planes at one position");
		return ids(bySaved);
	}

	private static PlaneList savedList(final int n) {
		final PlaneList list = new PlaneList();
		for (int i = 1; i <= n; i++)
			list.append(saved(i, i * 1000L));
		return list;
	}

	@Test
	void planesInsertedAnywhereReloadInTheirOrderAndOnlyThemselvesAreMoved() {
		final PlaneList list = savedList(3);
		list.insert(3, fresh(10)); // at the end
		list.insert(0, fresh(11)); // in front
		list.insert(2, fresh(12)); // in the middle
		assertEquals(List.of(11L, 1L, 12L, 2L, 3L, 10L), ids(list.current()));
		assertEquals(ids(list.current()), reloadedOrder(list));
		for (final PlaneSlot s : list.current())
			assertEquals(s.id >= 10, s.posChanged, "plane " + s.id + ": only the new planes' rows are written");
		assertEquals(3000, list.get(4).pos, "a saved plane keeps its position");
		final PlaneList empty = new PlaneList();
		empty.insert(0, fresh(1));
		empty.insert(0, fresh(2));
		empty.insert(1, fresh(3));
		assertEquals(List.of(2L, 3L, 1L), reloadedOrder(empty));
	}

	@Test
	void whenTheGapsAreUsedUpThePlanesAreRenumberedAndThoseMovedAreWrittenAgain() {
		final PlaneList list = new PlaneList();
		list.append(saved(1, 1));
		list.append(saved(2, 2)); // no room between them
		list.insert(1, fresh(3));
		assertEquals(List.of(1L, 3L, 2L), ids(list.current()));
		assertEquals(List.of(1L, 3L, 2L), reloadedOrder(list));
		assertTrue(list.get(0).pos > 0 && list.get(0).posChanged && list.get(2).posChanged,
			"renumbered: every moved plane's position is written by the save");
		for (int i = 0; i < 60; i++) // each before the last: the gap halves each time
			list.insert(list.size() - 1, fresh(100 + i));
		assertEquals(ids(list.current()), reloadedOrder(list));
		assertEquals(2L, (long) ids(list.current()).get(list.size() - 1));
	}

	@Test
	void replacedAndRemovedPlanesAreRetiredAndStillKnownUntilTheSaveDropsThem() {
		final PlaneList list = savedList(3);
		final PlaneSlot one = list.get(0), two = list.get(1);
		final PlaneSlot repl = fresh(20);
		list.register(repl);
		assertTrue(list.knows(20), "a new plane's cells are read while it is filled");
		assertEquals(3, list.size(), "but it is not in the order yet");
		assertTrue(list.replace(one, repl));
		assertFalse(list.replace(one, fresh(21)), "already replaced");
		assertSame(two, list.remove(1));
		assertEquals(List.of(20L, 3L), ids(list.current()));
		assertEquals(Set.of(20L, 3L), list.ids());
		assertEquals(List.of(1L, 2L), ids(list.retired()));
		assertTrue(list.knows(1) && list.knows(2), "a plane handed out before still reads");
		assertSame(one, list.byId(1));
		list.dropRetired(list.retired());
		assertFalse(list.knows(1) || list.knows(2), "deleted by the save");
		assertNull(list.byId(2));
		assertTrue(list.retired().isEmpty());
		list.forget(20);
		assertFalse(list.knows(20));
		list.retired().add(one);
		list.current().clear();
		assertEquals(2, list.size(), "the lists handed out are copies");
		assertTrue(list.retired().isEmpty());
	}

	@Test
	void theListChangesWithAnyPlaneAddedRetiredOrMovedOnly() {
		final PlaneList list = savedList(2);
		assertFalse(list.changed(), "as loaded");
		list.get(1).posChanged = true;
		assertTrue(list.changed(), "moved");
		list.get(1).posChanged = false;
		list.insert(2, fresh(9));
		assertTrue(list.changed(), "a plane not yet saved");
		list.get(2).stored = true;
		list.get(2).posChanged = false;
		assertFalse(list.changed());
		list.remove(0);
		assertTrue(list.changed(), "a plane to delete");
		list.dropRetired(list.retired());
		assertFalse(list.changed());
	}

	@Test
	void pixelsAreCountedOverTheCurrentPlanes() {
		final PlaneList list = savedList(2);
		list.insert(0, fresh(7));
		assertEquals(12 + 12 + 10, list.pixels());
		list.remove(0);
		assertEquals(24, list.pixels());
		list.clear();
		assertEquals(0, list.size());
		assertFalse(list.knows(1));
	}

	@Test
	void restoringASnapshotReturnsThePlanesTheirPlacesAndTheRetiredPlanesAndForgetsTheNewOnes() {
		final PlaneList list = savedList(3);
		list.remove(2); // retired before the snapshot
		final PlaneList.Snapshot before = list.snapshot();
		final PlaneSlot added = fresh(30);
		list.register(added);
		list.insert(0, added);
		list.remove(1); // plane 1
		list.get(0).posChanged = true;
		list.restore(before);
		assertEquals(List.of(1L, 2L), ids(list.current()));
		assertEquals(List.of(1000L, 2000L), List.of(list.get(0).pos, list.get(1).pos));
		assertFalse(list.get(0).posChanged || list.get(1).posChanged, "positions as they were");
		assertEquals(List.of(3L), ids(list.retired()));
		assertTrue(list.knows(1) && list.knows(2) && list.knows(3), "current and retired planes");
		assertFalse(list.knows(30), "made after the snapshot");
		assertTrue(list.changed(), "the retired plane is still to delete");
	}
}
