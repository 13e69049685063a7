package org.imagestack.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import net.imglib2.Dirty;

/**
 * Cells on the heap within a byte budget, least recently used first out.
 * <p>
 * A cell {@code V} (what readers hold, e.g. an ImgLib2 {@code Cell}) carries data {@code D} (its pixel array, which
 * tells whether it was changed). The cache holds cells strongly up to its budget; past it, the least recently used
 * cells are written back when changed and then only <em>guarded</em>: held weakly, their data strongly, as
 * imglib2-cache does. A cell still in use (a cursor on it) is thus found again rather than loaded twice, and a change
 * made through it after it left the budget is written back once the last user lets it go. Nothing changed is dropped
 * unwritten unless {@link #invalidate} says so (after a rollback).
 * </p>
 * <p>
 * Thread-safe. Loading and writing back run outside the cache's lock, so several workers load, compute and write at
 * once; two threads asking for the same missing cell share one load.
 * </p>
 *
 * @param <K> a cell's key (with {@code equals}/{@code hashCode})
 * @param <V> a cell
 * @param <D> a cell's data
 */
public final class CellCache<K, V, D extends Dirty> {

	/** A cell beyond the budget: the cell weakly, its data strongly. */
	static final class Guard<K, V, D extends Dirty> extends WeakReference<V> {

		final K key;
		final D data;
		final CellCache<K, V, D> cache;

		Guard(final K key, final V cell, final D data, final CellCache<K, V, D> cache, final ReferenceQueue<Object> queue) {
			super(cell, queue);
			this.key = key;
			this.data = data;
			this.cache = cache;
		}

		/** Its cell object was collected: its cache forgets it (called by the {@link Reaper}). */
		void collected() {
			cache.collected(this);
		}
	}

	private final Function<V, D> dataOf;
	private final ToLongFunction<D> bytesOf;
	private final CellWriter<K, D> writer;
	private final LinkedHashMap<K, V> strong = new LinkedHashMap<>(64, 0.75f, true);
	private final Map<K, Guard<K, V, D>> guarded = new HashMap<>();
	private final Map<K, CompletableFuture<V>> loading = new HashMap<>();
	/** Changed data of collected cells, waiting to be written by the next operation. */
	private final List<Guard<K, V, D>> orphans = new ArrayList<>();
	private long budget;
	private long bytes;
	private volatile boolean pressure;

	/**
	 * @param budget bytes of cells to hold strongly at most
	 * @param dataOf a cell's data
	 * @param bytesOf bytes a cell's data takes on the heap
	 * @param writer where changed cells go
	 */
	public CellCache(final long budget, final Function<V, D> dataOf, final ToLongFunction<D> bytesOf,
		final CellWriter<K, D> writer)
	{
		this.budget = budget;
		this.dataOf = dataOf;
		this.bytesOf = bytesOf;
		this.writer = writer;
		MemoryPressure.register(this);
	}

	/**
	 * @param key a cell's key
	 * @param loader loads it when it is not here (outside the lock)
	 * @return the cell, now most recently used
	 */
	public V get(final K key, final CellLoader<K, V> loader) {
		CompletableFuture<V> load = null;
		boolean mine = false;
		V taken = null;
		synchronized (this) {
			final V cell = find(key);
			if (cell != null) {
				if (bytes <= budget) return cell;
				taken = cell; // a guarded cell taken back put the cache over its budget
			}
			else {
				load = loading.get(key);
				if (load == null) {
					load = new CompletableFuture<>();
					loading.put(key, load);
					mine = true;
				}
			}
		}
		if (taken != null) {
			settle();
			return taken;
		}
		if (!mine) return await(load);
		try {
			writeOrphans(); // a collected changed cell of this key must be in the store before it is read again
			final V cell = loader.load(key);
			synchronized (this) {
				loading.remove(key);
				admit(key, cell);
			}
			load.complete(cell);
		}
		catch (final RuntimeException | Error e) {
			synchronized (this) {
				loading.remove(key);
			}
			load.completeExceptionally(e);
			throw e;
		}
		settle();
		return load.join();
	}

	/**
	 * For reading a cell once without keeping it (copying a whole plane): the cell when it is held, else null, and then
	 * the store has its current bytes (changed cells that were collected are written first) for the caller to read
	 * from there. Nothing is loaded, and no held cell is pushed out.
	 *
	 * @param key a cell's key
	 * @return the cell, or null when it is not held
	 */
	public V getIfHeld(final K key) {
		final V cell;
		synchronized (this) {
			cell = find(key);
		}
		if (cell != null) settle(); // a guarded cell taken back may put the cache over its budget
		else writeOrphans();
		return cell;
	}

