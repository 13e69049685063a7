package org.imagestack.sql.cells;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.imglib2.util.Intervals;

/**
 * The bookkeeping of a {@link PagedPlanes}' planes: their order (a position key with gaps, so that inserting or
 * removing a plane in the middle writes no other plane), every plane id cells may still belong to (the current planes
 * and the replaced or removed ones not yet deleted by a save), and a snapshot of all that to return to when an
 * all-or-nothing operation fails. Not thread-safe: used under the lock of its {@code PagedPlanes}.
 */
final class PlaneList {

	private static final long GAP = 1L << 20;

	private final List<PlaneSlot> slots = new ArrayList<>();
	/** Every plane id cells may belong to: the current planes and the replaced ones not yet deleted. */
	private final Map<Long, PlaneSlot> byId = new HashMap<>();
	private final List<PlaneSlot> retired = new ArrayList<>();

	/** The planes and retired planes as they were (see {@link #snapshot()}). */
	static final class Snapshot {

		private final List<PlaneSlot> slots, retired;

		private Snapshot(final List<PlaneSlot> slots, final List<PlaneSlot> retired) {
			this.slots = slots;
			this.retired = retired;
		}
	}

	/** Forgets every plane (before the saved list is read again). */
	void clear() {
		slots.clear();
		byId.clear();
		retired.clear();
	}

	/** Adds a plane as read from the database, at the end. */
	void append(final PlaneSlot s) {
		slots.add(s);
		byId.put(s.id, s);
	}

	int size() {
		return slots.size();
	}

	PlaneSlot get(final int index) {
		return slots.get(index);
	}

	/** @return the current planes, in order */
	List<PlaneSlot> current() {
		return new ArrayList<>(slots);
	}

	/** @return the ids of the current planes */
	Set<Long> ids() {
		final Set<Long> ids = new HashSet<>();
		for (final PlaneSlot s : slots)
			ids.add(s.id);
		return ids;
	}

	/** @return pixels in all current planes */
	long pixels() {
		long sum = 0;
		for (final PlaneSlot s : slots)
			sum += Intervals.numElements(s.dims);
		return sum;
	}

	/** @return the plane (current, or retired and not yet deleted) of id {@code id}, or null */
	PlaneSlot byId(final long id) {
		return byId.get(id);
	}

	/** @return whether cells of plane {@code id} may still be read (it was neither replaced nor removed and saved) */
	boolean knows(final long id) {
		return byId.containsKey(id);
	}

	/** Notes a new plane's id before its cells are filled (it is not in the order yet). */
	void register(final PlaneSlot s) {
		byId.put(s.id, s);
	}

	/** Forgets a new plane whose cells could not be filled. */
	void forget(final long id) {
		byId.remove(id);
	}

	/** Inserts a plane at {@code index}, giving it a position between its neighbours. */
	void insert(final int index, final PlaneSlot s) {
		s.pos = positionFor(index);
		s.posChanged = true; // its row may have been written already, at position 0 (cells written while filling)
		slots.add(index, s);
	}

	/**
	 * Puts {@code s} in the place of {@code old}, which is retired.
	 *
	 * @return false (and nothing changed) when {@code old} is no longer among the planes
	 */
	boolean replace(final PlaneSlot old, final PlaneSlot s) {
		final int at = slots.indexOf(old);
		if (at < 0) return false;
		slots.set(at, s);
		retired.add(old);
		return true;
	}

	/** @return plane {@code index}, removed from the order and retired */
	PlaneSlot remove(final int index) {
		final PlaneSlot s = slots.remove(index);
		retired.add(s);
		return s;
	}

	/** @return the replaced and removed planes whose rows a save is to delete */
	List<PlaneSlot> retired() {
		return new ArrayList<>(retired);
	}

	/** Forgets retired planes whose rows were deleted. */
	void dropRetired(final List<PlaneSlot> gone) {
		retired.removeAll(gone);
		for (final PlaneSlot s : gone)
			byId.remove(s.id);
	}

	/** @return whether planes were added, replaced, removed or moved since the last save (cells aside) */
	boolean changed() {
		if (!retired.isEmpty()) return true;
		for (final PlaneSlot s : slots)
			if (!s.stored || s.posChanged) return true;
		return false;
	}

	/** @return copies of the planes as they are now, for {@link #restore} */
	Snapshot snapshot() {
		final List<PlaneSlot> copies = new ArrayList<>(slots.size());
		for (final PlaneSlot s : slots)
			copies.add(s.copy());
		return new Snapshot(copies, new ArrayList<>(retired));
	}

	/**
	 * Returns to a snapshot: its planes and retired planes, whose ids are the ones known afterwards (a retired plane
	 * handed out before is still read, and written back, until the next save; planes made since are forgotten).
	 */
	void restore(final Snapshot before) {
		slots.clear();
		slots.addAll(before.slots);
		retired.clear();
		retired.addAll(before.retired);
		byId.clear();
		for (final PlaneSlot s : slots)
			byId.put(s.id, s);
		for (final PlaneSlot s : retired)
			byId.put(s.id, s);
	}

	private long positionFor(final int index) {
		final long prev = index > 0 ? slots.get(index - 1).pos : 0;
		final long next = index < slots.size() ? slots.get(index).pos : prev + 2 * GAP;
		if (next - prev > 1) return prev + (next - prev) / 2;
		for (int k = 0; k < slots.size(); k++) { // gap used up: renumber (positions only, no cell is rewritten)
			final PlaneSlot s = slots.get(k);
			s.pos = (k + 1) * GAP;
			s.posChanged = true;
		}
		return positionFor(index);
	}
}
