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

	/** @return the stack's planes in order, without pixels */
	public synchronized List<PlaneRow> planes(final long stackId) {
		final String cellDims = db.schemaVersion() == 1 ? "NULL" : "CELL_DIMS";
		return sql("list planes", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT PLANE_ID, POS, DIMS, PIXEL_TYPE, " + cellDims +
				" FROM PLANES WHERE STACK_ID = ? ORDER BY POS"))
			{
				ps.setLong(1, stackId);
				final List<PlaneRow> out = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next())
						out.add(row(rs));
				}
				return out;
			}
		});
	}

	/** @return one plane of a stack without pixels, or null when there is no such plane (any more) */
	public synchronized PlaneRow plane(final long stackId, final long planeId) {
		final String cellDims = db.schemaVersion() == 1 ? "NULL" : "CELL_DIMS";
		return sql("read plane " + planeId, () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT PLANE_ID, POS, DIMS, PIXEL_TYPE, " + cellDims +
				" FROM PLANES WHERE STACK_ID = ? AND PLANE_ID = ?"))
			{
				ps.setLong(1, stackId);
				ps.setLong(2, planeId);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? row(rs) : null;
				}
			}
		});
	}

	/** @return the plane of a row of PLANE_ID, POS, DIMS, PIXEL_TYPE, CELL_DIMS */
	private static PlaneRow row(final ResultSet rs) throws java.sql.SQLException {
		final String cells = rs.getString(5);
		return new PlaneRow(rs.getLong(1), rs.getLong(2), CellShape.parseLongs(rs.getString(3)), PixelType.parse(rs
			.getString(4)), cells == null ? null : CellShape.parseInts(cells));
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
		added.add(p.planeId);
		sql("add plane " + p.planeId, () -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO PLANES(STACK_ID, PLANE_ID, POS, DIMS, " +
				"PIXEL_TYPE, NBYTES, CRC, COMPRESSED, DATA, CELL_DIMS) VALUES(?, ?, ?, ?, ?, ?, -1, FALSE, NULL, ?)"))
			{
				ps.setLong(1, stackId);
				ps.setLong(2, p.planeId);
				ps.setLong(3, p.pos);
				ps.setString(4, CellShape.text(p.dims));
				ps.setString(5, p.type.numpyName());
				long n = p.type.bytesPerPixel();
				for (final long d : p.dims)
					n *= d;
				ps.setLong(6, n);
				ps.setString(7, CellShape.text(p.cellDims));
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
	 * @param compress whether to store them deflated
	 * @param exists whether the cell has a row already
	 */
	public void writeCell(final long stackId, final CellKey key, final PixelType type, final Object array,
		final boolean compress, final boolean exists)
	{
		db.requireWritable("change stack cells");
		final CellCodec.Encoded cell = CellCodec.encode(type, array, compress, streams); // the CRC outside the lock
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
		sql("delete plane " + planeId, () -> {
			update("DELETE FROM CELLS WHERE STACK_ID = ? AND PLANE_ID = ?", stackId, planeId);
			return update("DELETE FROM PLANES WHERE STACK_ID = ? AND PLANE_ID = ?", stackId, planeId);
		});
	}

	/** Records that a version 1 plane is now stored as cells of the given shape; its BLOB goes (uncommitted). */
	public synchronized void markCells(final long stackId, final long planeId, final int[] cellDims) {
		sql("rewrite plane " + planeId + " as cells", () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE PLANES SET CELL_DIMS = ?, DATA = NULL, CRC = -1 " +
				"WHERE STACK_ID = ? AND PLANE_ID = ?"))
			{
				ps.setString(1, CellShape.text(cellDims));
				ps.setLong(2, stackId);
				ps.setLong(3, planeId);
				return ps.executeUpdate();
			}
		});
	}

	/** Moves a plane in the order (uncommitted). */
	public synchronized void setPos(final long stackId, final long planeId, final long pos) {
		sql("reorder plane " + planeId, () -> update("UPDATE PLANES SET POS = ? WHERE STACK_ID = ? AND " +
			"PLANE_ID = ?", pos, stackId, planeId));
	}

	// -- transactions --

	/** Makes everything done so far durable: committed, and the file forced to the disk. */
	public synchronized void commit() {
		sql("save", () -> {
			c.commit();
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