	/** @return the cell if it is held (strongly or guarded), made most recently used; else null */
	private V find(final K key) {
		final V cell = strong.get(key);
		if (cell != null) return cell;
		final Guard<K, V, D> g = guarded.get(key);
		if (g == null) return null;
		final V again = g.get();
		if (again == null) { // collected: its data, when changed, is written before the cell is loaded again
			guarded.remove(key);
			if (g.data.isDirty()) orphans.add(g);
			return null;
		}
		guarded.remove(key);
		admit(key, again);
		return again;
	}

	private static <V> V await(final CompletableFuture<V> load) {
		try {
			return load.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a cell to load", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException) throw (RuntimeException) cause;
			throw (Error) cause;
		}
	}

	/**
	 * Puts a new or replaced cell (changed: it is written back before it goes). A cell with the same key is
	 * replaced without being written.
	 */
	public void put(final K key, final V cell) {
		dataOf.apply(cell).setDirty();
		synchronized (this) {
			guarded.remove(key);
			final V old = strong.remove(key);
			if (old != null) bytes -= bytesOf.applyAsLong(dataOf.apply(old));
			admit(key, cell);
		}
		settle();
	}

	private void admit(final K key, final V cell) {
		strong.put(key, cell);
		bytes += bytesOf.applyAsLong(dataOf.apply(cell));
	}

	/**
	 * Brings the cache within its budget (or half of it under memory pressure), writing back changed cells leaving it,
	 * and writes back guarded cells that were collected. Runs in the caller's thread, the writing outside the lock.
	 */
	private void settle() {
		final List<Guard<K, V, D>> toWrite = new ArrayList<>();
		synchronized (this) {
			final long target = pressure ? Math.min(budget, bytes) / 2 : budget;
			pressure = false;
			demoteTo(target, toWrite);
			drainCollected(toWrite);
		}
		writeAll(toWrite);
	}

	private void demoteTo(final long target, final List<Guard<K, V, D>> toWrite) {
		final Iterator<Map.Entry<K, V>> it = strong.entrySet().iterator();
		while (bytes > target && it.hasNext()) {
			demote(it.next(), toWrite);
			it.remove();
		}
	}

	/** Puts a held cell beyond the budget (the caller removes it from {@code strong}), listed for writing if changed. */
	private void demote(final Map.Entry<K, V> entry, final List<Guard<K, V, D>> toWrite) {
		final D data = dataOf.apply(entry.getValue());
		Reaper.ensureRunning();
		final Guard<K, V, D> g = new Guard<>(entry.getKey(), entry.getValue(), data, this, Reaper.COLLECTED);
		guarded.put(entry.getKey(), g);
		bytes -= bytesOf.applyAsLong(data);
		if (data.isDirty()) toWrite.add(g);
	}

	/**
	 * Lets cells go that the caller is done with (a plane a map has just computed): the changed ones are written now,
	 * in the caller's thread, and all of them leave the budget at once instead of pushing other cells out first. Like
	 * any cell beyond the budget, one still in use is found again and a later change to it is not lost.
	 *
	 * @param which the keys of the cells to let go
	 */
	public void release(final Predicate<K> which) {
		final List<Guard<K, V, D>> toWrite = new ArrayList<>();
		synchronized (this) {
			for (final Iterator<Map.Entry<K, V>> it = strong.entrySet().iterator(); it.hasNext();) {
				final Map.Entry<K, V> e = it.next();
				if (!which.test(e.getKey())) continue;
				demote(e, toWrite);
				it.remove();
			}
			drainCollected(toWrite);
		}
		writeAll(toWrite);
	}

	/**
	 * Writes a cell that nobody else holds (one just made and put, such as a cell of a plane being added to a stack
	 * larger than the budget) and forgets it at once, not even weakly: its array can go at the next collection. Should
	 * the write fail, the cell stays, still changed, to be written on a later try.
	 *
	 * @param key the cell's key
	 */
	public void writeAndForget(final K key) {
		final V cell;
		synchronized (this) {
			cell = strong.remove(key);
			if (cell == null) return; // already let go (memory pressure): written by whoever let it go
			bytes -= bytesOf.applyAsLong(dataOf.apply(cell));
		}
		try {
			writeIfChanged(key, dataOf.apply(cell));
		}
		catch (final RuntimeException | Error e) {
			synchronized (this) {
				admit(key, cell);
			}
			throw e;
		}
	}

	private void writeOrphans() {
		final List<Guard<K, V, D>> toWrite = new ArrayList<>();
		synchronized (this) {
			if (orphans.isEmpty()) return;
			drainCollected(toWrite);
		}
		writeAll(toWrite);
	}

