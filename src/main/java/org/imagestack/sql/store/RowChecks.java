package org.imagestack.sql.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.imagestack.CorruptDatabaseException;

/**
 * Checksums of the catalog's rows (schema version 3): the cells have had a CRC since version 2, but the rows saying
 * which cells make which plane of which stack had none, and a damaged file gave planes reordered, dropped or
 * duplicated, a stack renamed or shown empty, with no error. Now:
 * <ul>
 * <li>a plane row's {@code ROW_CRC} covers its id, position, dimensions, pixel type, size, cell dimensions and (for a
 * version 1 plane) its BLOB's CRC and compression;</li>
 * <li>a stack row's {@code ROW_CRC} covers its id, name, pixel type, plane count, compression, cell size, save
 * counter, metadata and times, codec (schema 4), <em>and</em> how many plane rows the stack has and the sum of their checksums, so that
 * a plane row dropped, added, moved to another stack or put back from an older save is seen too.</li>
 * </ul>
 * Rows are checked as they are read, before any value is parsed; every mismatch is a {@link CorruptDatabaseException}
 * naming the file and the row. A stack's row is sealed (its checksum computed from the rows as they are) when a
 * transaction that changed it or its planes commits. Files of versions 1 and 2 are read unchecked and sealed as a
 * whole when they are upgraded for their first write.
 */
final class RowChecks {

	/**
	 * The columns of a stack's row that its checksum covers, then its checksum, the plane count and checksum sum (schema
	 * 3); schema 4 adds the codec ({@code CODEC}, column 14), covered too.
	 */
	static final String STACK_COLUMNS = "S.ID, S.NAME, S.PIXEL_TYPE, S.PLANE_COUNT, S.COMPRESSED, S.CELL_BYTES, " +
		"S.VERSION, S.METADATA, S.CREATED, S.MODIFIED, S.ROW_CRC, (SELECT COUNT(*) FROM PLANES P WHERE P.STACK_ID = " +
		"S.ID), (SELECT COALESCE(SUM(P.ROW_CRC), 0) FROM PLANES P WHERE P.STACK_ID = S.ID)";

	/** @return the stack columns a file of the schema version has ({@link #STACK_COLUMNS}, and the codec from 4 on) */
	static String stackColumns(final int schema) {
		return schema >= 4 ? STACK_COLUMNS + ", S.CODEC" : STACK_COLUMNS;
	}

	/** The columns of a plane's row that its checksum covers, then its checksum. */
	static final String PLANE_COLUMNS = "PLANE_ID, POS, DIMS, PIXEL_TYPE, NBYTES, CRC, COMPRESSED, CELL_DIMS, ROW_CRC";

	private RowChecks() {}

	/** @return the checksum of a plane row's values */
	static long plane(final long planeId, final long pos, final String dims, final String type, final long nbytes,
		final long crc, final boolean compressed, final String cellDims)
	{
		return crc("plane", planeId, pos, dims, type, nbytes, crc, compressed, cellDims);
	}

	/** @return the checksum of a plane row read with {@link #PLANE_COLUMNS} from column {@code at} on */
	static long plane(final ResultSet rs, final int at) throws SQLException {
		return plane(rs.getLong(at), rs.getLong(at + 1), rs.getString(at + 2), rs.getString(at + 3), rs.getLong(at + 4),
			rs.getLong(at + 5), rs.getBoolean(at + 6), rs.getString(at + 7));
	}

	/**
	 * @param rs a row of {@link #stackColumns}
	 * @param schema the file's schema version: from 4 on the codec is covered
	 * @return the checksum the stack's row should have
	 */
	static long stack(final ResultSet rs, final int schema) throws SQLException {
		final Object[] values = { "stack", rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(
			5), rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getObject(9, LocalDateTime.class), rs.getObject(10,
				LocalDateTime.class), rs.getLong(12), rs.getLong(13) };
		if (schema < 4) return crc(values);
		final Object[] more = java.util.Arrays.copyOf(values, values.length + 1);
		more[values.length] = rs.getString(14);
		return crc(more);
	}

	/**
	 * Checks a stack's row read with {@link #STACK_COLUMNS}.
	 *
	 * @throws CorruptDatabaseException when it does not match its checksum
	 */
	static void checkStack(final ResultSet rs, final int schema, final String location) throws SQLException {
		final long saved = rs.getLong(11);
		final boolean none = rs.wasNull();
		if (none || saved != stack(rs, schema)) throw new CorruptDatabaseException("Database " + location + " is damaged: " +
			"the catalog row of stack " + rs.getLong(1) + " (named '" + rs.getString(2) + "' there) or its list of " +
			"planes does not match " + (none ? "a checksum (it has none)" : "its checksum") + "; it was not opened " +
			"and is left as it is: copy what can be read with SqlImageStack.recover", null);
	}

