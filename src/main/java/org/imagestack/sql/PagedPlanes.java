package org.imagestack.sql;

import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;

/**
 * The planes of one database stack: their order, a {@link PlaneCache} holding a budget of them on the heap, and the
 * {@link PlaneStore} holding all of them, within one open transaction that {@link #save()} commits.
 * <p>
 * Plane order is kept in a position column with gaps, so inserting or removing a plane in the middle writes no
 * other plane (positions are renumbered only when a gap is used up).
 * </p>
 */
public final class PagedPlanes {

	private static final long GAP = 1L << 20;

	/** One plane: its stable id, order key, dimensions, and whether its row exists (in the transaction). */
	private static final class Slot {

		final long id;
		long pos;
		long[] dims;
		boolean posChanged;
		boolean stored;

		Slot(final long id, final long pos, final long[] dims, final boolean stored) {
			this.id = id;
			this.pos = pos;
			this.dims = dims;
			this.stored = stored;
		}

		Slot copy() {
			final Slot s = new Slot(id, pos, dims, stored);
			s.posChanged = posChanged;
			return s;
		}
	}

	private final PlaneStore store;
	private final long stackId;
	private final String name;
	private final PlaneCache cache;
	private final List<Slot> slots = new ArrayList<>();
	private final Map<Long, Slot> byId = new HashMap<>();
	private PixelType type;
	private boolean compressed;
	private long nextId;

	/**
	 * @param store the database's plane store, in an open transaction
	 * @param record the stack
	 * @param budget bytes of planes to hold on the heap at most
	 */
	public PagedPlanes(final PlaneStore store, final StackRecord record, final long budget) {
		this.store = store;
		this.stackId = record.id();
		this.name = record.name();
		this.cache = new PlaneCache(budget, this::writeBack);
		load(record);
	}

	private void load(final StackRecord record) {
		slots.clear();
		byId.clear();
		type = record.type();
		compressed = record.compressed();
		long maxId = 0;
		for (final PlaneKey k : store.planeKeys(stackId)) {
			final Slot s = new Slot(k.planeId(), k.pos(), k.dims(), true);
			slots.add(s);
			byId.put(s.id, s);
			maxId = Math.max(maxId, k.planeId());
		}
		nextId = Math.max(maxId + 1, store.nextPlaneId(stackId));
	}

	private void writeBack(final long planeId, final Img<? extends RealType<?>> plane) {
		final Slot s = byId.get(planeId);
		if (s == null) return; // removed meanwhile
		store.writePlane(stackId, planeId, s.pos, plane, compressed);
		s.stored = true;
		s.posChanged = false;
	}

	/** @return the stack's name */
	public String name() {
		return name;
	}

	/** @return the current (possibly unsaved) pixel type */
	public PixelType type() {
		return type;
	}

	public int size() {
		return slots.size();
	}

	/** @return bytes of all planes in the current type */
	public long nbytes() {
		long sum = 0;
		for (final Slot s : slots)
			sum += Arrays.stream(s.dims).reduce(1, (a, b) -> a * b);
		return sum * type.bytesPerPixel();
	}

	/**
	 * @return a private copy of plane {@code index}: a copy of the cached plane, or the plane read from the database
	 *         (not cached: a pass reading every plane once would only push the changed planes out of the cache)
	 */
	public Img<? extends RealType<?>> read(final int index) {
		final Slot s = slots.get(index);
		final Img<? extends RealType<?>> cached = cache.get(s.id);
		return cached != null ? Planes.copy(cached) : store.readPlane(stackId, s.id);
	}

	/**
	 * Hands out plane {@code index} for replacement: the cache's instance, now removed from the cache (no copy), or
	 * the plane loaded without caching it. Until {@link #write} replaces it, the stack's data for that plane is what
	 * the database holds (a changed plane is written back before it is handed out).
	 */
	public Img<? extends RealType<?>> take(final int index) {
		final Slot s = slots.get(index);
		final Img<? extends RealType<?>> plane = cache.take(s.id);
		return plane != null ? plane : store.readPlane(stackId, s.id);
	}

	/** @return the cache's own instance of a plane, loading it when needed: never to be handed out */
	private Img<? extends RealType<?>> cached(final Slot s) {
		Img<? extends RealType<?>> plane = cache.get(s.id);
		if (plane == null) {
			plane = store.readPlane(stackId, s.id);
			cache.putClean(s.id, plane);
		}
		return plane;
	}

	/** Replaces plane {@code index} with {@code plane} (already of the stack's type, now owned here). */
	public void write(final int index, final Img<? extends RealType<?>> plane) {
		final Slot s = slots.get(index);
		s.dims = Planes.dims(plane);
		cache.putDirty(s.id, Planes.arrayPlane(plane));
	}

