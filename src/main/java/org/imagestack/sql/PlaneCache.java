package org.imagestack.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.Dirty;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.convert.Planes;

/**
 * The planes a database stack holds on the heap, within a byte budget: least-recently-used planes are evicted one at a
 * time (the JDK's access-ordered {@link LinkedHashMap} keeps the order), a changed ("dirty") plane is written back
 * before it is dropped, a clean one is simply dropped.
 * <p>
 * The budget is soft for a single plane: a plane larger than the whole budget is still held (alone) while it is in
 * use. Thread-safe (planes may be reached from the caller's thread and from a viewer's).
 * </p>
 */
final class PlaneCache {

	/** Writes a changed plane back to storage. */
	interface WriteBack {

		void write(long planeId, Img<? extends RealType<?>> plane);
	}

	private static final class Entry {

		final Img<? extends RealType<?>> plane;
		final long bytes;
		boolean dirty;
		/** Set when the plane's storage was handed to a view that may write into it. */
		Dirty viewAccess;

		Entry(final Img<? extends RealType<?>> plane, final boolean dirty) {
			this.plane = plane;
			this.bytes = Planes.nbytes(plane);
			this.dirty = dirty;
		}

		boolean changed() {
			return dirty || viewAccess != null && viewAccess.isDirty();
		}
	}

	private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
	private final WriteBack writeBack;
	private long budget;
	private long bytes;

	/**
	 * @param budget bytes of planes to hold at most (soft for one plane larger than that)
	 * @param writeBack where dirty planes go before they are dropped
	 */
	PlaneCache(final long budget, final WriteBack writeBack) {
		this.budget = budget;
		this.writeBack = writeBack;
	}

	/** @return the cached plane (now most recently used), or null */
	synchronized Img<? extends RealType<?>> get(final long planeId) {
		final Entry e = entries.get(planeId);
		return e == null ? null : e.plane;
	}

	/**
	 * Removes a plane from the cache, handing the instance to the caller; a changed plane is written back first, so
	 * that storage holds it.
	 *
	 * @return the cached plane, or null
	 */
	synchronized Img<? extends RealType<?>> take(final long planeId) {
		final Entry e = entries.get(planeId);
		if (e == null) return null;
		if (e.changed()) {
			writeBack.write(planeId, e.plane);
			e.dirty = false;
		}
		entries.remove(planeId);
		bytes -= e.bytes;
		return e.plane;
	}

	/** Caches a plane just read from storage. */
	synchronized void putClean(final long planeId, final Img<? extends RealType<?>> plane) {
		put(planeId, new Entry(plane, false));
	}

	/** Caches a changed plane, to be written back before it is dropped. */
	synchronized void putDirty(final long planeId, final Img<? extends RealType<?>> plane) {
		put(planeId, new Entry(plane, true));
	}

	/**
	 * Notes that a view may write into a cached plane's storage through {@code access}: the plane counts as changed
	 * once the access says it is dirty.
	 */
	synchronized void watch(final long planeId, final Dirty access) {
		final Entry e = entries.get(planeId);
		if (e != null) e.viewAccess = access;
	}

	private void put(final long planeId, final Entry entry) {
		final Entry old = entries.put(planeId, entry);
		if (old != null) bytes -= old.bytes;
		bytes += entry.bytes;
		evictBeyondBudget(planeId);
	}

	/** Drops a plane without writing it (it was deleted). */
	synchronized void remove(final long planeId) {
		final Entry old = entries.remove(planeId);
		if (old != null) bytes -= old.bytes;
	}

	private void evictBeyondBudget(final long keep) {
		final Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
		while (bytes > budget && it.hasNext()) {
			final Map.Entry<Long, Entry> eldest = it.next();
			if (eldest.getKey() == keep) continue;
			final Entry e = eldest.getValue();
			if (e.changed()) writeBack.write(eldest.getKey(), e.plane); // throws: the plane stays cached, dirty
			it.remove();
			bytes -= e.bytes;
		}
	}

	/** Writes every changed plane back; they stay cached, now clean. */
	synchronized void flush() {
		for (final Map.Entry<Long, Entry> me : new ArrayList<>(entries.entrySet())) {
			final Entry e = me.getValue();
			if (!e.changed()) continue;
			writeBack.write(me.getKey(), e.plane);
			e.dirty = false;
			if (e.viewAccess != null) e.viewAccess.setDirty(false);
		}
	}

	/** @return the ids of the cached planes that are changed and not yet written back */
	synchronized List<Long> dirtyIds() {
		final List<Long> ids = new ArrayList<>();
		entries.forEach((id, e) -> {
			if (e.changed()) ids.add(id);
		});
		return ids;
	}

	/** Drops every plane without writing anything (the stack returns to its saved state). */
	synchronized void clear() {
		entries.clear();
		bytes = 0;
	}

	/** @param newBudget a new byte budget; planes beyond it are evicted now */
	synchronized void setBudget(final long newBudget) {
		budget = newBudget;
		evictBeyondBudget(Long.MIN_VALUE);
	}

	synchronized long budget() {
		return budget;
	}

	/** @return bytes of planes held now */
	synchronized long bytes() {
		return bytes;
	}

	synchronized int size() {
		return entries.size();
	}
}