	/** Called by the reaper thread: a guarded cell's cell object was collected. */
	private synchronized void collected(final Guard<K, V, D> g) {
		if (guarded.get(g.key) == g) guarded.remove(g.key);
		if (g.data.isDirty()) orphans.add(g);
	}

	private void drainCollected(final List<Guard<K, V, D>> toWrite) {
		toWrite.addAll(orphans);
		orphans.clear();
	}

	/**
	 * Writes cells that are still changed, each under its data's lock: a cell listed twice (left the budget and was
	 * collected in one pass) or written by two threads at once is written once.
	 */
	private void writeAll(final List<Guard<K, V, D>> toWrite) {
		for (int i = 0; i < toWrite.size(); i++) // a failure leaves the cells not reached changed: a later try
			writeIfChanged(toWrite.get(i).key, toWrite.get(i).data);
	}

	/** Writes a cell's data when it is changed, under the data's lock; when the write fails it stays changed. */
	private void writeIfChanged(final K key, final D data) {
		synchronized (data) {
			if (!data.isDirty()) return;
			data.setDirty(false); // a change made while it is written sets it again
			try {
				writer.write(key, data);
			}
			catch (final RuntimeException | Error e) {
				data.setDirty();
				throw e;
			}
		}
	}

	/** Writes every changed cell back (held or guarded); they stay cached, clean. */
	public void flush() {
		final List<Guard<K, V, D>> toWrite = new ArrayList<>();
		synchronized (this) {
			drainCollected(toWrite);
			for (final Map.Entry<K, V> e : strong.entrySet()) {
				final D data = dataOf.apply(e.getValue());
				if (data.isDirty()) toWrite.add(new Guard<>(e.getKey(), e.getValue(), data, this, null));
			}
			for (final Guard<K, V, D> g : guarded.values())
				if (g.data.isDirty()) toWrite.add(g);
		}
		writeAll(toWrite);
	}

	/** Drops the cells whose keys match, changed or not, without writing them (they were deleted or rolled back). */
	public synchronized void invalidate(final Predicate<K> which) {
		final Iterator<Map.Entry<K, V>> it = strong.entrySet().iterator();
		while (it.hasNext()) {
			final Map.Entry<K, V> e = it.next();
			if (!which.test(e.getKey())) continue;
			bytes -= bytesOf.applyAsLong(dataOf.apply(e.getValue()));
			it.remove();
		}
		guarded.keySet().removeIf(which);
		orphans.removeIf(g -> which.test(g.key)); // collected ones are not to be written either
	}

	/** Drops every cell without writing anything (the stack returns to its saved state). */
	public void invalidateAll() {
		invalidate(k -> true);
	}

	/** @param newBudget a new byte budget; cells beyond it leave now */
	public void setBudget(final long newBudget) {
		synchronized (this) {
			budget = newBudget;
		}
		settle();
	}

	/** @return the byte budget */
	public synchronized long budget() {
		return budget;
	}

	/** @return bytes of cells held strongly now */
	public synchronized long bytes() {
		return bytes;
	}

	/** @return bytes of the cells held strongly now whose keys match */
	public synchronized long bytes(final Predicate<K> which) {
		long sum = 0;
		for (final Map.Entry<K, V> e : strong.entrySet())
			if (which.test(e.getKey())) sum += bytesOf.applyAsLong(dataOf.apply(e.getValue()));
		return sum;
	}

	/** @return whether any held or guarded cell is changed and not yet written */
	public synchronized boolean hasChanges() {
		for (final V cell : strong.values())
			if (dataOf.apply(cell).isDirty()) return true;
		for (final Guard<K, V, D> g : guarded.values())
			if (g.data.isDirty()) return true;
		return false;
	}

	/** Called when the heap runs short: the next cache operation sheds half of what is held. */
	void underPressure() {
		pressure = true;
	}

	/** Sheds half of what is held now, in the calling thread (used by the memory watcher's own thread). */
	void shedNow() {
		pressure = true;
		settle();
	}

	/**
	 * Stops the threads that serve every cache: the {@link Reaper} and the {@link MemoryPressure} listener (for the
	 * plugin's service when its SciJava context is disposed). Caches still in use go on working; the next one that
	 * needs either starts it again.
	 */
	public static void stopBackgroundWork() {
		Reaper.stop();
		MemoryPressure.stop();
	}

	/** Stops watching the heap for this cache (it is not used any more). */
	public void close() {
		MemoryPressure.unregister(this);
		invalidateAll();
	}
}
