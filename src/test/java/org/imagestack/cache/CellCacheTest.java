package org.imagestack.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.basictypeaccess.array.DirtyByteArray;

import org.junit.jupiter.api.Test;

/** The cell cache on its own, with cells of 1000 bytes and a store that is a map. */
class CellCacheTest {

	/** A cell as readers hold it: a wrapper around its data (as ImgLib2's Cell is). */
	static final class Box {

		final DirtyByteArray data;

		Box(final byte value) {
			final byte[] a = new byte[1000];
			java.util.Arrays.fill(a, value);
			data = new DirtyByteArray(a);
		}
	}

	/** The store: what was written, and counts. */
	final Map<Integer, Byte> store = new ConcurrentHashMap<>();
	final AtomicInteger loads = new AtomicInteger(), writes = new AtomicInteger();

	CellCache<Integer, Box, DirtyByteArray> cache(final long budget) {
		return new CellCache<>(budget, b -> b.data, d -> d.getArrayLength(), (k, d) -> {
			writes.incrementAndGet();
			store.put(k, d.getCurrentStorageArray()[0]);
		});
	}

	Box load(final int key) {
		loads.incrementAndGet();
		return new Box(store.getOrDefault(key, (byte) 0));
	}

	@Test
	void leastRecentlyUsedCellsLeaveBeyondTheBudgetAndOnlyChangedOnesAreWritten() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(3000);
		for (int k = 0; k < 3; k++)
			c.get(k, this::load);
		c.get(0, this::load); // 0 is now the most recently used
		assertEquals(3000, c.bytes());
		c.put(3, new Box((byte) 33)); // changed: 1 (least recent, clean) leaves, unwritten
		assertEquals(3000, c.bytes());
		assertEquals(0, writes.get());
		c.put(4, new Box((byte) 44));
		c.put(5, new Box((byte) 55)); // 2 and 0 (clean) leave
		c.put(6, new Box((byte) 66)); // 3 (changed) leaves: written
		assertEquals(1, writes.get());
		assertEquals((byte) 33, store.get(3));
		assertEquals(3000, c.bytes());
		c.flush();
		assertEquals(List.of((byte) 33, (byte) 44, (byte) 55, (byte) 66), List.of(store.get(3), store.get(4), store.get(
			5), store.get(6)));
		assertFalse(c.hasChanges());
		c.close();
	}

	@Test
	void aSmallerBudgetWritesWhatLeavesAndDroppedCellsAreNeverWritten() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(3000);
		c.put(1, new Box((byte) 11));
		c.put(2, new Box((byte) 22));
		c.put(3, new Box((byte) 33));
		assertTrue(c.hasChanges());
		assertEquals(0, writes.get());
		assertEquals(3000, c.budget());
		c.setBudget(1000); // 1 and 2 leave, written now; 3 stays
		assertEquals(1000, c.budget());
		assertEquals(Map.of(1, (byte) 11, 2, (byte) 22), Map.copyOf(store));
		assertEquals(1000, c.bytes());
		assertTrue(c.hasChanges(), "3 is still changed");
		c.invalidate(k -> k == 3); // rolled back: dropped without writing
		assertFalse(c.hasChanges());
		assertEquals(0, c.bytes());
		c.flush();
		assertFalse(store.containsKey(3), "a dropped cell is never written");
		assertEquals((byte) 0, c.get(3, this::load).data.getValue(0), "read again from the store, where it never was");
		assertEquals((byte) 22, c.get(2, this::load).data.getValue(0));
		c.close();
	}

	@Test
	void aCellStillInUseIsFoundAgainAndAChangeAfterItLeftIsNotLost() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		final Box held = c.get(7, this::load);
		c.get(8, this::load); // 7 leaves the budget, but is still held here
		assertSame(held, c.get(7, this::load), "found again, not loaded twice");
		assertEquals(2, loads.get());
		c.get(8, this::load); // 7 leaves again
		held.data.setValue(0, (byte) 99); // a change through a cell that is no longer within the budget
		c.flush();
		assertEquals((byte) 99, store.get(7));
		c.close();
	}

	@Test
	void collectedCellsThatWereChangedAreWrittenWhenTheyGo() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		Box held = c.get(1, this::load);
		c.get(2, this::load);
		held.data.setValue(0, (byte) 11); // changed after leaving the budget
		held = null;
		for (int i = 0; i < 50 && store.get(1) == null; i++) {
			System.gc();
			Thread.sleep(20);
			c.get(100 + i, this::load); // a cache operation that loads writes collected cells back
		}
		assertEquals((byte) 11, store.get(1));
		c.close();
	}

	@Test
	void readingOnceFindsHeldCellsAndLeavesTheRestToTheStore() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(2000);
		final Box held = c.get(1, this::load);
		c.get(2, this::load);
		c.get(3, this::load); // 1 leaves the budget, still held here
		assertSame(held, c.getIfHeld(1), "a cell in use is the one read");
		assertEquals(null, c.getIfHeld(9), "a cell not held is not loaded");
		assertEquals(3, loads.get());
		assertEquals(2000, c.bytes(), "nothing pushed out, nothing added");

		Box again = c.get(7, this::load);
		c.get(8, this::load);
		c.get(9, this::load); // 7 leaves the budget unchanged: not written
		again.data.setValue(0, (byte) 77); // changed after it left: written only when collected
		again = null;
		for (int i = 0; i < 50 && store.get(7) == null; i++) {
			System.gc();
			Thread.sleep(20);
			assertEquals(null, c.getIfHeld(1000 + i));
		}
		assertEquals((byte) 77, store.get(7), "a collected changed cell is in the store before the store is read");
		c.close();
	}

	@Test
	void releasedCellsAreWrittenAtOnceAndLeaveTheBudgetButStayFoundWhileInUse() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(5000);
		final Box a = c.get(1, this::load);
		c.get(2, this::load);
		c.get(3, this::load);
		a.data.setValue(0, (byte) 10);
		c.release(k -> k <= 2);
		assertEquals(1, writes.get(), "the changed one, now, by the caller");
		assertEquals((byte) 10, store.get(1));
		assertEquals(1000, c.bytes(), "only 3 is still within the budget");
		assertSame(a, c.get(1, this::load), "a released cell in use is found, not loaded again");
		assertEquals(3, loads.get());
		final Box made = new Box((byte) 30);
		c.put(9, made);
		c.writeAndForget(9);
		assertEquals((byte) 30, store.get(9), "a cell made only to be stored: written now");
		assertEquals(2000, c.bytes(), "and forgotten: only 3 and 1 (taken back above) are within the budget");
		assertEquals((byte) 30, c.get(9, this::load).data.getValue(0), "read again from the store");
		assertEquals(4, loads.get());
		c.close();
	}

	@Test
	void twoThreadsAskingForOneMissingCellShareOneLoad() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(10_000);
		final CountDownLatch inLoad = new CountDownLatch(1), release = new CountDownLatch(1);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final Future<Box> a = pool.submit(() -> c.get(5, k -> {
				inLoad.countDown();
				await(release);
				return load(k);
			}));
			inLoad.await();
			final java.util.concurrent.atomic.AtomicReference<Thread> second = new java.util.concurrent.atomic
				.AtomicReference<>();
			final Future<Box> b = pool.submit(() -> {
				second.set(Thread.currentThread());
				return c.get(5, this::load);
			});
			// the second thread waits inside get for the first one's load (at most 20 s), then the load ends
			final long end = System.nanoTime() + 20_000_000_000L;
			while (!waitsInGet(second.get())) {
				assertTrue(System.nanoTime() < end, "the second thread did not come to wait for the load within 20 s");
				Thread.sleep(5);
			}
			release.countDown();
			assertSame(a.get(), b.get());
			assertEquals(1, loads.get());
		}
		finally {
			pool.shutdown();
			c.close();
		}
	}

	/** @return whether {@code t} waits (or is blocked) inside {@link CellCache#get} */
	private static boolean waitsInGet(final Thread t) {
		if (t == null) return false;
		final Thread.State state = t.getState();
		if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING && state != Thread.State.BLOCKED)
			return false;
		for (final StackTraceElement e : t.getStackTrace())
			if (e.getClassName().equals(CellCache.class.getName()) && e.getMethodName().equals("get")) return true;
		return false;
	}

	private static void await(final CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (final InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void invalidatedCellsAreDroppedWithoutBeingWritten() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(10_000);
		c.put(1, new Box((byte) 1));
		c.put(2, new Box((byte) 2));
		c.invalidate(k -> k == 1);
		assertEquals(1000, c.bytes());
		c.invalidateAll();
		c.flush();
		assertEquals(0, writes.get());
		assertEquals(0, c.bytes());
		c.close();
	}

	@Test
	void aFailedWriteKeepsTheCellChangedAndALaterTrySucceeds() {
		final List<Integer> failOnce = new ArrayList<>(List.of(1));
		final CellCache<Integer, Box, DirtyByteArray> c = new CellCache<>(1000, b -> b.data, d -> d
			.getArrayLength(), (k, d) -> {
				if (failOnce.remove(k)) throw new IllegalStateException("disk full");
				store.put(k, d.getCurrentStorageArray()[0]);
			});
		c.put(1, new Box((byte) 10));
		assertThrows(IllegalStateException.class, () -> c.put(2, new Box((byte) 20)));
		assertTrue(c.hasChanges());
		c.flush();
		assertEquals((byte) 10, store.get(1));
		assertEquals((byte) 20, store.get(2));
		c.close();
	}

	@Test
	void underMemoryPressureEveryCacheShedsHalfOfItsCells() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(100_000);
		for (int k = 0; k < 40; k++)
			c.put(k, new Box((byte) k));
		assertEquals(40_000, c.bytes());
		MemoryPressure.shedAll();
		assertEquals(20_000, c.bytes());
		assertEquals(20, writes.get(), "the changed cells that left were written");
		c.close();
	}
}
