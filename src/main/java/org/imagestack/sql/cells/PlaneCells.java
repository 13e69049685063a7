package org.imagestack.sql.cells;

import net.imglib2.Dirty;
import net.imglib2.Interval;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.util.Intervals;

import org.imagestack.Compression;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.cache.CellCache;
import org.imagestack.convert.LazyConversion;

/**
 * The cells of a {@link PagedPlanes}' planes between its one {@link CellCache} and the database: a cell is read from
 * the open transaction or, when it is as last committed, as committed (see {@link StackCells#readCell}); a
 * version 1 plane's BLOB is read once into all its cells; a changed cell is written back into the transaction, its
 * plane's row first, and a version 1 plane is first rewritten as cells (the store reads those files' BLOBs).
 */
final class PlaneCells {

	/** What the cells need to know of their planes (answered under the planes' lock). */
	interface Planes {

		/** @return the plane of id {@code planeId}, current or retired and not yet deleted; null when gone */
		PlaneSlot slot(long planeId);

		/** @return whether cells of plane {@code planeId} may still be read */
		boolean knows(long planeId);

		/** @return how cells are compressed as they are written */
		Compression compression();

		/** A changed cell was written into the open transaction. */
		void cellWritten();
	}

	private final StackCells store;
	private final StackRecord record;
	private final Planes planes;
	private final CellCache<CellKey, Cell<DataAccess>, Dirty> cache;

	/**
	 * @param store the stack's cells in storage, in an open transaction
	 * @param record the stack
	 * @param budget bytes of cells to hold on the heap at most
	 * @param planes the planes the cells belong to
	 */
	PlaneCells(final StackCells store, final StackRecord record,
		final long budget, final Planes planes)
	{
		this.store = store;
		this.record = record;
		this.planes = planes;
		this.cache = new CellCache<>(budget, cell -> CellAccess.dirty(cell), CellAccess::bytes, this::writeBack);
	}

	/** @return the one cache of the stack's cells */
	CellCache<CellKey, Cell<DataAccess>, Dirty> cache() {
		return cache;
	}

	/** @return the array of a plane's cell for one read: the cache's when it holds the cell, else read and not kept */
	Object cellOnce(final PlaneSlot s, final int index) {
		final Cell<DataAccess> held = cache.getIfHeld(new CellKey(s.id, index));
		return CellAccess.array((held != null ? held : load(s, index)).getData());
	}

	/** @return the cache's cell {@code index} of a plane, loaded when needed */
	Cell<DataAccess> cell(final PlaneSlot s, final int index) {
		return cache.get(new CellKey(s.id, index), key -> load(s, key.index));
	}

	private Cell<DataAccess> load(final PlaneSlot s, final int index) {
		final CellGrid grid = s.grid(record.cellBytes());
		final Interval region = LazyConversion.cell(grid, index);
		final int pixels = (int) Intervals.numElements(region);
		if (!planes.knows(s.id)) throw new IllegalStateException("Plane " + s.id + " of stack '" + record.name() +
			"' was replaced or removed before the last save: its pixels are gone");
		final Object array;
		if (s.cellDims == null) array = loadLegacy(s, grid, index);
		else array = store.readCell(new CellKey(s.id, index), s.type, pixels);
		return newCell(s.type, region, array);
	}

	/** Reads a version 1 plane's BLOB once, caching all its cells; returns the one asked for. */
	private Object loadLegacy(final PlaneSlot s, final CellGrid grid, final int index) {
		final Object[] arrays = store.readLegacyPlane(s.id, s.type, grid, "plane " + s.id + " of stack '" +
			record.name() + "'");
		for (int k = 0; k < arrays.length; k++)
			if (k != index) {
				final Cell<DataAccess> c = newCell(s.type, LazyConversion.cell(grid, k), arrays[k]);
				cache.get(new CellKey(s.id, k), key -> c);
			}
		return arrays[index];
	}

	/** @return a cell of {@code region} holding {@code array} */
	static Cell<DataAccess> newCell(final PixelType type, final Interval region, final Object array) {
		return new Cell<>(Intervals.dimensionsAsIntArray(region), Intervals.minAsLongArray(region), CellAccess.wrap(
			type, array));
	}

	/** Writes a changed cell into the transaction (the cache calls this, outside its lock). */
	private void writeBack(final CellKey key, final Dirty access) {
		final PlaneSlot s = planes.slot(key.planeId);
		if (s == null) return; // deleted meanwhile
		if (s.cellDims == null) migrateLegacy(s);
		ensureRow(s);
		final boolean exists = s.rowFor(key.index);
		try {
			store.writeCell(key, s.type, CellAccess.array(access), planes.compression(), exists);
			planes.cellWritten();
		}
		catch (final RuntimeException | Error e) {
			if (!exists) synchronized (s) {
				s.rows.clear(key.index); // not written: still no row
			}
			throw e;
		}
	}

	/** Inserts a new plane's row into the transaction, unless it has one. */
	void ensureRow(final PlaneSlot s) {
		synchronized (s) {
			if (s.stored) return;
			store.insertPlane(new PlaneRow(s.id, s.pos, s.dims, s.type, s.cellDims));
			s.stored = true;
		}
	}

	/**
	 * A version 1 plane changed in place: all its cells are written as rows (the changed ones from the cache, the
	 * others read from its BLOB) and its row then says it is cells. In the open transaction, like any write.
	 */
	private void migrateLegacy(final PlaneSlot s) {
		synchronized (s) {
			if (s.cellDims != null) return;
			final CellGrid grid = s.grid(record.cellBytes());
			final int n = CellShape.cellCount(grid);
			for (int k = 0; k < n; k++) {
				final Cell<DataAccess> c = cell(s, k);
				store.writeCell(new CellKey(s.id, k), s.type, CellAccess.array(c.getData()), planes
					.compression(), s.rowFor(k));
			}
			final int[] cellDims = new int[grid.numDimensions()];
			grid.cellDimensions(cellDims);
			store.markCells(s.id, cellDims);
			s.cellDims = cellDims;
		}
	}
}
