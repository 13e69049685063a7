package org.imagestack.sql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.h2.api.ErrorCode;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.StorageException;

/**
 * One open connection to an H2 database holding image stacks: the embedded default (a file path) or any H2 JDBC URL.
 * <p>
 * File databases are opened with {@code WRITE_DELAY=0}: with H2's default delay, a process killed with -9 lost
 * transactions already reported committed in our trials; with 0 it lost none. Auto-commit is off: the stacks commit
 * when saved. The schema is created on first use and its version checked on every open.
 * </p>
 * <p>
 * An embedded file is opened by one process at a time: a second one gets a {@link DatabaseLockedException}. To
 * share a file, open it with {@code autoServer} in every process (H2's {@code AUTO_SERVER=TRUE}; the second process
 * connects through the first), or run an H2 server and use a {@code jdbc:h2:tcp://} URL.
 * </p>
 */
public final class H2Database implements AutoCloseable {

	/** The schema version this code reads and writes. */
	public static final int SCHEMA_VERSION = 1;

	private static final String SUFFIX = ".mv.db";

	/** H2's page cache, in KB, for embedded databases (H2's default is 64 MB). */
	private static final int CACHE_KB = 8 * 1024;

	private final String location;
	private final Path file;
	private final Connection connection;

	private H2Database(final String location, final Path file, final Connection connection) {
		this.location = location;
		this.file = file;
		this.connection = connection;
	}

