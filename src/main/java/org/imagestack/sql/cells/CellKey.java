package org.imagestack.sql.cells;

/** A cell of a stored plane: the plane's id within its stack and the cell's index in the plane's cell grid. */
public final class CellKey {

	public final long planeId;
	public final int index;

	public CellKey(final long planeId, final int index) {
		this.planeId = planeId;
		this.index = index;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof CellKey)) return false;
		final CellKey k = (CellKey) o;
		return k.planeId == planeId && k.index == index;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(planeId * 31 + index);
	}

	@Override
	public String toString() {
		return "cell " + index + " of plane " + planeId;
	}
}
