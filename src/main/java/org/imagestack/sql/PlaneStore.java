package org.imagestack.sql;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;
import java.util.zip.InflaterInputStream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.NoSuchStackException;
import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.convert.Planes;

/**
 * The SQL of image stacks: a catalog of named stacks and their planes, in the connection's open transaction (nothing
 * here commits unless asked). Every value, stack names included, is a bound parameter.
 */
public final class PlaneStore {

	private final H2Database db;
	private final Connection c;

	/** @param db an open database */
	public PlaneStore(final H2Database db) {
		this.db = db;
		this.c = db.connection();
	}

	/** A JDBC call that may fail. */
	private interface Sql<T> {

		T run() throws SQLException, IOException;
	}

	private <T> T sql(final String action, final Sql<T> work) {
		try {
			return work.run();
		}
		catch (final SQLException e) {
			throw H2Database.translate(e, db.location(), action);
		}
		catch (final IOException e) {
			throw new StorageException("Could not " + action + " in " + db.location() + ": " + e.getMessage(), e);
		}
	}

	// -- the catalog --

	/**
	 * Adds a stack to the catalog (uncommitted).
	 *
	 * @throws IllegalArgumentException when the name is taken
	 */
	public StackRecord createStack(final String name, final PixelType type) {
		if (findStack(name).isPresent()) throw new IllegalArgumentException("A stack named '" + name +
			"' already exists in " + db.location() + " (open it with loadFromDatabase, or delete it first)");
		return sql("create stack '" + name + "'", () -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO STACKS(NAME, PIXEL_TYPE, PLANE_COUNT, " +
				"CREATED, MODIFIED) VALUES(?, ?, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				Statement.RETURN_GENERATED_KEYS))
			{
				ps.setString(1, name);
				ps.setString(2, type.numpyName());
				ps.executeUpdate();
			}
			return findStack(name).orElseThrow(IllegalStateException::new);
		});
	}

	/** @return the named stack's record, if there is one */
	public Optional<StackRecord> findStack(final String name) {
		return listStacks(name).stream().findFirst();
	}

	/** @return the named stack's record */
	public StackRecord requireStack(final String name) {
		return findStack(name).orElseThrow(() -> {
			final List<String> names = new ArrayList<>();
			for (final StackRecord r : listStacks())
				names.add(r.name());
			return new NoSuchStackException(name, db.location(), names);
		});
	}

	/** @return every stack, in creation order */
	public List<StackRecord> listStacks() {
		return listStacks(null);
	}

