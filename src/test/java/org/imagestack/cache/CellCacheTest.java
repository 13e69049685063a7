package org.imagestack.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
	// -- the heap after collection: a cell nobody uses any more leaves no array behind --

	/** Collects until {@code ref} is cleared (at most 20 s), running a cache operation between collections. */
	private static void awaitCollected(final WeakReference<?> ref, final Runnable between, final String what)
		throws InterruptedException
	{
		final long end = System.nanoTime() + 20_000_000_000L;
		while (ref.get() != null) {
			assertTrue(System.nanoTime() < end, what + ": not collected within 20 s");
			System.gc();
			Thread.sleep(5);
			between.run();
		}
	}

	/**
	 * Collects until the cells in {@code cells} (which are set to null) are gone and then waits until the reaper thread
	 * has taken every collected cell from its queue (it waits in the queue again); at most 20 s.
	 */
	private static void awaitReaped(final Box[] cells, final String what) throws InterruptedException {
		final ReferenceQueue<Box> q = new ReferenceQueue<>();
		final List<WeakReference<Box>> refs = new ArrayList<>();
		for (int i = 0; i < cells.length; i++) {
			refs.add(new WeakReference<>(cells[i], q));
			cells[i] = null;
		}
		final long end = System.nanoTime() + 20_000_000_000L;
		for (int gone = 0; gone < refs.size();) {
			assertTrue(System.nanoTime() < end, what + ": not collected within 20 s");
			System.gc();
			Thread.sleep(5);
			while (q.poll() != null)
				gone++;
		}
		// the JVM's reference handler puts the cell's guard in the reaper's queue about when ours: the reaper is seen
		// waiting at its empty queue twice in a row (10 ms apart) once it has taken it
		for (int seen = 0; seen < 2; seen = reaperWaits() ? seen + 1 : 0) {
			assertTrue(System.nanoTime() < end, what + ": the reaper did not come back to its queue within 20 s");
			Thread.sleep(10);
		}
	}

	private static Thread thread(final String name) {
		for (final Thread t : Thread.getAllStackTraces().keySet())
			if (t.getName().equals(name) && t.isAlive()) return t;
		return null;
	}

	private static boolean reaperWaits() {
		final Thread t = thread(Reaper.NAME);
		return t != null && t.getState() == Thread.State.WAITING;
	}

	@Test
	void theArrayOfACellThatLeftTheBudgetIsFreedOnceNobodyUsesItWithoutAnotherCacheOperation() throws Exception {
		CellCache.stopBackgroundWork(); // the cache starts what it needs itself
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		Box a = c.get(1, this::load);
		final WeakReference<byte[]> array = new WeakReference<>(a.data.getCurrentStorageArray());
		c.get(2, this::load); // 1 leaves the budget, unchanged
		a = null;
		awaitCollected(array, () -> {}, "the array of a cell nobody holds");
		assertEquals((byte) 0, c.get(1, this::load).data.getValue(0), "read again from the store");
		c.close();
	}

	@Test
	void aCollectedChangedCellIsWrittenAndThenItsArrayFreed() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		Box a = c.get(1, this::load);
		c.get(2, this::load);
		a.data.setValue(0, (byte) 11); // changed after it left the budget
		assertTrue(c.hasChanges(), "a change to a cell beyond the budget is a change");
		final WeakReference<byte[]> array = new WeakReference<>(a.data.getCurrentStorageArray());
		a = null;
		awaitCollected(array, () -> c.getIfHeld(99), "the array of a collected changed cell, once written");
		assertEquals((byte) 11, store.get(1));
		assertFalse(c.hasChanges());
		c.close();
	}

	@Test
	void aChangedCellCollectedBeforeTheReaperSawItIsWrittenBeforeItsKeyIsLoadedAgain() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		final Box[] a = { c.get(1, this::load) };
		c.get(2, this::load);
		Reaper.stop(); // the cache finds the collected cell itself
		a[0].data.setValue(0, (byte) 11);
		final WeakReference<Box> cell = new WeakReference<>(a[0]);
		a[0] = null;
		awaitCollected(cell, () -> {}, "a cell nobody holds");
		assertEquals((byte) 11, c.get(1, this::load).data.getValue(0), "the change, written before it was read");
		c.close();
	}

	@Test
	void aCollectedChangedCellIsWrittenByFlushReleaseAndANewBudget() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		final Box[] a = new Box[1];
		final List<Runnable> ops = List.of(c::flush, () -> c.release(k -> false), () -> c.setBudget(1000), () -> c.get(
			1000, this::load));
		for (int i = 0; i < ops.size(); i++) {
			a[0] = c.get(i, this::load);
			c.get(100 + i, this::load); // i leaves the budget
			a[0].data.setValue(0, (byte) (10 + i)); // and is changed afterwards
			awaitReaped(a, "cell " + i);
			ops.get(i).run();
			assertEquals((byte) (10 + i), store.get(i), "operation " + i + " writes the collected changed cell");
		}
		c.close();
	}

	@Test
	void invalidatedCellsAreNotWrittenEvenWhenCollectedChangedAndTheOthersAre() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		final Box[] a = { c.get(1, this::load), c.get(2, this::load) };
		c.get(100, this::load); // 1 and 2 leave the budget
		a[0].data.setValue(0, (byte) 11);
		a[1].data.setValue(0, (byte) 12);
		awaitReaped(a, "cells 1 and 2");
		c.invalidate(k -> k == 1); // rolled back
		c.flush();
		assertEquals(Map.of(2, (byte) 12), Map.copyOf(store));
		c.close();
	}

	@Test
	void takingBackAHeldCellPushesTheLeastRecentOneOutAndWritesIt() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		final Box a = c.get(1, this::load);
		c.put(2, new Box((byte) 22)); // 1 leaves the budget; 2 is changed and within it
		assertSame(a, c.getIfHeld(1), "still in use: found");
		assertEquals(Map.of(2, (byte) 22), Map.copyOf(store), "2 left the budget for it and was written");
		c.close();
	}

	@Test
	void aCellInUseTakenBackByGetPushesTheLeastRecentOneOutAndWritesIt() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		final Box a = c.get(1, this::load);
		c.put(2, new Box((byte) 22)); // 1 leaves the budget; 2 is changed and within it
		assertSame(a, c.get(1, this::load), "still in use: found, not loaded again");
		assertEquals(Map.of(2, (byte) 22), Map.copyOf(store), "2 left the budget for it and was written");
		// and 2, which nobody uses, leaves the heap: the cache holds one cell, not two
		Box b = c.get(3, this::load);
		c.get(1, this::load); // 3 leaves, 1 is taken back again
		final WeakReference<byte[]> array = new WeakReference<>(b.data.getCurrentStorageArray());
		b = null;
		awaitCollected(array, () -> {}, "the array of a cell pushed out by one taken back");
		c.close();
	}

	@Test
	void aCellReplacedByPutIsNeverWrittenAndNothingLeavesWhileTheyFit() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(2000);
		c.put(1, new Box((byte) 1));
		c.put(2, new Box((byte) 2));
		c.put(1, new Box((byte) 11));
		c.put(1, new Box((byte) 111));
		assertEquals(Map.of(), Map.copyOf(store), "two cells within a budget of two: nothing written");
		c.flush();
		assertEquals(Map.of(1, (byte) 111, 2, (byte) 2), Map.copyOf(store));
		c.close();
	}

	@Test
	void aCellWhoseWriteFailsIsKeptChangedAndWrittenLater() {
		final List<Integer> failOnce = new ArrayList<>(List.of(9));
		final CellCache<Integer, Box, DirtyByteArray> c = new CellCache<>(10_000, b -> b.data, d -> d
			.getArrayLength(), (k, d) -> {
				if (failOnce.remove(k)) throw new IllegalStateException("disk full");
				store.put(k, d.getCurrentStorageArray()[0]);
			});
		c.put(9, new Box((byte) 99));
		assertThrows(IllegalStateException.class, () -> c.writeAndForget(9));
		assertTrue(c.hasChanges());
		c.flush();
		assertEquals((byte) 99, store.get(9));
		c.close();
	}

	@Test
	void aLoadThatFailsFailsForEveryThreadWaitingForIt() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(10_000);
		final CountDownLatch inLoad = new CountDownLatch(1), release = new CountDownLatch(1);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final Future<Box> a = pool.submit(() -> c.get(5, k -> {
				inLoad.countDown();
				await(release);
				throw new IllegalStateException("cell 5 unreadable");
			}));
			inLoad.await();
			final AtomicReference<Thread> second = new AtomicReference<>();
			final Future<Box> b = pool.submit(() -> {
				second.set(Thread.currentThread());
				return c.get(5, this::load);
			});
			awaitWaitingInGet(second);
			release.countDown();
			for (final Future<Box> f : List.of(a, b))
				assertEquals("cell 5 unreadable", assertThrows(java.util.concurrent.ExecutionException.class, f::get)
					.getCause().getMessage());
			assertEquals((byte) 0, c.get(5, this::load).data.getValue(0), "a later try loads it");
		}
		finally {
			release.countDown();
			pool.shutdown();
			c.close();
		}
	}

	@Test
	void aThreadInterruptedWhileWaitingForALoadStopsWaitingAndStaysInterrupted() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(10_000);
		final CountDownLatch inLoad = new CountDownLatch(1), release = new CountDownLatch(1);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			pool.submit(() -> c.get(5, k -> {
				inLoad.countDown();
				await(release);
				return load(k);
			}));
			inLoad.await();
			final AtomicReference<Thread> second = new AtomicReference<>();
			final Future<String> b = pool.submit(() -> {
				second.set(Thread.currentThread());
				try {
					c.get(5, this::load);
					return "not interrupted";
				}
				catch (final IllegalStateException e) {
					return e.getMessage() + "; interrupted: " + Thread.interrupted();
				}
			});
			awaitWaitingInGet(second);
			second.get().interrupt();
			assertEquals("Interrupted while waiting for a cell to load; interrupted: true", b.get());
		}
		finally {
			release.countDown();
			pool.shutdown();
			c.close();
		}
	}

	private static void awaitWaitingInGet(final AtomicReference<Thread> t) throws InterruptedException {
		final long end = System.nanoTime() + 20_000_000_000L;
		while (!waitsInGet(t.get())) {
			assertTrue(System.nanoTime() < end, "the second thread did not come to wait for the load within 20 s");
			Thread.sleep(5);
		}
	}

	@Test
	void bytesHeldAreCountedPerKey() {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(10_000);
		for (int k = 0; k < 5; k++)
			c.get(k, this::load);
		assertEquals(3000, c.bytes(k -> k % 2 == 0));
		assertEquals(0, c.bytes(k -> k > 10));
		c.close();
	}

	@Test
	void aClosedCacheLetsItsCellsGoAndNoLongerAnswersToMemoryPressure() throws Exception {
		final CellCache<Integer, Box, DirtyByteArray> c = cache(10_000);
		Box a = new Box((byte) 1);
		final WeakReference<byte[]> array = new WeakReference<>(a.data.getCurrentStorageArray());
		c.put(1, a);
		a = null;
		c.close(); // discarded, not written
		awaitCollected(array, () -> {}, "the array of a closed cache's cell");
		c.put(2, new Box((byte) 2)); // used after close (a mistake): no longer shed by the heap watch
		c.put(3, new Box((byte) 3));
		MemoryPressure.shedAll();
		assertEquals(Map.of(), Map.copyOf(store));
	}

	@Test
	void stoppingTheBackgroundWorkEndsTheReaperThreadAndTheNextCacheThatNeedsItStartsItAgain() throws Exception {
		CellCache.stopBackgroundWork();
		assertEquals(null, thread(Reaper.NAME));
		final CellCache<Integer, Box, DirtyByteArray> c = cache(1000);
		c.get(1, this::load);
		c.get(2, this::load); // a cell beyond the budget: the reaper runs
		final Thread t = thread(Reaper.NAME);
		assertTrue(t != null && t.isDaemon(), "a daemon thread, which does not keep the JVM alive");
		CellCache.stopBackgroundWork();
		assertEquals(null, thread(Reaper.NAME), "ended when stopBackgroundWork returns");
		assertFalse(t.isAlive());
		CellCache.stopBackgroundWork(); // twice: nothing to stop
		c.get(3, this::load);
		final Thread again = thread(Reaper.NAME);
		assertTrue(again != null, "started again");
		c.get(4, this::load);
		c.get(5, this::load);
		assertEquals(1, Thread.getAllStackTraces().keySet().stream().filter(r -> r.getName().equals(Reaper.NAME) && r
			.isAlive()).count(), "one reaper, however many cells leave the budget");
		Thread.currentThread().interrupt(); // a caller interrupted before it stops the threads
		CellCache.stopBackgroundWork();
		assertTrue(Thread.interrupted(), "stays interrupted");
		again.join(20_000); // it was told to end all the same
		assertFalse(again.isAlive());
		c.close();
	}
}
