package org.imagestack.sql.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.StorageException;
import org.imagestack.sql.cells.CellShape;

/**
 * The tables of a database of image stacks (schema version 3):
 * <ul>
 * <li>{@code STACKS}: one row per named stack: pixel type, plane count, cell size, a save counter ({@code VERSION},
 * bumped by every save, checked against the one a handle loaded), times, metadata;</li>
 * <li>{@code PLANES}: one row per plane: its order key, dimensions, pixel type and cell dimensions (a plane saved by
 * version 1 has no cell dimensions and its pixels in the {@code DATA} BLOB);</li>
 * <li>{@code CELLS}: one row per cell: its bytes (at most about 1 MiB), a CRC-32, whether deflated. The bytes are a
 * BLOB, not a {@code VARBINARY}: H2 keeps a deleted or replaced value in its undo log until the commit and writes it
 * in one chunk, so deleting a stack's worth of 1 MiB {@code VARBINARY} values in one transaction (a map then a save)
 * ran out of a 256 MB heap, while BLOBs (H2's LOB store, values in 128 KB blocks) held 17 MB at the same speed.
 * On PostgreSQL they are a {@code BYTEA} (see {@code PostgresDialect}): the column types come from the
 * {@link Dialect}, the rest of the SQL is shared;</li>
 * <li>{@code PLANE_IDS}: a sequence, so that handles on one stack (in one process or several) never pick the same id
 * for a new plane;</li>
 * <li>{@code MAP_JOBS}, {@code MAP_TASKS}: distributed maps ({@code org.imagestack.sql.jobs}): a job per stack and name, a task per
 * plane with its state, worker and lease, and how often its function failed (the last error). Made with the other tables, or by the first job in a database made
 * before them (no version change: code that does not know them never reads them).</li>
 * </ul>
 * Every open checks the schema's version ({@link #check}); a version 1 or 2 file is upgraded before its first write.
 * Version 3 adds a checksum to every row of {@code STACKS} and {@code PLANES} ({@code ROW_CRC}, see {@link RowChecks})
 * and the database's id ({@code IMAGESTACK_SCHEMA.FILE_ID}, binding a file to its record of saves);
 * versions 1 and 2 are read without it and sealed as a whole by the upgrade. Version 4 adds the stack's codec
 * ({@code STACKS.CODEC}: "none", "deflate", "lz4", "zstd"; covered by the row's checksum; a file of version 1 to 3 has
 * none, and its stacks read as {@code COMPRESSED} says: deflate or none). A cell says which codec stored it by its
 * own first byte ({@code CELLS.COMPRESSED} still says whether it is compressed at all), so that the {@code CELLS}
 * table, the large one, is never rewritten by an upgrade.
 */
public final class Schema {

	/** The schema version this code writes (see {@link Database#SCHEMA_VERSION}). */
	static final int VERSION = 4;

	private static final String SCHEMA_TABLE = "IMAGESTACK_SCHEMA";

	/** Table names in the current schema (H2: {@code PUBLIC}; PostgreSQL: the URL's {@code currentSchema}). */
	private static final String TABLES = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = " +
		"CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE'";

	private Schema() {}

	/**
	 * Reads the schema's version, or creates the tables in an empty database when {@code create}; commits.
	 *
	 * @param connection the database's connection (auto-commit off)
	 * @param location where the database is, for messages
	 * @param named a file path (not a URL): then a database without tables is not "no such database"
	 * @return the schema version: 1 to {@link #VERSION}
	 * @throws StorageException when the version is one this code does not read
	 * @throws NoSuchDatabaseException when a URL's database holds no tables and {@code create} is false
	 * @throws CorruptDatabaseException when the database holds other tables but no image stacks
	 */
	static int check(final Connection connection, final Dialect dialect, final String location,
		final boolean named, final boolean create) throws SQLException
	{
		try (Statement st = connection.createStatement()) {
			if (hasTable(connection, SCHEMA_TABLE)) {
				final int schemaVersion;
				try (ResultSet rs = st.executeQuery("SELECT VERSION FROM " + SCHEMA_TABLE)) {
					schemaVersion = rs.next() ? rs.getInt(1) : 0;
				}
				connection.commit();
				if (schemaVersion >= 1 && schemaVersion <= VERSION) return schemaVersion;
				if (schemaVersion > VERSION && schemaVersion < 100) throw new StorageException("Database " + location +
					" has image-stack schema version " + schemaVersion + ", written by a newer ImageStack-H2; this " +
					"version reads versions 1 to " + VERSION + ": update ImageStack-H2 to open it", null);
				throw new CorruptDatabaseException("Database " + location + " is damaged: its image-stack schema " +
					"version reads " + schemaVersion + " (this version of ImageStack-H2 reads versions 1 to " + VERSION +
					"); it was not opened and is left as it is", null);
			}
			if (!named && !create && !hasAnyTable(connection)) throw new NoSuchDatabaseException(location +
				" (it holds no image stacks yet)");
			if (!create || hasAnyTable(connection)) throw new CorruptDatabaseException("Database " + location + " is " +
				dialect.described() + " database but holds no image " +
				"stacks (no " + SCHEMA_TABLE + " table; other tables there): use a database (PostgreSQL: or a schema, " +
				"?currentSchema=...) of their own", null);
			create(st, dialect);
			connection.commit();
			return VERSION;
		}
	}

