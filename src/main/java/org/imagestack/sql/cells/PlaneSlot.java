package org.imagestack.sql.cells;

import java.util.BitSet;

import net.imglib2.img.cell.CellGrid;

import org.imagestack.PixelType;

/**
 * One plane of a {@link PagedPlanes}: its id, order key, shape and type, and what of it has rows in the open
 * transaction (the plane's row, and which of its cells). Its order key and row flags change under the lock of its
 * {@code PagedPlanes}; {@link #rowFor(int)} and the legacy migration lock the slot itself.
 */
final class PlaneSlot {

	final long id;
	long pos;
	final long[] dims;
	int[] cellDims; // null: stored as one BLOB (schema version 1), until it is written
	final PixelType type;
	boolean posChanged;
	boolean stored;
	/** Cells that have a row: all of a plane read from the database, else those written so far. */
	final BitSet rows = new BitSet();
	boolean allRows;

	PlaneSlot(final long id, final long pos, final long[] dims, final int[] cellDims, final PixelType type,
		final boolean stored)
	{
		this.id = id;
		this.pos = pos;
		this.dims = dims;
		this.cellDims = cellDims;
		this.type = type;
		this.stored = stored;
	}

	/** @return the slot of a plane as saved: its row exists, and so do all its cells (a version 1 plane has none) */
	static PlaneSlot saved(final PlaneRow p) {
		final PlaneSlot s = new PlaneSlot(p.planeId, p.pos, p.dims, p.cellDims, p.type, true);
		s.allRows = p.cellDims != null;
		return s;
	}

	PlaneSlot copy() {
		final PlaneSlot s = new PlaneSlot(id, pos, dims, cellDims, type, stored);
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