	/** Inserts {@code plane} (already of the stack's type, now owned here) at {@code index}. */
	public void insert(final int index, final Img<? extends RealType<?>> plane) {
		final Slot s = new Slot(nextId++, positionFor(index), Planes.dims(plane), false);
		slots.add(index, s);
		byId.put(s.id, s);
		cache.putDirty(s.id, Planes.arrayPlane(plane));
	}

	private long positionFor(final int index) {
		final long prev = index > 0 ? slots.get(index - 1).pos : 0;
		final long next = index < slots.size() ? slots.get(index).pos : prev + 2 * GAP;
		if (next - prev > 1) return prev + (next - prev) / 2;
		for (int k = 0; k < slots.size(); k++) { // gap used up: renumber (positions only, no plane is rewritten)
			final Slot s = slots.get(k);
			s.pos = (k + 1) * GAP;
			s.posChanged = true;
		}
		return positionFor(index);
	}

	/** Removes plane {@code index} without loading it. */
	public void delete(final int index) {
		final Slot s = slots.remove(index);
		byId.remove(s.id);
		cache.remove(s.id);
		if (s.stored) store.deletePlane(stackId, s.id);
	}

	/** Converts every plane to {@code newType}, one at a time through the cache. */
	public void changeType(final PixelType newType) {
		if (newType == type) return;
		for (final Slot s : slots)
			cache.putDirty(s.id, DtypeConversion.convert(cached(s), newType));
		type = newType;
	}

	/**
	 * Runs an operation all or nothing: changes so far are written to the transaction, a savepoint is set, and when
	 * the operation fails the database returns to the savepoint and this object to its state before.
	 */
	public void atomically(final Runnable operation) {
		cache.flush();
		final Savepoint savepoint = store.savepoint();
		final List<Slot> before = new ArrayList<>(slots.size());
		for (final Slot s : slots)
			before.add(s.copy());
		final PixelType typeBefore = type;
		final boolean compressedBefore = compressed;
		final long nextIdBefore = nextId;
		try {
			operation.run();
		}
		catch (final RuntimeException | Error e) {
			cache.clear();
			try {
				store.rollbackTo(savepoint);
			}
			catch (final RuntimeException undo) {
				e.addSuppressed(undo); // the operation's own error is the one to report
			}
			slots.clear();
			byId.clear();
			for (final Slot s : before) {
				slots.add(s);
				byId.put(s.id, s);
			}
			type = typeBefore;
			compressed = compressedBefore;
			nextId = nextIdBefore;
			throw e;
		}
	}

	/** Writes every change and commits: the saved state is now the current one. */
	public void save() {
		cache.flush();
		for (final Slot s : slots)
			if (s.posChanged && s.stored) {
				store.setPos(stackId, s.id, s.pos);
				s.posChanged = false;
			}
		store.updateStack(stackId, type, slots.size(), compressed);
		store.commit();
	}

	/** Discards every change since the last save and reloads the saved plane list. */
	public void reload() {
		discard();
		load(store.requireStack(name));
	}

	/** Discards every change since the last save (before closing). */
	public void discard() {
		cache.clear();
		store.rollback();
	}

	/** Copies the saved stack to a new name inside the database and commits. */
	public void copyTo(final String newName) {
		store.copyStack(name, newName);
		store.commit();
	}

	/** @return whether planes are written deflate-compressed */
	public boolean compressed() {
		return compressed;
	}

	/** @param compress whether planes written from now on are deflate-compressed (saved with the stack) */
	public void setCompressed(final boolean compress) {
		compressed = compress;
	}

	public long budget() {
		return cache.budget();
	}

	public void setBudget(final long bytes) {
		cache.setBudget(bytes);
	}

	public long cachedBytes() {
		return cache.bytes();
	}

	/** @return a lazy 3D view of the planes (see {@link PlaneView}) */
	public Img<? extends RealType<?>> asImg() {
		final long[] ids = new long[slots.size()];
		for (int i = 0; i < ids.length; i++)
			ids[i] = slots.get(i).id;
		if (ids.length == 0) throw new IllegalStateException("Stack '" + name + "' is empty: no view to make");
		final long[] dims = slots.get(0).dims;
		for (final Slot s : slots)
			if (!Arrays.equals(s.dims, dims)) throw new IllegalStateException("Stack '" + name +
				"' has planes of different sizes (" + Arrays.toString(dims) + " and " + Arrays.toString(s.dims) +
				"): a 3D view needs one size");
		return PlaneView.create(type, dims, ids, id -> {
			final Slot s = byId.get(id);
			if (s == null) throw new IllegalStateException("plane " + id + " of stack '" + name +
				"' was removed after the view was made");
			return cached(s);
		}, cache::watch);
	}
}