	/**
	 * Checks, without writing, that a database holds image stacks of a schema version this code reads.
	 *
	 * @throws StorageException when the version is newer than this code reads
	 * @throws CorruptDatabaseException when it holds no image stacks, or an impossible version
	 */
	public static void checkReadable(final Connection connection, final Dialect dialect, final String location)
		throws SQLException
	{
		check(connection, dialect, location, true, false);
	}

	/** @return whether a database holds no table at all (a file just made: the stacks' tables may be created) */
	public static boolean isEmpty(final Connection connection) throws SQLException {
		return !hasAnyTable(connection);
	}

	private static boolean hasTable(final Connection connection, final String name) throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement(TABLES + " AND UPPER(TABLE_NAME) = ?")) {
			ps.setString(1, name);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() && rs.getLong(1) > 0;
			}
		}
	}

	private static boolean hasAnyTable(final Connection connection) throws SQLException {
		try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES)) {
			return rs.next() && rs.getLong(1) > 0;
		}
	}

	static void create(final Statement st, final Dialect dialect) throws SQLException {
		st.execute("CREATE TABLE STACKS(ID BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, NAME VARCHAR NOT NULL " +
			"UNIQUE, " +
			"PIXEL_TYPE VARCHAR(16) NOT NULL, PLANE_COUNT INT NOT NULL, COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, " +
			"CREATED TIMESTAMP NOT NULL, MODIFIED TIMESTAMP NOT NULL, METADATA VARCHAR, " +
			"CELL_BYTES INT DEFAULT " + CellShape.DEFAULT_CELL_BYTES + " NOT NULL, VERSION BIGINT DEFAULT 0 NOT NULL, " +
			"ROW_CRC BIGINT, CODEC VARCHAR(16))");
		st.execute("CREATE TABLE PLANES(STACK_ID BIGINT NOT NULL REFERENCES STACKS(ID) ON DELETE CASCADE, " +
			"PLANE_ID BIGINT NOT NULL, POS BIGINT NOT NULL, DIMS VARCHAR(64) NOT NULL, PIXEL_TYPE VARCHAR(16) NOT NULL, " +
			"NBYTES BIGINT NOT NULL, CRC BIGINT NOT NULL, COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, DATA " + dialect
				.binaryType() + ", " +
			"CELL_DIMS VARCHAR(64), ROW_CRC BIGINT, PRIMARY KEY(STACK_ID, PLANE_ID))");
		st.execute("CREATE INDEX PLANES_ORDER ON PLANES(STACK_ID, POS)");
		createCells(st, dialect);
		dialect.tuneTables(st);
		st.execute("CREATE SEQUENCE PLANE_IDS START WITH 1");
		createJobTables(st);
		st.execute("CREATE TABLE IMAGESTACK_SCHEMA(VERSION INT NOT NULL, FILE_ID VARCHAR(36))");
		st.execute("INSERT INTO IMAGESTACK_SCHEMA VALUES(" + VERSION + ", NULL)");
		newFileId(st.getConnection());
	}

	private static void createCells(final Statement st, final Dialect dialect) throws SQLException {
		st.execute("CREATE TABLE CELLS(STACK_ID BIGINT NOT NULL, PLANE_ID BIGINT NOT NULL, CELL_INDEX INT NOT NULL, " +
			"CRC BIGINT NOT NULL, COMPRESSED BOOLEAN NOT NULL, DATA " + dialect.binaryType() + " NOT NULL, " +
			"PRIMARY KEY(STACK_ID, PLANE_ID, CELL_INDEX), FOREIGN KEY(STACK_ID, PLANE_ID) REFERENCES " +
			"PLANES(STACK_ID, PLANE_ID) ON DELETE CASCADE)");
	}

	/**
	 * The distributed maps' tables, when missing; deleting a stack deletes its jobs. Tables that are there with their
	 * last column are left alone without a statement that locks them: PostgreSQL's {@code ALTER TABLE … IF NOT EXISTS}
	 * and {@code CREATE INDEX IF NOT EXISTS} lock the table before they look, so a worker joining a running job waited
	 * for the others' transactions and could deadlock with a claim.
	 */
	public static void createJobTables(final Statement st) throws SQLException {
		if (hasColumn(st.getConnection(), "MAP_TASKS", "LAST_ERROR")) return; // added last: everything is there
		st.execute("CREATE TABLE IF NOT EXISTS MAP_JOBS(ID BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, " +
			"STACK_ID BIGINT NOT NULL REFERENCES STACKS(ID) ON DELETE CASCADE, NAME VARCHAR NOT NULL, TOTAL INT NOT " +
			"NULL, CREATED TIMESTAMP NOT NULL, UNIQUE(STACK_ID, NAME))");
		st.execute("CREATE TABLE IF NOT EXISTS MAP_TASKS(JOB_ID BIGINT NOT NULL REFERENCES MAP_JOBS(ID) ON DELETE " +
			"CASCADE, PLANE_ID BIGINT NOT NULL, POS BIGINT NOT NULL, STATE INT NOT NULL, WORKER VARCHAR(200), " +
			"LEASE_UNTIL BIGINT DEFAULT 0 NOT NULL, CLAIMS INT DEFAULT 0 NOT NULL, RESULT_ID BIGINT, " +
			"PRIMARY KEY(JOB_ID, PLANE_ID))");
		st.execute("CREATE INDEX IF NOT EXISTS MAP_TASKS_STATE ON MAP_TASKS(JOB_ID, STATE, POS)");
		// failures of a plane's function, and the last one's message (added later: a table made before gets them here)
		st.execute("ALTER TABLE MAP_TASKS ADD COLUMN IF NOT EXISTS FAILURES INT DEFAULT 0 NOT NULL");
		st.execute("ALTER TABLE MAP_TASKS ADD COLUMN IF NOT EXISTS LAST_ERROR VARCHAR(2000)");
	}

	/** Version 1 (a BLOB per plane) to 2: planes keep their BLOBs until rewritten as cells. */
	static void upgradeFrom1(final Statement st, final Dialect dialect) throws SQLException {
		st.execute("ALTER TABLE STACKS ADD COLUMN CELL_BYTES INT DEFAULT " + CellShape.DEFAULT_CELL_BYTES +
			" NOT NULL");
		st.execute("ALTER TABLE STACKS ADD COLUMN VERSION BIGINT DEFAULT 0 NOT NULL");
		st.execute("ALTER TABLE PLANES ALTER COLUMN DATA SET NULL");
		st.execute("ALTER TABLE PLANES ADD COLUMN CELL_DIMS VARCHAR(64)");
		createCells(st, dialect); // version 1 was only ever H2
		long next = 1;
		try (java.sql.ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(PLANE_ID), 0) + 1 FROM PLANES")) {
			if (rs.next()) next = rs.getLong(1);
		}
		st.execute("CREATE SEQUENCE PLANE_IDS START WITH " + next);
		st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = 2");
	}

	/**
	 * Version 2 to 3: a checksum column on {@code STACKS} and {@code PLANES}, every row sealed. Safe to run again after
	 * it was cut short (a column already there is kept).
	 */
	static void upgradeFrom2(final Connection c, final Statement st) throws SQLException {
		if (!hasColumn(c, "STACKS", "ROW_CRC")) st.execute("ALTER TABLE STACKS ADD COLUMN ROW_CRC BIGINT");
		if (!hasColumn(c, "PLANES", "ROW_CRC")) st.execute("ALTER TABLE PLANES ADD COLUMN ROW_CRC BIGINT");
		RowChecks.sealAll(c, 3);
		if (!hasColumn(c, SCHEMA_TABLE, "FILE_ID")) st.execute("ALTER TABLE IMAGESTACK_SCHEMA ADD COLUMN FILE_ID " +
			"VARCHAR(36)");
		newFileId(c);
		st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = 3");
	}

	/**
	 * Version 3 to 4: the stack's codec ({@code STACKS.CODEC}, a small table; {@code CELLS} is left as it is), every
	 * stack row sealed again with it. Safe to run again after it was cut short.
	 */
	static void upgradeFrom3(final Connection c, final Statement st) throws SQLException {
		if (!hasColumn(c, "STACKS", "CODEC")) st.execute("ALTER TABLE STACKS ADD COLUMN CODEC VARCHAR(16)");
		RowChecks.sealAll(c, VERSION);
		st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = " + VERSION);
	}

	/**
	 * Gives the database a new random id (schema 3), which binds a file database to its record of saves beside it: a
	 * record of another file at the same place is then recognised (see {@code org.imagestack.sql.h2.SaveRecord}).
	 */
	private static void newFileId(final Connection c) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("UPDATE IMAGESTACK_SCHEMA SET FILE_ID = ?")) {
			ps.setString(1, java.util.UUID.randomUUID().toString());
			ps.executeUpdate();
		}
	}

	/** @return the database's id (see {@link #newFileId}), or null when it has none (schema version 1 or 2) */
	public static String fileId(final Connection c) throws SQLException {
		if (!hasColumn(c, SCHEMA_TABLE, "FILE_ID")) return null;
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT FILE_ID FROM " +
			SCHEMA_TABLE))
		{
			return rs.next() ? rs.getString(1) : null;
		}
	}

	/** @return the schema version written in the database now (another connection may have upgraded it) */
	static int read(final Statement st) throws SQLException {
		try (ResultSet rs = st.executeQuery("SELECT VERSION FROM " + SCHEMA_TABLE)) {
			return rs.next() ? rs.getInt(1) : 0;
		}
	}

	private static boolean hasColumn(final Connection c, final String table, final String column)
		throws SQLException
	{
		try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE " +
			"TABLE_SCHEMA = CURRENT_SCHEMA AND UPPER(TABLE_NAME) = ? AND UPPER(COLUMN_NAME) = ?"))
		{
			ps.setString(1, table);
			ps.setString(2, column);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() && rs.getLong(1) > 0;
			}
		}
	}
}