	private List<StackRecord> listStacks(final String onlyName) {
		return sql("list the stacks", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT S.ID, S.NAME, S.PIXEL_TYPE, S.PLANE_COUNT, " +
				"S.CREATED, S.MODIFIED, S.METADATA, COALESCE((SELECT SUM(P.NBYTES) FROM PLANES P WHERE " +
				"P.STACK_ID = S.ID), 0), S.COMPRESSED FROM STACKS S WHERE (? IS NULL OR S.NAME = ?) ORDER BY S.ID"))
			{
				ps.setString(1, onlyName);
				ps.setString(2, onlyName);
				final List<StackRecord> out = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next())
						out.add(new StackRecord(rs.getLong(1), rs.getString(2), PixelType.parse(rs.getString(3)), rs
							.getInt(4), rs.getLong(8), rs.getTimestamp(5).toLocalDateTime(), rs.getTimestamp(6)
								.toLocalDateTime(), rs.getString(7), rs.getBoolean(9)));
				}
				return out;
			}
		});
	}

	/** Deletes a stack and its planes (uncommitted). */
	public void deleteStack(final String name) {
		final long id = requireStack(name).id();
		sql("delete stack '" + name + "'", () -> {
			update("DELETE FROM PLANES WHERE STACK_ID = ?", id);
			update("DELETE FROM STACKS WHERE ID = ?", id);
			return null;
		});
	}

	/** Sets a stack's type, plane count and compression, and its modification time (uncommitted). */
	public void updateStack(final long stackId, final PixelType type, final int count, final boolean compressed) {
		sql("update the catalog", () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET PIXEL_TYPE = ?, PLANE_COUNT = ?, " +
				"MODIFIED = ?, COMPRESSED = ? WHERE ID = ?"))
			{
				ps.setString(1, type.numpyName());
				ps.setInt(2, count);
				ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
				ps.setBoolean(4, compressed);
				ps.setLong(5, stackId);
				ps.executeUpdate();
			}
			return null;
		});
	}

	/**
	 * Copies a stack under a new name inside the database (uncommitted): planes are copied by SQL, never through the
	 * Java heap.
	 *
	 * @return the copy's record
	 */
	public StackRecord copyStack(final String from, final String to) {
		final StackRecord source = requireStack(from);
		final StackRecord copy = createStack(to, source.type());
		return sql("copy stack '" + from + "' to '" + to + "'", () -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO PLANES(STACK_ID, PLANE_ID, POS, DIMS, " +
				"PIXEL_TYPE, NBYTES, CRC, COMPRESSED, DATA) SELECT ?, PLANE_ID, POS, DIMS, PIXEL_TYPE, NBYTES, CRC, " +
				"COMPRESSED, DATA FROM " +
				"PLANES WHERE STACK_ID = ?"))
			{
				ps.setLong(1, copy.id());
				ps.setLong(2, source.id());
				ps.executeUpdate();
			}
			try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET PLANE_COUNT = ?, METADATA = ?, " +
				"COMPRESSED = ? WHERE ID = ?"))
			{
				ps.setInt(1, source.planeCount());
				ps.setString(2, source.metadata());
				ps.setBoolean(3, source.compressed());
				ps.setLong(4, copy.id());
				ps.executeUpdate();
			}
			return requireStack(to);
		});
	}

	// -- planes --

	/** @return the stack's planes in order, without pixels */
	List<PlaneKey> planeKeys(final long stackId) {
		return sql("list planes", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT PLANE_ID, POS, DIMS FROM PLANES WHERE " +
				"STACK_ID = ? ORDER BY POS"))
			{
				ps.setLong(1, stackId);
				final List<PlaneKey> out = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next())
						out.add(new PlaneKey(rs.getLong(1), rs.getLong(2), PlaneCodec.parseDims(rs.getString(3))));
				}
				return out;
			}
		});
	}

	/** @return one more than the largest plane id the stack has ever stored (in this transaction) */
	long nextPlaneId(final long stackId) {
		return sql("list planes", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(PLANE_ID), 0) + 1 FROM PLANES " +
				"WHERE STACK_ID = ?"))
			{
				ps.setLong(1, stackId);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					return rs.getLong(1);
				}
			}
		});
	}

	/**
	 * Writes (inserts or replaces) a plane, streaming its bytes into a BLOB, with its CRC (uncommitted).
	 *
	 * @param compress whether to store the bytes deflate-compressed (level 1)
	 */
	void writePlane(final long stackId, final long planeId, final long pos, final Img<? extends RealType<?>> plane,
		final boolean compress)
	{
		final PixelType type = PixelType.of(plane);
		final long[] dims = Planes.dims(plane);
		sql("write plane " + planeId, () -> {
			final Deflater deflater = compress ? new Deflater(1) : null;
			final PlaneCodec.Encoder raw = PlaneCodec.encode(plane);
			try (PreparedStatement ps = c.prepareStatement("MERGE INTO PLANES(STACK_ID, PLANE_ID, POS, DIMS, " +
				"PIXEL_TYPE, NBYTES, CRC, COMPRESSED, DATA) KEY(STACK_ID, PLANE_ID) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
				InputStream payload = compress ? new DeflaterInputStream(raw, deflater, 64 * 1024) : raw)
			{
				ps.setLong(1, stackId);
				ps.setLong(2, planeId);
				ps.setLong(3, pos);
				ps.setString(4, PlaneCodec.dimsText(dims));
				ps.setString(5, type.numpyName());
				final long n = PlaneCodec.payloadBytes(type, dims);
				ps.setLong(6, n);
				ps.setLong(7, -1); // the CRC is known once H2 has read the stream: set below, same transaction
				ps.setBoolean(8, compress);
				if (compress) ps.setBinaryStream(9, payload);
				else ps.setBinaryStream(9, payload, n);
				ps.executeUpdate();
			}
			finally {
				if (deflater != null) deflater.end();
			}
			if (!raw.finished()) throw new IllegalStateException("H2 did not read plane " + planeId + " to its end");
			update("UPDATE PLANES SET CRC = ? WHERE STACK_ID = ? AND PLANE_ID = ?", raw.crc(), stackId, planeId);
			return null;
		});
	}

	/**
	 * Reads a plane, checking its CRC.
	 *
	 * @throws CorruptDatabaseException naming the stack and plane when the bytes do not match their CRC
	 */
	Img<? extends RealType<?>> readPlane(final long stackId, final long planeId) {
		return sql("read plane " + planeId, () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT DIMS, PIXEL_TYPE, CRC, DATA, COMPRESSED FROM PLANES WHERE " +
				"STACK_ID = ? AND PLANE_ID = ?"))
			{
				ps.setLong(1, stackId);
				ps.setLong(2, planeId);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next()) throw new CorruptDatabaseException("Plane " + planeId + " of stack " + stackId +
						" is missing from " + db.location(), null);
					final long[] dims = PlaneCodec.parseDims(rs.getString(1));
					final PixelType type = PixelType.parse(rs.getString(2));
					final long expected = rs.getLong(3);
					final CRC32 crc = new CRC32();
					final Img<? extends RealType<?>> plane;
					try (InputStream in = rs.getBoolean(5) ? new InflaterInputStream(rs.getBinaryStream(4),
						new java.util.zip.Inflater(), 64 * 1024) : rs.getBinaryStream(4))
					{
						plane = PlaneCodec.decode(in, type, dims, crc);
					}
					if (crc.getValue() != expected) throw new CorruptDatabaseException("Plane " + planeId +
						" of stack " + stackName(stackId) + " in " + db.location() + " is damaged: its checksum is " +
						Long.toHexString(crc.getValue()) + ", saved as " + Long.toHexString(expected), null);
					return plane;
				}
			}
		});
	}

	private String stackName(final long stackId) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("SELECT NAME FROM STACKS WHERE ID = ?")) {
			ps.setLong(1, stackId);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? "'" + rs.getString(1) + "'" : "#" + stackId;
			}
		}
	}

	/** Deletes a plane (uncommitted). */
	void deletePlane(final long stackId, final long planeId) {
		sql("delete plane " + planeId, () -> update("DELETE FROM PLANES WHERE STACK_ID = ? AND PLANE_ID = ?",
			stackId, planeId));
	}

	/** Moves a plane in the order (uncommitted). */
	void setPos(final long stackId, final long planeId, final long pos) {
		sql("reorder plane " + planeId, () -> update("UPDATE PLANES SET POS = ? WHERE STACK_ID = ? AND " +
			"PLANE_ID = ?", pos, stackId, planeId));
	}

	private Integer update(final String statement, final long... args) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(statement)) {
			for (int i = 0; i < args.length; i++)
				ps.setLong(i + 1, args[i]);
			return ps.executeUpdate();
		}
	}

	// -- transactions --

	/** Makes everything done so far durable. */
	public void commit() {
		sql("save", () -> {
			c.commit();
			return null;
		});
	}

	/** Discards everything since the last commit. */
	public void rollback() {
		sql("discard changes", () -> {
			c.rollback();
			return null;
		});
	}

	/** @return a savepoint in the open transaction */
	Savepoint savepoint() {
		return sql("set a savepoint", c::setSavepoint);
	}

	/** Discards everything since the savepoint. */
	void rollbackTo(final Savepoint savepoint) {
		sql("undo a failed operation", () -> {
			c.rollback(savepoint);
			return null;
		});
	}
}
