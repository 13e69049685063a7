package org.imagestack.sql;

import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.Dirty;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.imagestack.PixelType;
import org.imagestack.cache.CellCache;
import org.imagestack.convert.LazyConversion;
import org.imagestack.convert.Regions;

/**
 * The planes of one database stack as cells: their order, one {@link CellCache} holding a budget of cells on the heap
 * (shared by every plane handed out, the 3D view and ImageJ's virtual stack), and the {@link CellStore} holding all of
 * them, within one open transaction that {@link #save()} commits.
 * <p>
 * A plane that is replaced gets a new id (its old cells stay readable until the next save, so a plane handed out
 * before keeps its pixels, and a rolling map's workers can replace plane n while another still reads it as plane
 * n-1); a plane changed in place keeps its id. Plane order is a position column with gaps: inserting or removing a
 * plane in the middle writes no other plane.
 * </p>
 * <p>
 * Thread-safe: bookkeeping is under this object's lock; cells are filled, converted, encoded and written by the
 * calling threads outside it.
 * </p>
 */
final class PagedPlanes {

	private static final long GAP = 1L << 20;

	/** One plane: id, order key, shape, and whether its row exists in the transaction. */
	private static final class Slot {

		final long id;
		long pos;
		final long[] dims;
		int[] cellDims; // null: stored as one BLOB (schema version 1), until it is written
		final PixelType type;
		boolean posChanged;
		boolean stored;
		/** Cells that have a row: all of a plane read from the database, else those written so far. */
		final java.util.BitSet rows = new java.util.BitSet();
		boolean allRows;

		Slot(final long id, final long pos, final long[] dims, final int[] cellDims, final PixelType type,
			final boolean stored)
		{
			this.id = id;
			this.pos = pos;
			this.dims = dims;
			this.cellDims = cellDims;
			this.type = type;
			this.stored = stored;
		}

		Slot copy() {
			final Slot s = new Slot(id, pos, dims, cellDims, type, stored);
			s.posChanged = posChanged;
			s.rows.or(rows);
			s.allRows = allRows;
			return s;
		}

		/** @return whether cell {@code index} has a row, and notes that it will have one */
		synchronized boolean rowFor(final int index) {
			final boolean had = allRows || rows.get(index);
			rows.set(index);
			return had;
		}

		CellGrid grid(final int cellBytes) {
			return CellShape.grid(dims, cellDims != null ? cellDims : CellShape.cellDims(type, dims, cellBytes));
		}
	}

	private final CellStore store;
	private final CommittedReader reader;
	private final Catalog catalog;
	private final StackRecord record;
	private final CellCache<CellKey, Cell<DataAccess>, Dirty> cache;
	private final List<Slot> slots = new ArrayList<>();
	/** Every plane id cells may belong to: the current planes and the replaced ones not yet deleted. */
	private final Map<Long, Slot> byId = new HashMap<>();
	private final List<Slot> retired = new ArrayList<>();
	private long version;
	private PixelType type;
	private boolean compressed;

	/**
	 * @param store the database's cells, in an open transaction
	 * @param reader another connection for reading cells as committed (closed with this object)
	 * @param catalog the database's catalog
	 * @param record the stack as loaded (or just created)
	 * @param budget bytes of cells to hold on the heap at most
	 */
	PagedPlanes(final CellStore store, final CommittedReader reader, final Catalog catalog, final StackRecord record,
		final long budget)
	{
		this.store = store;
		this.reader = reader;
		this.catalog = catalog;
		this.record = record;
		this.cache = new CellCache<>(budget, cell -> CellAccess.dirty(cell), CellAccess::bytes, this::writeBack);
		load(record);
	}

	private synchronized void load(final StackRecord r) {
		slots.clear();
		byId.clear();
		retired.clear();
		type = r.type();
		compressed = r.compressed();
		version = r.version();
		for (final PlaneRow p : store.planes(record.id())) {
			final Slot s = new Slot(p.planeId, p.pos, p.dims, p.cellDims, p.type, true);
			s.allRows = p.cellDims != null;
			slots.add(s);
			byId.put(s.id, s);
		}
	}

	// -- reading --

	String name() {
		return record.name();
	}

	synchronized PixelType type() {
		return type;
	}

