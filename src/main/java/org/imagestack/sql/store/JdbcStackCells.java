package org.imagestack.sql.store;

import java.sql.Savepoint;
import java.util.List;

import net.imglib2.img.cell.CellGrid;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.sql.cells.CellKey;
import org.imagestack.sql.cells.PlaneRow;
import org.imagestack.sql.cells.StackCells;

/**
 * One stack's cells in a JDBC database: the transaction's {@link CellStore}, a {@link CommittedReader} for cells
 * as committed, and the {@link Catalog} for the stack's row. Closing closes the reader only.
 */
public final class JdbcStackCells implements StackCells {

	private final CellStore store;
	private final CommittedReader reader;
	private final Catalog catalog;
	private final StackRecord record;

	/**
	 * @param store the database's cells, in an open transaction
	 * @param reader another connection for reading cells as committed (closed with this object)
	 * @param catalog the database's catalog
	 * @param record the stack as loaded (or just created)
	 */
	public JdbcStackCells(final CellStore store, final CommittedReader reader, final Catalog catalog,
		final StackRecord record)
	{
		this.store = store;
		this.reader = reader;
		this.catalog = catalog;
		this.record = record;
	}

	@Override
	public List<PlaneRow> planes() {
		return store.planes(record.id());
	}

	@Override
	public long newPlaneId() {
		return store.newPlaneId();
	}

	@Override
	public void insertPlane(final PlaneRow plane) {
		store.insertPlane(record.id(), plane);
	}

	@Override
	public Object readCell(final CellKey key, final PixelType type, final int pixels) {
		final long id = record.id();
		final String name = record.name();
		if (Interrupts.pending()) throw interruptedRead(key);
		try {
			final Object cell = store.committed(key) ? reader.read(st -> st.readCell(id, key, type, pixels, name),
				() -> store.readCell(id, key, type, pixels, name)) : store.readCell(id, key, type, pixels, name);
			if (Interrupts.pending()) throw interruptedRead(key); // absorbed by the file layer: the read still fails
			return cell;
		}
		catch (final CorruptDatabaseException missing) {
			catalog.requireExists(record); // deleted through another handle: say so, not "missing"
			throw missing;
		}
	}

	@Override
	public Object[] readLegacyPlane(final long planeId, final PixelType type, final CellGrid grid,
		final String where)
	{
		return store.readLegacyPlane(record.id(), planeId, type, grid, where);
	}

	@Override
	public void writeCell(final CellKey key, final PixelType type, final Object array, final Compression codec,
		final boolean exists)
	{
		store.writeCell(record.id(), key, type, array, codec, exists);
	}

	@Override
	public void markCells(final long planeId, final int[] cellDims) {
		store.markCells(record.id(), planeId, cellDims);
	}

	@Override
	public void setPos(final long planeId, final long pos) {
		store.setPos(record.id(), planeId, pos);
	}

	@Override
	public void deletePlane(final long planeId) {
		store.deletePlane(record.id(), planeId);
	}

	@Override
	public Object savepoint() {
		return store.savepoint();
	}

	@Override
	public void rollbackTo(final Object savepoint) {
		store.rollbackTo((Savepoint) savepoint);
	}

	@Override
	public void recordSave(final PixelType type, final int planeCount, final Compression codec, final long version) {
		catalog.recordSave(record, type, planeCount, codec, version);
	}

	/** @throws org.imagestack.StorageException when the thread is interrupted: nothing is committed */
	@Override
	public void checkSave(final long version) {
		catalog.checkSave(record, version);
	}

	@Override
	public void commit() {
		if (Interrupts.pending()) throw Interrupts.interrupted("stack '" + record.name() + "' was not saved in " + store.db
			.location() + ": nothing of this save was committed; its changes are kept in the open stack, unsaved: save " +
			"again, or reload() to discard them");
		store.commit();
	}

	private org.imagestack.StorageException interruptedRead(final org.imagestack.sql.cells.CellKey key) {
		return Interrupts.interrupted("reading plane " + key.planeId + " of stack '" + record.name() + "' in " + store.db
			.location() + " stopped: nothing was changed");
	}

	@Override
	public void saved(final long version) {
		store.recordSave(record.id(), version);
	}

	@Override
	public void rollback() {
		store.rollback();
	}

	@Override
	public StackRecord reload() {
		return catalog.requireStack(record.name());
	}

	@Override
	public void close() {
		reader.close();
	}
}
