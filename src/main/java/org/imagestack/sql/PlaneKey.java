package org.imagestack.sql;

/** A saved plane's identity and shape, without its pixels. */
final class PlaneKey {

	private final long planeId;
	private final long pos;
	private final long[] dims;

	PlaneKey(final long planeId, final long pos, final long[] dims) {
		this.planeId = planeId;
		this.pos = pos;
		this.dims = dims;
	}

	long planeId() {
		return planeId;
	}

	long pos() {
		return pos;
	}

	long[] dims() {
		return dims.clone();
	}
}