	synchronized int size() {
		return slots.size();
	}

	/** @return bytes of all planes in the current type */
	synchronized long nbytes() {
		long sum = 0;
		for (final Slot s : slots)
			sum += Intervals.numElements(s.dims);
		return sum * type.bytesPerPixel();
	}

	/** @return the dimensions of plane {@code index} */
	synchronized long[] dims(final int index) {
		return slots.get(index).dims.clone();
	}

	/** @return plane {@code index} as a cell image over the cache (the stack's plane, not a copy) */
	Img<? extends RealType<?>> plane(final int index) {
		final Slot s;
		synchronized (this) {
			s = slots.get(index);
		}
		return planeImg(s);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Img<? extends RealType<?>> planeImg(final Slot s) {
		final CellGrid grid = s.grid(record.cellBytes());
		final LazyCellImg.Get<Cell<DataAccess>> get = index -> cell(s, (int) index);
		return (Img<? extends RealType<?>>) new PlaneImg(this, s.id, grid, (NativeType) s.type.createType(), get,
			index -> cellOnce(s, (int) index));
	}

	/** @return the array of a plane's cell for one read: the cache's when it holds the cell, else read and not kept */
	private Object cellOnce(final Slot s, final int index) {
		final Cell<DataAccess> held = cache.getIfHeld(new CellKey(s.id, index));
		return CellAccess.array((held != null ? held : load(s, index)).getData());
	}

	/** @return the cache's cell {@code index} of a plane, loaded when needed */
	private Cell<DataAccess> cell(final Slot s, final int index) {
		return cache.get(new CellKey(s.id, index), key -> load(s, key.index));
	}

	private Cell<DataAccess> load(final Slot s, final int index) {
		final CellGrid grid = s.grid(record.cellBytes());
		final Interval region = LazyConversion.cell(grid, index);
		final int pixels = (int) Intervals.numElements(region);
		if (!byId.containsKey(s.id)) throw new IllegalStateException("Plane " + s.id + " of stack '" + record.name() +
			"' was replaced or removed before the last save: its pixels are gone");
		final Object array;
		if (s.cellDims == null) array = loadLegacy(s, grid, index);
		else {
			final CellKey key = new CellKey(s.id, index);
			final CellStore committed = store.committed(key) ? reader.store() : null;
			try {
				array = (committed != null ? committed : store).readCell(record.id(), key, s.type, pixels,
					record.name());
			}
			catch (final org.imagestack.CorruptDatabaseException missing) {
				catalog.requireExists(record); // deleted through another handle: say so, not "missing"
				throw missing;
			}
		}
		return newCell(s.type, region, array);
	}

	/** Reads a version 1 plane's BLOB once, caching all its cells; returns the one asked for. */
	private Object loadLegacy(final Slot s, final CellGrid grid, final int index) {
		final Object[] arrays = store.readLegacyPlane(record.id(), s.id, s.type, grid, "plane " + s.id + " of stack '" +
			record.name() + "'");
		for (int k = 0; k < arrays.length; k++)
			if (k != index) {
				final Cell<DataAccess> c = newCell(s.type, LazyConversion.cell(grid, k), arrays[k]);
				cache.get(new CellKey(s.id, k), key -> c);
			}
		return arrays[index];
	}

	private static Cell<DataAccess> newCell(final PixelType type, final Interval region, final Object array) {
		return new Cell<>(Intervals.dimensionsAsIntArray(region), Intervals.minAsLongArray(region), CellAccess.wrap(
			type, array));
	}

	// -- writing --

	/** Writes a changed cell into the transaction (the cache calls this, outside its lock). */
	private void writeBack(final CellKey key, final Dirty access) {
		final Slot s;
		synchronized (this) {
			s = byId.get(key.planeId);
		}
		if (s == null) return; // deleted meanwhile
		if (s.cellDims == null) migrateLegacy(s);
		ensureRow(s);
		final CellCodec.Encoded cell = CellCodec.encode(s.type, CellAccess.array(access), compressed());
		final boolean exists = s.rowFor(key.index);
		try {
			store.writeCell(record.id(), key, cell, exists);
		}
		catch (final RuntimeException | Error e) {
			if (!exists) synchronized (s) {
				s.rows.clear(key.index); // not written: still no row
			}
			throw e;
		}
	}

	private void ensureRow(final Slot s) {
		synchronized (s) {
			if (s.stored) return;
			store.insertPlane(record.id(), new PlaneRow(s.id, s.pos, s.dims, s.type, s.cellDims));
			s.stored = true;
		}
	}

	/**
	 * Replaces plane {@code index} with {@code plane} (already of the stack's type): a new plane id whose cells are
	 * copied from {@code plane} one at a time. The stack's own view of this plane (changed in place) stays as it is.
	 */
	void write(final int index, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final Slot old;
		synchronized (this) {
			old = slots.get(index);
		}
		if (plane instanceof PlaneImg && ((PlaneImg<?, ?>) plane).is(this, old.id)) {
			releaseUnlessAllFit(old); // changed in place
			return;
		}
		final Slot s = newSlot(old.pos, plane);
		fillOrForget(s, plane);
		synchronized (this) {
			final int at = slots.indexOf(old);
			if (at < 0) throw new IllegalStateException("plane " + index + " of stack '" + record.name() +
				"' was removed while it was being replaced");
			slots.set(at, s);
			retire(old);
		}
	}

	/**
	 * A plane a map's worker changed in place, in a stack larger than the budget: its changed cells are written now,
	 * by that worker, and all its cells leave the budget at once, rather than pushing out the cells other workers are
	 * using and being written later by whoever comes next. A stack that fits keeps its cells.
	 */
	private void releaseUnlessAllFit(final Slot s) {
		if (nbytes() > cache.budget()) cache.release(k -> k.planeId == s.id);
	}

	/** Inserts {@code plane} (already of the stack's type) at {@code index}. */
	void insert(final int index, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final Slot s = newSlot(0, plane);
		fillOrForget(s, plane);
		synchronized (this) {
			s.pos = positionFor(index);
			s.posChanged = true; // its row may have been written already, at position 0 (cells written while filling)
			slots.add(index, s);
		}
	}

	private Slot newSlot(final long pos, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final long[] dims = Intervals.dimensionsAsLongArray(plane);
		final PixelType t = PixelType.of(plane);
		final Slot s = new Slot(store.newPlaneId(), pos, dims, CellShape.cellDims(t, dims, record.cellBytes()), t,
			false);
		synchronized (this) {
			byId.put(s.id, s);
		}
		return s;
	}

	/** As {@link #fill}; when reading the image fails half-way, the new plane's cells are dropped, unwritten. */
	private void fillOrForget(final Slot s, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		try {
			fill(s, plane);
		}
		catch (final RuntimeException | Error e) {
			synchronized (this) {
				byId.remove(s.id);
			}
			cache.invalidate(k -> k.planeId == s.id);
			final boolean stored;
			synchronized (s) {
				stored = s.stored;
			}
			try {
				if (stored) store.deletePlane(record.id(), s.id); // cells written before the failure: not a plane
			}
			catch (final RuntimeException undo) {
				e.addSuppressed(undo);
			}
			throw e;
		}
	}

	/** Copies an image into a plane's cells, one cell at a time, each put into the cache as changed. */
	private void fill(final Slot s, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final CellGrid grid = s.grid(record.cellBytes());
		final RandomAccessibleInterval<? extends RealType<?>> src = Views.isZeroMin(plane) ? plane : Views.zeroMin(
			plane);
		final int n = CellShape.cellCount(grid);
		// in a stack larger than the budget every cell is written as soon as it is made: it dies young (a cell kept
		// until the budget pushes it out outlives a few collections in a small heap, and dies in the old generation)
		final boolean writeNow = nbytes() + Intervals.numElements(plane) * s.type.bytesPerPixel() > cache.budget();
		for (int k = 0; k < n; k++) {
			final Interval region = LazyConversion.cell(grid, k);
			final Object array = Regions.copy(src, region);
			final CellKey key = new CellKey(s.id, k);
			cache.put(key, newCell(s.type, region, array));
			if (writeNow) cache.release(key::equals);
		}
	}

	/**
	 * A version 1 plane changed in place: all its cells are written as rows (the changed ones from the cache, the
	 * others read from its BLOB) and its row then says it is cells. In the open transaction, like any write.
	 */
	private void migrateLegacy(final Slot s) {
		synchronized (s) {
			if (s.cellDims != null) return;
			final CellGrid grid = s.grid(record.cellBytes());
			final int n = CellShape.cellCount(grid);
			for (int k = 0; k < n; k++) {
				final Cell<DataAccess> c = cell(s, k);
				store.writeCell(record.id(), new CellKey(s.id, k), CellCodec.encode(s.type, CellAccess.array(c.getData()),
					compressed()), s.rowFor(k));
			}
			final int[] cellDims = new int[grid.numDimensions()];
			grid.cellDimensions(cellDims);
			store.markCells(record.id(), s.id, cellDims);
			s.cellDims = cellDims;
		}
	}

	/**
	 * Forgets a replaced or removed plane: its cells go from the cache, its rows are deleted on save. Until then an
	 * image of it handed out before reads its saved cells again; one never saved has nothing to read.
	 */
	private void retire(final Slot s) {
		retired.add(s);
		final long id = s.id;
		if (s.stored) cache.invalidate(k -> k.planeId == id); // read again from their rows if needed
		// a plane never saved keeps its cells (written back, should they leave the cache) until the next save
	}

	private long positionFor(final int index) {
		final long prev = index > 0 ? slots.get(index - 1).pos : 0;
		final long next = index < slots.size() ? slots.get(index).pos : prev + 2 * GAP;
		if (next - prev > 1) return prev + (next - prev) / 2;
		for (int k = 0; k < slots.size(); k++) { // gap used up: renumber (positions only, no cell is rewritten)
			final Slot s = slots.get(k);
			s.pos = (k + 1) * GAP;
			s.posChanged = true;
		}
		return positionFor(index);
	}

	/** Removes plane {@code index} without loading it. */
	synchronized void delete(final int index) {
		retire(slots.remove(index));
	}

	/** Converts every plane to {@code newType}, one cell at a time (whole-image facts gathered first per plane). */
	void changeType(final PixelType newType) {
		if (newType == type()) return;
		for (int i = 0; i < size(); i++) {
			final Img<? extends RealType<?>> plane = plane(i);
			final int[] cells = CellShape.cellDims(newType, Intervals.dimensionsAsLongArray(plane), record.cellBytes());
			write(i, LazyConversion.convert(plane, newType, cells));
		}
		synchronized (this) {
			type = newType;
		}
	}

	// -- transactions --

	/**
	 * Runs an operation all or nothing: changes so far are written to the transaction, a savepoint is set, and when
	 * the operation fails (any throwable) the database returns to the savepoint and this object to its state before.
	 */
	void atomically(final Runnable operation) {
		cache.flush();
		final Savepoint savepoint = store.savepoint();
		final List<Slot> before, retiredBefore;
		final PixelType typeBefore;
		final boolean compressedBefore;
		synchronized (this) {
			before = new ArrayList<>(slots.size());
			for (final Slot s : slots)
				before.add(s.copy());
			retiredBefore = new ArrayList<>(retired);
			typeBefore = type;
			compressedBefore = compressed;
		}
		try {
			operation.run();
		}
		catch (final Throwable e) {
			cache.invalidateAll();
			try {
				store.rollbackTo(savepoint);
			}
			catch (final RuntimeException undo) {
				e.addSuppressed(undo); // the operation's own error is the one to report
			}
			synchronized (this) {
				slots.clear();
				slots.addAll(before);
				retired.clear();
				retired.addAll(retiredBefore);
				byId.clear();
				for (final Slot s : slots)
					byId.put(s.id, s);
				type = typeBefore;
				compressed = compressedBefore;
			}
			throw e;
		}
	}

	/**
	 * Writes every change and commits, the file forced to the disk: the saved state is now the current one.
	 *
	 * @throws ConcurrentSaveException when another handle saved the stack since this one loaded it (nothing written)
	 */
	void save() {
		final List<Slot> current, gone;
		synchronized (this) {
			// the version check first: it locks the stack's row, and a failure leaves nothing half written
			catalog.recordSave(record, type, slots.size(), compressed, version);
			current = new ArrayList<>(slots);
			gone = new ArrayList<>(retired);
		}
		for (final Slot s : gone)
			cache.invalidate(k -> k.planeId == s.id);
		cache.flush();
		for (final Slot s : current) {
			ensureRow(s); // a new plane whose cells are all still clean in the cache (none: fill marks them changed)
			if (s.posChanged) {
				store.setPos(record.id(), s.id, s.pos);
				s.posChanged = false;
			}
		}
		for (final Slot s : gone)
			if (s.stored) store.deletePlane(record.id(), s.id);
		store.commit();
		final long saved;
		synchronized (this) {
			retired.removeAll(gone);
			for (final Slot s : gone)
				byId.remove(s.id);
			saved = ++version;
		}
		store.recordSave(record.id(), saved);
	}

	/** Discards every change since the last save and reloads the saved plane list. */
	void reload() {
		discard();
		load(catalog.requireStack(record.name()));
	}

	/** Discards every change since the last save (before closing or reloading). */
	void discard() {
		cache.invalidateAll();
		store.rollback();
	}

	/** Stops the cache watching the heap and closes the reading connection; the stack is closed. */
	void close() {
		cache.close();
		reader.close();
	}

	boolean compressed() {
		synchronized (this) {
			return compressed;
		}
	}

	synchronized void setCompressed(final boolean compress) {
		compressed = compress;
	}

	long budget() {
		return cache.budget();
	}

	void setBudget(final long bytes) {
		cache.setBudget(bytes);
	}

	/** @return bytes of the current planes' cells held on the heap */
	long cachedBytes() {
		final java.util.Set<Long> current = new java.util.HashSet<>();
		synchronized (this) {
			for (final Slot s : slots)
				current.add(s.id);
		}
		return cache.bytes(k -> current.contains(k.planeId));
	}

	/** @return whether there are changes not yet saved (cells changed, planes added, replaced or removed) */
	synchronized boolean hasChanges() {
		if (!retired.isEmpty() || type != record.type() && slots.size() > 0) return true;
		for (final Slot s : slots)
			if (!s.stored || s.posChanged) return true;
		return cache.hasChanges();
	}

	/**
	 * @return a lazy 3D view (X, Y[, C], Z = plane) over the same cells as the planes
	 * @throws IllegalStateException when the stack is empty or its planes differ in size
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	Img<? extends RealType<?>> asImg() {
		final Slot[] planes;
		synchronized (this) {
			planes = slots.toArray(new Slot[0]);
		}
		if (planes.length == 0) throw new IllegalStateException("Stack '" + name() + "' is empty: no view to make");
		final long[] dims = planes[0].dims;
		for (final Slot s : planes)
			if (!Arrays.equals(s.dims, dims)) throw new IllegalStateException("Stack '" + name() +
				"' has planes of different sizes (" + Arrays.toString(dims) + " and " + Arrays.toString(s.dims) +
				"): a 3D view needs one size");
		final CellGrid planeGrid = planes[0].grid(record.cellBytes());
		final int perPlane = CellShape.cellCount(planeGrid);
		final int n = dims.length;
		final long[] all = Arrays.copyOf(dims, n + 1);
		all[n] = planes.length;
		final int[] cell = new int[n + 1];
		planeGrid.cellDimensions(cell);
		cell[n] = 1;
		final LazyCellImg.Get<Cell<DataAccess>> get = index -> {
			final int z = (int) (index / perPlane);
			final Cell<DataAccess> c = cell(planes[z], (int) (index % perPlane));
			final long[] min = new long[n + 1];
			final int[] size = new int[n + 1];
			for (int d = 0; d < n; d++) {
				min[d] = c.min(d);
				size[d] = (int) c.dimension(d);
			}
			min[n] = z;
			size[n] = 1;
			return new ViewCell(size, min, c);
		};
		return new LazyCellImg(new CellGrid(all, cell), (NativeType) type().createType(), get);
	}

	/** A plane's cell placed in the 3D view; it keeps the plane's cell reachable, so the cache finds it in use. */
	private static final class ViewCell extends Cell<DataAccess> {

		private static final long serialVersionUID = 1L;

		@SuppressWarnings("unused")
		private final Cell<DataAccess> source;

		ViewCell(final int[] dims, final long[] min, final Cell<DataAccess> source) {
			super(dims, min, source.getData());
			this.source = source;
		}
	}
}
