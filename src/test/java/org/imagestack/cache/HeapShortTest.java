package org.imagestack.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.imglib2.img.basictypeaccess.array.DirtyByteArray;

import org.junit.jupiter.api.Test;

/**
 * What the heap watch does with a collection's figures, in this JVM: when a collected pool is left more than 70 %
 * full every cache sheds half of its cells, writing the changed ones; otherwise nothing is written. (That the JVM's
 * notification reaches it in a small heap is {@link MemoryPressureTest}'s, in a JVM of its own.)
 */
class HeapShortTest {

	private static final List<String> OLD = List.of("old");
	private static final long MB = 1 << 20;

	/** The store: cell key to its first byte. */
	final Map<Integer, Byte> store = new ConcurrentHashMap<>();

	private CellCache<Integer, DirtyByteArray, DirtyByteArray> cacheOfFourChangedCells() {
		final CellCache<Integer, DirtyByteArray, DirtyByteArray> c = new CellCache<>(1 << 20, d -> d,
			DirtyByteArray::getArrayLength, (k, d) -> store.put(k, d.getCurrentStorageArray()[0]));
		for (int k = 0; k < 4; k++)
			c.put(k, new DirtyByteArray(new byte[] { (byte) (10 + k), 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
		return c;
	}

	/** @return a pool's use: {@code used} of {@code max} bytes (max -1: no maximum) */
	private static Map<String, MemoryUsage> old(final long used, final long max) {
		return Map.of("old", new MemoryUsage(0, used, used, max));
	}

	@Test
	void aCollectionThatLeavesTheOldGenerationOver70PercentFullMakesEveryCacheShedHalfAndWriteIt() {
		final CellCache<Integer, DirtyByteArray, DirtyByteArray> c = cacheOfFourChangedCells();
		try {
			MemoryPressure.afterCollection(old(701 * MB, 1000 * MB), OLD);
			assertEquals(Map.of(0, (byte) 10, 1, (byte) 11), Map.copyOf(store),
				"the two least recently used cells, written as they left");
		}
		finally {
			c.close();
		}
	}

	@Test
	void aCollectionThatLeavesRoomWritesNothing() {
		final CellCache<Integer, DirtyByteArray, DirtyByteArray> c = cacheOfFourChangedCells();
		try {
			MemoryPressure.afterCollection(old(700 * MB, 1000 * MB), OLD); // exactly 70 %: not short
			MemoryPressure.afterCollection(old(10 * MB, 1000 * MB), OLD);
			MemoryPressure.afterCollection(old(999 * MB, -1), OLD); // a pool without a maximum is never short
			MemoryPressure.afterCollection(Map.of("young", new MemoryUsage(0, 999, 999, 1000)), OLD); // not collected
			MemoryPressure.afterCollection(Map.of(), OLD);
			c.flush();
			assertEquals(Map.of(0, (byte) 10, 1, (byte) 11, 2, (byte) 12, 3, (byte) 13), Map.copyOf(store));
			store.clear();
			c.setBudget(c.budget()); // a later operation: still nothing leaves
			assertEquals(Map.of(), Map.copyOf(store));
		}
		finally {
			c.close();
		}
	}

	@Test
	void theThresholdIs70PercentOfThePoolsMaximum() {
		assertTrue(MemoryPressure.isShort(old(701, 1000), OLD));
		assertTrue(MemoryPressure.isShort(old(71, 100), OLD));
		assertEquals(false, MemoryPressure.isShort(old(700, 1000), OLD));
		assertEquals(false, MemoryPressure.isShort(old(70, 100), OLD));
		assertEquals(false, MemoryPressure.isShort(old(5, -1), OLD), "no maximum");
		assertTrue(MemoryPressure.isShort(Map.of("young", new MemoryUsage(0, 10, 10, 100), "old", new MemoryUsage(0,
			900, 900, 1000)), List.of("young", "old")), "any of the pools");
		assertEquals(false, MemoryPressure.isShort(old(900, 1000), List.of()), "a pool this collector does not collect");
	}

	@Test
	void aCacheWhoseWritesFailUnderPressureShedsAtItsNextOperation() {
		final List<Integer> failOnce = new ArrayList<>(List.of(0));
		final CellCache<Integer, DirtyByteArray, DirtyByteArray> c = new CellCache<>(1 << 20, d -> d,
			DirtyByteArray::getArrayLength, (k, d) -> {
				if (failOnce.remove(k)) throw new IllegalStateException("disk full");
				store.put(k, d.getCurrentStorageArray()[0]);
			});
		try {
			for (int k = 0; k < 4; k++)
				c.put(k, new DirtyByteArray(new byte[] { (byte) (10 + k), 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
			MemoryPressure.shedAll(); // writing cell 0 fails in the JVM's thread: nothing thrown there, 1 not reached
			assertEquals(Map.of(), Map.copyOf(store));
			c.setBudget(c.budget()); // its next operation sheds half of what it holds now (2 and 3): 2 leaves
			assertEquals(Map.of(2, (byte) 12), Map.copyOf(store));
			c.flush();
			assertEquals(Map.of(0, (byte) 10, 1, (byte) 11, 2, (byte) 12, 3, (byte) 13), Map.copyOf(store),
				"nothing lost");
		}
		finally {
			c.close();
		}
	}
}
