package org.imagestack.sql.cells;

import org.imagestack.PixelType;

/**
 * A stored plane without its pixels: id, order key, dimensions, pixel type, and cell dimensions (null for a plane
 * saved by version 1 as one BLOB).
 */
public final class PlaneRow {

	public final long planeId;
	public final long pos;
	public final long[] dims;
	public final PixelType type;
	public final int[] cellDims;

	public PlaneRow(final long planeId, final long pos, final long[] dims, final PixelType type, final int[] cellDims) {
		this.planeId = planeId;
		this.pos = pos;
		this.dims = dims;
		this.type = type;
		this.cellDims = cellDims;
	}

	/** @return whether the plane is one BLOB (schema version 1) rather than cells */
	public boolean legacy() {
		return cellDims == null;
	}
}
