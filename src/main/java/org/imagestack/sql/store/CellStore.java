package org.imagestack.sql.store;

import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.InflaterInputStream;

import net.imglib2.img.cell.CellGrid;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.sql.cells.CellCodec;
import org.imagestack.sql.cells.CellKey;
import org.imagestack.sql.cells.CellShape;
import org.imagestack.sql.cells.PlaneRow;

/**
 * The planes and cells of stacks ({@code PLANES}, {@code CELLS}), in the connection's open transaction: nothing
 * here commits unless asked. One connection serves one stack handle; calls from several threads (workers of a map)
 * are serialised on this object, and only the JDBC work runs under that lock: cells are encoded and decoded by the
 * calling thread outside it.
 */
public final class CellStore extends SqlWork {

	/** What a cell's bytes stream through as they are decoded (used under this object's lock). */
	private final byte[] chunk = new byte[64 * 1024];
	/**
	 * Cells written and planes added in the open transaction: marked under this object's lock before the SQL that
	 * writes them, cleared once the commit or rollback returned; read without the lock (a reader must not wait for a
	 * write of another cell).
	 */
	private final java.util.Set<CellKey> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
	private final java.util.Set<Long> added = java.util.concurrent.ConcurrentHashMap.newKeySet();
	/** The statements every cell read or write runs, prepared once (closed with the connection). */
	private PreparedStatement readCell, insertCell, updateCell;

	/** Whether cells may stream in as they are encoded (embedded H2), else each is sent in one piece. */
	private final boolean streams;

	public CellStore(final Database db) {
		super(db);
		this.streams = db.inProcess();
	}

