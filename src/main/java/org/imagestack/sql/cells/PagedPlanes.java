package org.imagestack.sql.cells;

import java.util.List;

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

import org.imagestack.Compression;
import org.imagestack.ConcurrentSaveException;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.cache.CellCache;
import org.imagestack.convert.LazyConversion;
import org.imagestack.convert.Regions;

/**
 * The planes of one database stack as cells: their order, one {@link CellCache} holding a budget of cells on the heap
 * (shared by every plane handed out, the 3D view and ImageJ's virtual stack), and the {@link StackCells} holding all of
 * them, within one open transaction that {@link #save()} commits. Cells go between the cache and the store through
 * {@link PlaneCells}; this class keeps the plane list and the transaction: planes added, replaced and removed,
 * operations all or nothing, saving and reloading.
 * <p>
 * A plane that is replaced gets a new id (its old cells stay readable until the next save, so a plane handed out
 * before keeps its pixels, and a rolling map's workers can replace plane n while another still reads it as plane
 * n-1); a plane changed in place keeps its id. Plane order is a position column with gaps ({@link PlaneList}):
 * inserting or removing a plane in the middle writes no other plane.
 * </p>
 * <p>
 * Thread-safe: bookkeeping is under this object's lock; cells are filled, converted, encoded and written by the
 * calling threads outside it.
 * </p>
 */
public final class PagedPlanes {

	private final StackCells store;
	private final StackRecord record;
	private final PlaneCells cells;
	private final CellCache<CellKey, Cell<DataAccess>, Dirty> cache;
	/** The planes' order and ids (guarded by this object's lock). */
	private final PlaneList list = new PlaneList();
	private long version;
	private PixelType type;
	/** The type as last saved (or loaded): a type changed since is a change to save. */
	private PixelType savedType;
	private Compression compression;
	/** Whether changed cells were written into the open transaction since the last save (or discard). */
	private volatile boolean cellsWritten;

	/**
	 * @param store the stack's cells in storage, in an open transaction (closed with this object)
	 * @param record the stack as loaded (or just created)
	 * @param budget bytes of cells to hold on the heap at most
	 */
	public PagedPlanes(final StackCells store, final StackRecord record, final long budget)
	{
		this.store = store;
		this.record = record;
		this.cells = new PlaneCells(store, record, budget, new PlaneCells.Planes() {

			@Override
			public PlaneSlot slot(final long planeId) {
				synchronized (PagedPlanes.this) {
					return list.byId(planeId);
				}
			}

			@Override
			public boolean knows(final long planeId) {
				return list.knows(planeId);
			}

			@Override
			public Compression compression() {
				return PagedPlanes.this.compression();
			}

			@Override
			public void cellWritten() {
				cellsWritten = true;
			}
		});
		this.cache = cells.cache();
		load(record);
	}

	private synchronized void load(final StackRecord r) {
		list.clear();
		type = r.type();
		savedType = type;
		compression = r.compression();
		version = r.version();
		for (final PlaneRow p : store.planes())
			list.append(PlaneSlot.saved(p));
	}

	// -- reading --

	public String name() {
		return record.name();
	}

	public synchronized PixelType type() {
		return type;
	}

	public synchronized int size() {
		return list.size();
	}

	/** @return bytes of all planes in the current type */
	synchronized long nbytes() {
		return list.pixels() * type.bytesPerPixel();
	}

