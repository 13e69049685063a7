package org.imagestack.convert;

/**
 * A cell image that hands out its cells' arrays for one read: {@link Regions#copy} (and so a plane copied into a flat
 * array) reads through this instead of the image's cells. A database plane implements it to read the cells its cache
 * does not hold straight from the database without keeping them, so that copying whole planes once (reading a stack
 * through) does not push out the cells in use. A region's cells are asked for from several threads at once (each
 * core reads its own).
 */
public interface CellArrays {

	/**
	 * @param index a cell's index in the image's grid (X fastest)
	 * @return its pixels as a primitive array, to be read only
	 */
	Object cellArray(long index);
}