	/**
	 * Checks a plane's row read with {@link #PLANE_COLUMNS} from column {@code at} on.
	 *
	 * @throws CorruptDatabaseException when it does not match its checksum
	 */
	static void checkPlane(final ResultSet rs, final int at, final long stackId, final String location)
		throws SQLException
	{
		final long saved = rs.getLong(at + 8);
		final boolean none = rs.wasNull();
		if (none || saved != plane(rs, at)) throw new CorruptDatabaseException("Database " + location + " is " +
			"damaged: the catalog row of plane " + rs.getLong(at) + " of stack " + stackId + " (its position, size, " +
			"pixel type or cells) does not match " + (none ? "a checksum (it has none)" : "its checksum") + "; copy " +
			"what can be read with SqlImageStack.recover", null);
	}

	/**
	 * Computes and stores the checksum of a stack's row from the row and its planes as they are now. The row is locked
	 * first: two transactions sealing one stack (workers of a distributed map, each committing its plane) take turns,
	 * and the second sums the planes with the first's committed (else it would read them before the first committed,
	 * wait for the row, and store a checksum without them: the stack then read as damaged).
	 */
	static void sealStack(final Connection c, final long stackId, final int schema) throws SQLException {
		// an update that changes nothing locks the row (SELECT ... FOR UPDATE would deadlock on PostgreSQL with the
		// key-share locks the other workers' plane rows take on it: an update of no key column does not)
		try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET ROW_CRC = ROW_CRC WHERE ID = ?")) {
			ps.setLong(1, stackId);
			ps.executeUpdate();
		}
		final long crc;
		try (PreparedStatement ps = c.prepareStatement("SELECT " + stackColumns(schema) + " FROM STACKS S WHERE " +
			"S.ID = ?"))
		{
			ps.setLong(1, stackId);
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next()) return; // deleted in this transaction
				crc = stack(rs, schema);
			}
		}
		try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET ROW_CRC = ? WHERE ID = ?")) {
			ps.setLong(1, crc);
			ps.setLong(2, stackId);
			ps.executeUpdate();
		}
	}

	/** Computes and stores the checksum of one plane's row from its values now. */
	static void sealPlane(final Connection c, final long stackId, final long planeId) throws SQLException {
		Long crc = null;
		try (PreparedStatement ps = c.prepareStatement("SELECT " + PLANE_COLUMNS + " FROM PLANES WHERE STACK_ID = ? " +
			"AND PLANE_ID = ?"))
		{
			ps.setLong(1, stackId);
			ps.setLong(2, planeId);
			try (ResultSet rs = ps.executeQuery()) {
				if (rs.next()) crc = plane(rs, 1);
			}
		}
		if (crc == null) return;
		try (PreparedStatement ps = c.prepareStatement("UPDATE PLANES SET ROW_CRC = ? WHERE STACK_ID = ? AND " +
			"PLANE_ID = ?"))
		{
			ps.setLong(1, crc);
			ps.setLong(2, stackId);
			ps.setLong(3, planeId);
			ps.executeUpdate();
		}
	}

	/**
	 * Seals every row of the database (the upgrades to versions 3 and 4): planes first, then the stacks they sum into.
	 *
	 * @param schema the version the rows are sealed for
	 */
	static void sealAll(final Connection c, final int schema) throws SQLException {
		final List<long[]> planes = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("SELECT STACK_ID, PLANE_ID FROM PLANES");
			ResultSet rs = ps.executeQuery())
		{
			while (rs.next())
				planes.add(new long[] { rs.getLong(1), rs.getLong(2) });
		}
		for (final long[] p : planes)
			sealPlane(c, p[0], p[1]);
		final List<Long> stacks = new ArrayList<>();
		try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM STACKS"); ResultSet rs = ps.executeQuery()) {
			while (rs.next())
				stacks.add(rs.getLong(1));
		}
		for (final long id : stacks)
			sealStack(c, id, schema);
	}

	private static long crc(final Object... values) {
		final StringBuilder text = new StringBuilder();
		for (final Object v : values)
			text.append(v == null ? "\u0000" : v.toString().replace("\\", "\\\\").replace("|", "\\|")).append('|');
		final CRC32 crc = new CRC32();
		crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
		return crc.getValue();
	}
}
