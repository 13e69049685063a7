package org.imagestack.sql.cells;

import java.util.List;

import net.imglib2.img.cell.CellGrid;

import org.imagestack.Compression;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;

/**
 * The storage behind one stack's cells, as {@link PagedPlanes} and {@link PlaneCells} see it: read a cell, write a
 * cell, a plane's row and its place in the order, delete a plane's cells, and one open transaction with savepoints.
 * The cell layout, the cache and the plane list know only this seam; {@code org.imagestack.sql.store} implements it
 * over JDBC for every database (in the spirit of N5's {@code KeyValueAccess}).
 * <p>
 * Every change goes into the open transaction and becomes durable only with {@link #commit()}. Called from any
 * thread; an implementation takes its own lock.
 * </p>
 */
public interface StackCells {

	/** @return the stack's plane rows as last committed, in order */
	List<PlaneRow> planes();

	/** @return a plane id not used before in this database */
	long newPlaneId();

	/** Adds a plane's row (uncommitted); its cells follow with {@link #writeCell}. */
	void insertPlane(PlaneRow plane);

	/**
	 * Reads one cell, as committed when neither it nor its plane was written in the open transaction.
	 *
	 * @param pixels the cell's pixel count
	 * @return the cell's pixels, an array of {@code type}'s element type
	 */
	Object readCell(CellKey key, PixelType type, int pixels);

	/**
	 * Reads a plane saved as one BLOB (schema version 1) into cells.
	 *
	 * @param where the plane as a message names it
	 * @return the arrays of all its cells, by cell index
	 */
	Object[] readLegacyPlane(long planeId, PixelType type, CellGrid grid, String where);

	/** Writes one cell (uncommitted): {@code exists} says whether it has a row already. */
	void writeCell(CellKey key, PixelType type, Object array, Compression codec, boolean exists);

	/** Records that a version 1 plane is now stored as cells of the given shape (uncommitted). */
	void markCells(long planeId, int[] cellDims);

	/** Moves a plane in the order (uncommitted). */
	void setPos(long planeId, long pos);

	/** Deletes a plane and its cells (uncommitted). */
	void deletePlane(long planeId);

	/** @return a savepoint in the open transaction */
	Object savepoint();

	/** Undoes everything after {@code savepoint}. */
	void rollbackTo(Object savepoint);

	/**
	 * Records a save of the stack in the catalog (uncommitted), after checking that no other handle saved it since
	 * {@code version}.
	 */
	void recordSave(PixelType type, int planeCount, Compression codec, long version);

	/**
	 * Before a save writes anything: fails as {@link #recordSave} would (another handle saved or deleted the stack
	 * since {@code version}, the thread is interrupted), without writing or locking. Does nothing by default.
	 */
	default void checkSave(final long version) {}

	/** Makes everything done so far durable: committed, and the file forced to the disk. */
	void commit();

	/** Notes a committed save (beside the database file, where the database keeps such a record). */
	void saved(long version);

	/** Discards everything since the last commit. */
	void rollback();

	/** @return the stack as the catalog now says it is */
	StackRecord reload();

	/** Releases what was opened for reading; the transaction's connection belongs to the caller. */
	void close();
}