	/**
	 * @return the stack's planes in order, without pixels; each row checked against its checksum (schema 3), and the
	 *         rows read in order against the stack's rows counted and summed apart
	 * @throws CorruptDatabaseException when a row or the list is damaged
	 */
	public synchronized List<PlaneRow> planes(final long stackId) {
		final boolean checked = db.schemaVersion() >= 3;
		return sql("list planes", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT " + columns() + " FROM PLANES WHERE STACK_ID = ? " +
				"ORDER BY POS"))
			{
				ps.setLong(1, stackId);
				final List<PlaneRow> out = new ArrayList<>();
				long sum = 0;
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						if (checked) {
							RowChecks.checkPlane(rs, 1, stackId, db.location());
							sum += rs.getLong(9);
						}
						final PlaneRow row = row(rs);
						if (!out.isEmpty() && out.get(out.size() - 1).pos > row.pos) throw listDamaged(stackId);
						out.add(row);
					}
				}
				if (checked) checkList(stackId, out.size(), sum);
				return out;
			}
		});
	}

	/** Compares the rows read in order with the stack's rows counted and summed without the order's index. */
	private void checkList(final long stackId, final int count, final long sum) throws java.sql.SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(ROW_CRC), 0) FROM PLANES " +
			"WHERE STACK_ID = ?"))
		{
			ps.setLong(1, stackId);
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next() || rs.getLong(1) != count || rs.getLong(2) != sum) throw listDamaged(stackId);
			}
		}
	}

	private CorruptDatabaseException listDamaged(final long stackId) {
		return new CorruptDatabaseException("Database " + db.location() + " is damaged: the list of planes of stack " +
			stackId + " reads differently in order than counted (an index of the catalog is damaged); copy what can " +
			"be read with SqlImageStack.recover", null);
	}

	/** @return the columns a plane row is read by ({@link #row}), with its checksum from schema 3 on */
	private String columns() {
		final int v = db.schemaVersion();
		return v >= 3 ? RowChecks.PLANE_COLUMNS : "PLANE_ID, POS, DIMS, PIXEL_TYPE, NBYTES, CRC, COMPRESSED, " + (v == 1
			? "NULL" : "CELL_DIMS");
	}

	/** @return one plane of a stack without pixels (its row checked), or null when there is no such plane (any more) */
	public synchronized PlaneRow plane(final long stackId, final long planeId) {
		return sql("read plane " + planeId, () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT " + columns() + " FROM PLANES WHERE STACK_ID = ? " +
				"AND PLANE_ID = ?"))
			{
				ps.setLong(1, stackId);
				ps.setLong(2, planeId);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next()) return null;
					if (db.schemaVersion() >= 3) RowChecks.checkPlane(rs, 1, stackId, db.location());
					return row(rs);
				}
			}
		});
	}

	/** @return the plane of a row of {@link #columns()} */
	private PlaneRow row(final ResultSet rs) throws java.sql.SQLException {
		final String cells = rs.getString(8);
		final long[] dims = CellShape.parseLongs(rs.getString(3));
		final PixelType type = PixelType.parse(rs.getString(4));
		final int[] cellDims = cells == null ? null : CellShape.parseInts(cells);
		return new PlaneRow(rs.getLong(1), rs.getLong(2), dims, type, cellDims);
	}

	/**
	 * @return whether a cell is as last committed: neither it nor its plane was written in the open transaction (so
	 *         another connection reads the same bytes). May say no for a cell that is unchanged after all (a write
	 *         undone to a savepoint), never yes for a changed one.
	 */
	public boolean committed(final CellKey key) {
		return !written.contains(key) && !added.contains(key.planeId);
	}

	/** @return a plane id no handle has used (from the database's sequence: not rolled back) */
	public synchronized long newPlaneId() {
		db.upgradeForWriting();
		return sql("number a new plane", () -> {
			try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(db.dialect().nextPlaneId())) {
				rs.next();
				return rs.getLong(1);
			}
		});
	}

	/** Adds a plane's row (uncommitted); its cells follow with {@link #writeCell}. */
	public synchronized void insertPlane(final long stackId, final PlaneRow p) {
		db.upgradeForWriting();
		db.changed(stackId);
		added.add(p.planeId);
		sql("add plane " + p.planeId, () -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO PLANES(STACK_ID, PLANE_ID, POS, DIMS, " +
				"PIXEL_TYPE, NBYTES, CRC, COMPRESSED, DATA, CELL_DIMS, ROW_CRC) VALUES(?, ?, ?, ?, ?, ?, -1, FALSE, " +
				"NULL, ?, ?)"))
			{
				final String dims = CellShape.text(p.dims), type = p.type.numpyName(), cells = CellShape.text(
					p.cellDims);
				ps.setLong(1, stackId);
				ps.setLong(2, p.planeId);
				ps.setLong(3, p.pos);
				ps.setString(4, dims);
				ps.setString(5, type);
				long n = p.type.bytesPerPixel();
				for (final long d : p.dims)
					n *= d;
				ps.setLong(6, n);
				ps.setString(7, cells);
				ps.setLong(8, RowChecks.plane(p.planeId, p.pos, dims, type, n, -1, false, cells));
				ps.executeUpdate();
			}
			return null;
		});
	}

	/**
	 * Writes one cell (uncommitted): an insert for a cell that has no row yet, an update for one that has. (Not H2's
	 * {@code MERGE}: with a BLOB it stored the bytes twice, and the file grew by the copy.) Embedded H2 reads the
	 * bytes as they are encoded; a server is sent them in one piece (streams over H2's and PostgreSQL's protocols
	 * measured two to three times slower).
	 *
	 * @param array the cell's pixels
	 * @param codec how to compress them
	 * @param exists whether the cell has a row already
	 */
	public void writeCell(final long stackId, final CellKey key, final PixelType type, final Object array,
		final Compression codec, final boolean exists)
	{
		db.requireWritable("change stack cells");
		db.upgradeForWriting(); // a version 2 file: before the first write of the transaction (a no-op after)
		final CellCodec.Encoded cell = CellCodec.encode(type, array, codec, streams); // the CRC outside the lock
		synchronized (this) {
			written.add(key);
			sql(() -> "write " + key, () -> {
				store(stackId, key, cell, exists);
				// the pixels changed while they streamed in (a writer meanwhile): store them as they are now, once
				if (!cell.intact()) store(stackId, key, cell.snapshot(), true);
				if (db.local() != null) db.local().wrote();
				return null;
			});
		}
	}

	private void store(final long stackId, final CellKey key, final CellCodec.Encoded cell, final boolean exists)
		throws java.sql.SQLException
	{
		if (exists && updateCell == null) updateCell = c.prepareStatement("UPDATE CELLS SET CRC = ?, COMPRESSED = ?, " +
			"DATA = ? WHERE STACK_ID = ? AND PLANE_ID = ? AND CELL_INDEX = ?");
		if (!exists && insertCell == null) insertCell = c.prepareStatement("INSERT INTO CELLS(CRC, COMPRESSED, DATA, " +
			"STACK_ID, PLANE_ID, CELL_INDEX) VALUES(?, ?, ?, ?, ?, ?)");
		final PreparedStatement ps = exists ? updateCell : insertCell;
		ps.setLong(1, cell.crc);
		ps.setBoolean(2, cell.compressed);
		if (cell.heldBytes() != null) ps.setBytes(3, cell.heldBytes());
		else ps.setBinaryStream(3, cell.bytes(), cell.length()); // encoded as H2 reads it: no copy of the cell
		ps.setLong(4, stackId);
		ps.setLong(5, key.planeId);
		ps.setInt(6, key.index);
		final int rows = ps.executeUpdate();
		ps.clearParameters(); // lets go of the cell's stream
		if (rows != 1) throw new IllegalStateException(key + " of stack " + stackId + (exists ? " has no row to update"
			: " was not inserted"));
	}

	/**
	 * Reads one cell.
	 *
	 * @param stackName names the stack in messages
	 * @return the cell's primitive array
	 * @throws CorruptDatabaseException when the cell is missing or its bytes do not match their CRC
	 */
	public Object readCell(final long stackId, final CellKey key, final PixelType type, final int pixels,
		final String stackName)
	{
		final java.util.function.Supplier<String> where = () -> "Cell " + key.index + " of plane " + key.planeId +
			" of stack '" + stackName + "'";
		if (db.local() != null) db.local().reading();
		return sql(() -> "read " + where.get(), () -> {
			synchronized (this) {
				if (readCell == null) readCell = c.prepareStatement("SELECT DATA, CRC, COMPRESSED FROM CELLS WHERE " +
					"STACK_ID = ? AND PLANE_ID = ? AND CELL_INDEX = ?");
				readCell.setLong(1, stackId);
				readCell.setLong(2, key.planeId);
				readCell.setInt(3, key.index);
				try (ResultSet rs = readCell.executeQuery()) {
					if (!rs.next()) throw new CorruptDatabaseException(where.get() + " is missing from " + db.location(),
						null);
					try (InputStream in = rs.getBinaryStream(1)) {
						return CellCodec.decode(type, pixels, in, rs.getBoolean(3), rs.getLong(2), chunk, () -> where.get() +
							" in " + db.location());
					}
				}
			}
		});
	}

	/**
	 * Reads a plane saved as one BLOB (schema version 1) into cells.
	 *
	 * @return the arrays of all its cells, by cell index
	 */
	public synchronized Object[] readLegacyPlane(final long stackId, final long planeId, final PixelType type,
		final CellGrid grid, final String where)
	{
		return sql("read " + where, () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT CRC, DATA, COMPRESSED FROM PLANES WHERE " +
				"STACK_ID = ? AND PLANE_ID = ?"))
			{
				ps.setLong(1, stackId);
				ps.setLong(2, planeId);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next() || rs.getBinaryStream(2) == null) throw new CorruptDatabaseException(where +
						" is missing from " + db.location(), null);
					final long expected = rs.getLong(1);
					final CRC32 crc = new CRC32();
					final Object[] cells;
					try (InputStream in = rs.getBoolean(3) ? new InflaterInputStream(rs.getBinaryStream(2),
						new java.util.zip.Inflater(), 64 * 1024) : rs.getBinaryStream(2))
					{
						cells = LegacyPlanes.readCells(in, type, grid, crc);
					}
					catch (final java.io.EOFException | java.util.zip.ZipException e) { // cut short, or not zlib
						throw new CorruptDatabaseException(where + " in " + db.location() + " is damaged: " + e
							.getMessage(), e);
					}
					if (crc.getValue() != expected) throw new CorruptDatabaseException(where + " in " + db.location() +
						" is damaged: its checksum is " + Long.toHexString(crc.getValue()) + ", saved as " + Long
							.toHexString(expected), null);
					return cells;
				}
			}
		});
	}

	/** Deletes a plane and its cells (uncommitted). */
	public synchronized void deletePlane(final long stackId, final long planeId) {
		db.upgradeForWriting();
		db.changed(stackId);
		sql("delete plane " + planeId, () -> {
			update("DELETE FROM CELLS WHERE STACK_ID = ? AND PLANE_ID = ?", stackId, planeId);
			return update("DELETE FROM PLANES WHERE STACK_ID = ? AND PLANE_ID = ?", stackId, planeId);
		});
	}

	/** Records that a version 1 plane is now stored as cells of the given shape; its BLOB goes (uncommitted). */
	public synchronized void markCells(final long stackId, final long planeId, final int[] cellDims) {
		db.upgradeForWriting();
		db.changed(stackId);
		sql("rewrite plane " + planeId + " as cells", () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE PLANES SET CELL_DIMS = ?, DATA = NULL, CRC = -1 " +
				"WHERE STACK_ID = ? AND PLANE_ID = ?"))
			{
				ps.setString(1, CellShape.text(cellDims));
				ps.setLong(2, stackId);
				ps.setLong(3, planeId);
				ps.executeUpdate();
			}
			RowChecks.sealPlane(c, stackId, planeId);
			return null;
		});
	}

	/** Moves a plane in the order (uncommitted). */
	public synchronized void setPos(final long stackId, final long planeId, final long pos) {
		db.upgradeForWriting();
		db.changed(stackId);
		sql("reorder plane " + planeId, () -> {
			update("UPDATE PLANES SET POS = ? WHERE STACK_ID = ? AND PLANE_ID = ?", pos, stackId, planeId);
			RowChecks.sealPlane(c, stackId, planeId);
			return null;
		});
	}

	// -- transactions --

	/** Makes everything done so far durable: committed, and the file forced to the disk. */
	public synchronized void commit() {
		db.requireFileInPlace();
		sql("save", () -> {
			db.seal();
			c.commit();
			db.sealed();
			written.clear();
			added.clear();
			db.dialect().afterCommit(c);
			if (db.local() != null) db.local().committed();
			return null;
		});
	}

	/** Records a committed save beside the database file (see {@link LocalStore#recordSave}). */
	public void recordSave(final long stackId, final long version) {
		db.recordSave(stackId, version);
	}

	/** Discards everything since the last commit. */
	public synchronized void rollback() {
		sql("discard changes", () -> {
			c.rollback();
			db.sealed();
			written.clear();
			added.clear();
			return null;
		});
	}

	/** @return a savepoint in the open transaction */
	public synchronized Savepoint savepoint() {
		return sql("set a savepoint", c::setSavepoint);
	}

	/** Discards everything since the savepoint (cells written since stay marked written: reads of them stay here). */
	public synchronized void rollbackTo(final Savepoint savepoint) {
		sql("undo a failed operation", () -> {
			c.rollback(savepoint);
			return null;
		});
	}
}