	/** @return plane {@code index} as a cell image over the cache (the stack's plane, not a copy) */
	public Img<? extends RealType<?>> plane(final int index) {
		final PlaneSlot s;
		synchronized (this) {
			s = list.get(index);
		}
		return planeImg(s);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Img<? extends RealType<?>> planeImg(final PlaneSlot s) {
		final CellGrid grid = s.grid(record.cellBytes());
		final LazyCellImg.Get<Cell<DataAccess>> get = index -> cells.cell(s, (int) index);
		return (Img<? extends RealType<?>>) new PlaneImg(this, s.id, grid, (NativeType) s.type.createType(), get,
			index -> cells.cellOnce(s, (int) index));
	}

	// -- writing --

	/**
	 * Replaces plane {@code index} with {@code plane} (already of the stack's type): a new plane id whose cells are
	 * copied from {@code plane} one at a time. The stack's own view of this plane (changed in place) stays as it is.
	 */
	public void write(final int index, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final PlaneSlot old;
		synchronized (this) {
			old = list.get(index);
		}
		if (plane instanceof PlaneImg && ((PlaneImg<?, ?>) plane).is(this, old.id)) {
			releaseUnlessAllFit(old); // changed in place
			return;
		}
		final PlaneSlot s = newSlot(old.pos, plane);
		fillOrForget(s, plane);
		synchronized (this) {
			if (!list.replace(old, s)) throw new IllegalStateException("plane " + index + " of stack '" + record
				.name() + "' was removed while it was being replaced");
			retire(old);
		}
	}

	/**
	 * A plane a map's worker changed in place, in a stack larger than the budget: its changed cells are written now,
	 * by that worker, and all its cells leave the budget at once, rather than pushing out the cells other workers are
	 * using and being written later by whoever comes next. A stack that fits keeps its cells.
	 */
	private void releaseUnlessAllFit(final PlaneSlot s) {
		if (!fitsWith(0)) cache.release(k -> k.planeId == s.id);
	}

	/** @return whether the whole stack, and {@code extra} bytes more, fit in the cache's budget */
	private boolean fitsWith(final long extra) {
		return nbytes() + extra <= cache.budget();
	}

	/** Inserts {@code plane} (already of the stack's type) at {@code index}. */
	public void insert(final int index, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final PlaneSlot s = newSlot(0, plane);
		fillOrForget(s, plane);
		synchronized (this) {
			list.insert(index, s);
		}
	}

	private PlaneSlot newSlot(final long pos, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final long[] dims = Intervals.dimensionsAsLongArray(plane);
		final PixelType t = PixelType.of(plane);
		final PlaneSlot s = new PlaneSlot(store.newPlaneId(), pos, dims, CellShape.cellDims(t, dims, record
			.cellBytes()), t, false);
		synchronized (this) {
			list.register(s);
		}
		return s;
	}

	/** As {@link #fill}; when reading the image fails half-way, the new plane's cells are dropped, unwritten. */
	private void fillOrForget(final PlaneSlot s, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		try {
			fill(s, plane);
		}
		catch (final RuntimeException | Error e) {
			synchronized (this) {
				list.forget(s.id);
			}
			cache.invalidate(k -> k.planeId == s.id);
			final boolean stored;
			synchronized (s) {
				stored = s.stored;
			}
			try {
				if (stored) store.deletePlane(s.id); // cells written before the failure: not a plane
			}
			catch (final RuntimeException undo) {
				e.addSuppressed(undo);
			}
			throw e;
		}
	}

	/** Copies an image into a plane's cells, one cell at a time, each put into the cache as changed. */
	private void fill(final PlaneSlot s, final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final CellGrid grid = s.grid(record.cellBytes());
		final RandomAccessibleInterval<? extends RealType<?>> src = Views.isZeroMin(plane) ? plane : Views.zeroMin(
			plane);
		final int n = CellShape.cellCount(grid);
		// in a stack larger than the budget every cell is written as soon as it is made: it dies young (a cell kept
		// until the budget pushes it out outlives a few collections in a small heap, and dies in the old generation)
		final boolean writeNow = !fitsWith(Intervals.numElements(plane) * s.type.bytesPerPixel());
		for (int k = 0; k < n; k++) {
			final Interval region = LazyConversion.cell(grid, k);
			final Object array = Regions.copy(src, region);
			final CellKey key = new CellKey(s.id, k);
			cache.put(key, PlaneCells.newCell(s.type, region, array));
			if (writeNow) cache.writeAndForget(key); // nobody holds it yet: not even a weak reference is kept
		}
	}

	/**
	 * A replaced or removed plane (retired in the list) keeps its cells, as they are now, until the next save, so
	 * that an image of it handed out before, edited in place or not, still reads what it showed and can be put back
	 * elsewhere with its edits (a swap, a remove and add, a sort). A saved plane's cells leave the budget at once,
	 * the changed ones written into the transaction first (where they are read again); a plane never saved keeps its
	 * cells in the cache (written back, should they leave it). The save deletes the rows and drops the cells.
	 */
	private void retire(final PlaneSlot s) {
		final long id = s.id;
		if (s.stored) cache.release(k -> k.planeId == id);
	}

	/** Removes plane {@code index} without loading it. */
	public synchronized void delete(final int index) {
		retire(list.remove(index));
	}

	/** Converts every plane to {@code newType}, one cell at a time (whole-image facts gathered first per plane). */
	public void changeType(final PixelType newType) {
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
	public void atomically(final Runnable operation) {
		cache.flush();
		final Object savepoint = store.savepoint();
		final boolean writtenBefore = cellsWritten;
		final PlaneList.Snapshot before;
		final PixelType typeBefore;
		final Compression compressionBefore;
		synchronized (this) {
			before = list.snapshot();
			typeBefore = type;
			compressionBefore = compression;
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
				list.restore(before);
				cellsWritten = writtenBefore;
				type = typeBefore;
				compression = compressionBefore;
			}
			throw e;
		}
	}

	/**
	 * Writes every change and commits, the file forced to the disk: the saved state is now the current one. The
	 * cells are written into the transaction first (where they would go anyway); the rest of the save (the version
	 * check, plane rows, order, deletions) is undone to a savepoint when it fails before the commit (an interrupted
	 * thread, another handle's save), so that the stack keeps its unsaved changes and can save again.
	 *
	 * @throws ConcurrentSaveException when another handle saved the stack since this one loaded it (nothing saved)
	 */
	public void save() {
		final long loaded;
		synchronized (this) {
			loaded = version;
		}
		store.checkSave(loaded); // before anything is written
		cache.flush();
		final Object savepoint = store.savepoint();
		final List<PlaneSlot> current, gone;
		final PixelType savedAs;
		final List<PlaneSlot> rowsAdded = new java.util.ArrayList<>(), moved = new java.util.ArrayList<>();
		try {
			synchronized (this) {
				// the version check first: it locks the stack's row
				store.recordSave(type, list.size(), compression, version);
				savedAs = type;
				current = list.current();
				gone = list.retired();
			}
			for (final PlaneSlot s : current) {
				if (!s.stored) rowsAdded.add(s);
				cells.ensureRow(s); // a new plane whose cells are all still clean in the cache (none: fill marks them changed)
				if (s.posChanged) {
					store.setPos(s.id, s.pos);
					s.posChanged = false;
					moved.add(s);
				}
			}
			for (final PlaneSlot s : gone)
				if (s.stored) store.deletePlane(s.id);
			store.commit(); // fails before committing anything when the thread is interrupted
		}
		catch (final RuntimeException | Error e) {
			try {
				store.rollbackTo(savepoint);
			}
			catch (final RuntimeException undo) {
				e.addSuppressed(undo); // the connection is gone (or it committed after all): nothing to restore
				throw e;
			}
			for (final PlaneSlot s : rowsAdded)
				synchronized (s) {
					s.stored = false;
				}
			for (final PlaneSlot s : moved)
				s.posChanged = true;
			throw e;
		}
		for (final PlaneSlot s : gone)
			cache.invalidate(k -> k.planeId == s.id);
		cellsWritten = false;
		final long saved;
		synchronized (this) {
			list.dropRetired(gone);
			savedType = savedAs;
			saved = ++version;
		}
		store.saved(saved);
	}

	/** Discards every change since the last save and reloads the saved plane list. */
	public void reload() {
		discard();
		load(store.reload());
	}

	/** Discards every change since the last save (before closing or reloading). */
	public void discard() {
		cellsWritten = false;
		cache.invalidateAll();
		store.rollback();
	}

	/** Stops the cache watching the heap and closes the reading connection; the stack is closed. */
	public void close() {
		cache.close();
		store.close();
	}

	/** @return how cells written from now on are compressed */
	public synchronized Compression compression() {
		return compression;
	}

	/** Compresses cells written from now on by {@code codec} (saved with the stack by the next save). */
	public synchronized void setCompression(final Compression codec) {
		if (codec == null) throw new NullPointerException("compression is null");
		compression = codec;
	}

	public long budget() {
		return cache.budget();
	}

	public void setBudget(final long bytes) {
		cache.setBudget(bytes);
	}

	/** @return bytes of the current planes' cells held on the heap */
	public long cachedBytes() {
		final java.util.Set<Long> current;
		synchronized (this) {
			current = list.ids();
		}
		return cache.bytes(k -> current.contains(k.planeId));
	}

	/** @return whether there are changes not yet saved (cells changed, planes added, replaced or removed) */
	public synchronized boolean hasChanges() {
		return list.changed() || type != savedType && list.size() > 0 || cache.hasChanges() || cellsWritten;
	}

	/**
	 * @return a lazy 3D view (X, Y[, C], Z = plane) over the same cells as the planes
	 * @throws IllegalStateException when the stack is empty or its planes differ in size
	 */
	public Img<? extends RealType<?>> asImg() {
		final PlaneSlot[] planes;
		synchronized (this) {
			planes = list.current().toArray(new PlaneSlot[0]);
		}
		return StackImg.of(planes, record.cellBytes(), type(), name(), cells::cell);
	}
}