	/**
	 * Opens (creating when missing) a database.
	 *
	 * @param database a file path ({@code crack}, {@code crack.h2}, {@code /data/crack.mv.db}: H2 keeps
	 *          {@code <path>.mv.db}) or a {@code jdbc:h2:} URL
	 * @return the open database
	 * @throws DatabaseLockedException when another process has the file open
	 * @throws CorruptDatabaseException when the file is not a readable H2 database
	 * @throws IllegalStateException when the schema version is not {@link #SCHEMA_VERSION}
	 */
	public static H2Database open(final String database) {
		return open(database, false);
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param autoServer whether to share a file database between processes (H2's {@code AUTO_SERVER=TRUE}; every
	 *          process opening it must say so)
	 * @return the open database
	 */
	public static H2Database open(final String database, final boolean autoServer) {
		if (database == null || database.trim().isEmpty()) throw new IllegalArgumentException(
			"No database given: name a file (e.g. crack.h2) or a jdbc:h2: URL");
		final Path file = filePath(database);
		final String location = file != null ? file.toString() + SUFFIX : database;
		final String url = url(database, file, autoServer);
		final Connection c;
		try {
			// H2's driver directly: DriverManager does not see drivers of a plugin class loader (ImageJ's plugins/jars)
			final java.util.Properties login = new java.util.Properties();
			login.setProperty("user", "sa");
			login.setProperty("password", "");
			c = org.h2.Driver.load().connect(url, login);
			c.setAutoCommit(false);
		}
		catch (final SQLException e) {
			throw translate(e, location, "open");
		}
		final H2Database db = new H2Database(location, file, c);
		try {
			db.checkSchema();
		}
		catch (final RuntimeException e) {
			db.close();
			throw e;
		}
		return db;
	}

	/** @return the file path behind a database argument (without H2's suffix), or null for a URL */
	private static Path filePath(final String database) {
		if (database.startsWith("jdbc:")) {
			if (!database.startsWith("jdbc:h2:")) throw new IllegalArgumentException("Not an H2 URL: " + database);
			return null;
		}
		if (database.contains(";")) throw new IllegalArgumentException("A database file name cannot contain ';': " +
			database + " (H2 reads it as a setting)");
		String p = database;
		if (p.endsWith(SUFFIX)) p = p.substring(0, p.length() - SUFFIX.length());
		return Paths.get(p).toAbsolutePath().normalize();
	}

	private static String url(final String database, final Path file, final boolean autoServer) {
		final StringBuilder url = new StringBuilder(file != null ? "jdbc:h2:file:" + file : database);
		final String upper = url.toString().toUpperCase(Locale.ROOT);
		final boolean embedded = file != null || upper.startsWith("JDBC:H2:FILE:") || !upper.startsWith("JDBC:H2:TCP:") &&
			!upper.startsWith("JDBC:H2:SSL:") && !upper.startsWith("JDBC:H2:MEM:");
		if (embedded && !upper.contains(";WRITE_DELAY=")) url.append(";WRITE_DELAY=0");
		// H2's page cache (64 MB by default) comes on top of the stacks' own budgets: keep it small, planes are
		// cached by the stacks
		if (embedded && !upper.contains(";CACHE_SIZE=")) url.append(";CACHE_SIZE=").append(CACHE_KB);
		if (autoServer && !upper.contains(";AUTO_SERVER=")) url.append(";AUTO_SERVER=TRUE");
		return url.toString();
	}

	/**
	 * Turns H2's errors into ours, naming the database.
	 *
	 * @param e H2's error
	 * @param location the database
	 * @param action what was being done, for the message
	 * @return the exception to throw
	 */
	static RuntimeException translate(final SQLException e, final String location, final String action) {
		final int code = e.getErrorCode();
		final String msg = String.valueOf(e.getMessage());
		if (code == ErrorCode.DATABASE_ALREADY_OPEN_1) return new DatabaseLockedException(location, e);
		if (code == ErrorCode.FILE_CORRUPTED_1 || code == ErrorCode.FILE_VERSION_ERROR_1 || msg.contains(
			"corrupt") || msg.contains("Corrupt")) return new CorruptDatabaseException("Database " + location +
				" is damaged or not an H2 database (" + firstLine(msg) + ")", e);
		if (msg.contains("No space left")) return new StorageException("Disk full while trying to " + action +
			" in " + location + "; the last saved state is kept", e);
		return new StorageException("Could not " + action + " in " + location + ": " + firstLine(msg), e);
	}

	private static String firstLine(final String s) {
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	private void checkSchema() {
		try (Statement st = connection.createStatement()) {
			st.execute("CREATE TABLE IF NOT EXISTS IMAGESTACK_SCHEMA(VERSION INT NOT NULL)");
			try (ResultSet rs = st.executeQuery("SELECT VERSION FROM IMAGESTACK_SCHEMA")) {
				if (rs.next()) {
					final int found = rs.getInt(1);
					if (found != SCHEMA_VERSION) throw new IllegalStateException("Database " + location +
						" has image-stack schema version " + found + "; this version of ImageStack-H2 reads version " +
						SCHEMA_VERSION);
					connection.commit();
					return;
				}
			}
			st.execute("CREATE TABLE IF NOT EXISTS STACKS(ID BIGINT AUTO_INCREMENT PRIMARY KEY, " +
				"NAME VARCHAR NOT NULL UNIQUE, PIXEL_TYPE VARCHAR(16) NOT NULL, PLANE_COUNT INT NOT NULL, " +
				"COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, CREATED TIMESTAMP NOT NULL, MODIFIED TIMESTAMP NOT NULL, " +
				"METADATA VARCHAR)");
			st.execute("CREATE TABLE IF NOT EXISTS PLANES(STACK_ID BIGINT NOT NULL REFERENCES STACKS(ID) " +
				"ON DELETE CASCADE, PLANE_ID BIGINT NOT NULL, POS BIGINT NOT NULL, DIMS VARCHAR(64) NOT NULL, " +
				"PIXEL_TYPE VARCHAR(16) NOT NULL, NBYTES BIGINT NOT NULL, CRC BIGINT NOT NULL, " +
				"COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, DATA BLOB NOT NULL, " +
				"PRIMARY KEY(STACK_ID, PLANE_ID))");
			st.execute("CREATE INDEX IF NOT EXISTS PLANES_ORDER ON PLANES(STACK_ID, POS)");
			try (PreparedStatement ps = connection.prepareStatement("INSERT INTO IMAGESTACK_SCHEMA VALUES(?)")) {
				ps.setInt(1, SCHEMA_VERSION);
				ps.executeUpdate();
			}
			connection.commit();
		}
		catch (final SQLException e) {
			throw translate(e, location, "read the schema");
		}
	}

	/** @return the JDBC connection (auto-commit off) */
	public Connection connection() {
		return connection;
	}

	/** @return where the database lives: its file ({@code ….mv.db}) or its URL */
	public String location() {
		return location;
	}

	/** @return the database file, or null for a URL */
	public Path file() {
		return file == null ? null : Paths.get(file + SUFFIX);
	}

	/** Closes the connection; uncommitted changes are discarded. Closing twice is harmless. */
	@Override
	public void close() {
		try {
			if (!connection.isClosed()) {
				connection.rollback();
				connection.close();
			}
		}
		catch (final SQLException e) {
			throw translate(e, location, "close");
		}
	}

	/**
	 * Compacts a database file: space left by deleted or replaced planes is given back to the file system (H2's
	 * {@code SHUTDOWN COMPACT}; about 16 s per GB of live data measured on this kind of machine). Worth it after
	 * deleting stacks or rewriting most planes; no other connection may be open.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return the file size before and after, in bytes ({@code -1} for URLs)
	 */
	public static long[] compact(final String database) {
		final H2Database db = open(database);
		final long before = db.fileSize();
		try (Statement st = db.connection.createStatement()) {
			db.connection.commit();
			st.execute("SHUTDOWN COMPACT");
		}
		catch (final SQLException e) {
			throw translate(e, db.location, "compact the database");
		}
		finally {
			try {
				db.connection.close();
			}
			catch (final SQLException e) {
				// the database has shut down: the connection is gone already
			}
		}
		return new long[] { before, db.fileSize() };
	}

	/** @return the file's size in bytes, or -1 for a URL or a missing file */
	public long fileSize() {
		try {
			return file == null ? -1 : java.nio.file.Files.size(file());
		}
		catch (final java.io.IOException e) {
			return -1;
		}
	}
}
