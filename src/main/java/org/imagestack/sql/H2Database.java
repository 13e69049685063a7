package org.imagestack.sql;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.api.ErrorCode;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.ReadOnlyDatabaseException;

/**
 * One open connection to a database holding image stacks: the embedded H2 default (a file path), any H2 JDBC URL
 * (an H2 server: {@code jdbc:h2:tcp://}) or, opened through {@link PostgresDialect}, PostgreSQL (the class is named
 * after the embedded default, which it opens itself). Its {@link Dialect} says what SQL differs and how errors read.
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

	/** The schema version this code writes: cells (version 1, one BLOB per plane, is read and upgraded on write). */
	public static final int SCHEMA_VERSION = Schema.VERSION;

	private final String location;
	private final Path file;
	private final Connection connection;
	private final Dialect dialect;
	private int schemaVersion;
	private boolean writable = true;
	/** Why the open transaction was lost (connection dropped, or aborted by the server), or null. */
	private volatile String lost;
	/** Null for a server or PostgreSQL. */
	private final EmbeddedStore embedded;

	private H2Database(final String location, final Path file, final Connection connection, final Dialect dialect) {
		this.location = location;
		this.file = file;
		this.connection = connection;
		this.dialect = dialect;
		this.embedded = EmbeddedStore.of(connection, location);
	}

	/**
	 * A database of another dialect, connected by it: checks (or creates) the schema and the login's rights.
	 *
	 * @param location where it is, without password
	 * @param c the connection, auto-commit off; closed on failure
	 */
	static H2Database connected(final String location, final Connection c, final Dialect dialect,
		final boolean create)
	{
		return checked(new H2Database(location, null, c, dialect), create, false);
	}

	/**
	 * @param savesChecked whether the file's record of saves was compared already (on a read-only connection)
	 * @return {@code db} with its schema checked (made when {@code create}), its file's record of saves compared and
	 *         its login's rights read; closed on failure
	 */
	private static H2Database checked(final H2Database db, final boolean create, final boolean savesChecked) {
		try {
			db.checkSchema(create);
			if (db.file != null && !savesChecked) db.checkSaves();
			db.checkRights();
		}
		catch (final RuntimeException e) {
			db.close();
			throw e;
		}
		return db;
	}

	/**
	 * Opens an existing database; never creates or changes a file.
	 *
	 * @param database a file path ({@code crack}, {@code crack.h2}, {@code /data/crack.mv.db}: H2 keeps
	 *          {@code <path>.mv.db}) or a {@code jdbc:h2:} URL
	 * @return the open database
	 * @throws NoSuchDatabaseException when there is no such database
	 * @throws DatabaseLockedException when another process has the file open
	 * @throws CorruptDatabaseException when the file is not a readable H2 database of image stacks
	 * @throws IllegalStateException when the schema version is newer than this code reads
	 */
	public static H2Database open(final String database) {
		return open(database, false, false);
	}

	/**
	 * Opens a database, creating the file and its tables when missing (what saving a new stack does).
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return the open database
	 */
	public static H2Database openOrCreate(final String database) {
		return open(database, false, true);
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param autoServer whether to share a file database between processes (H2's {@code AUTO_SERVER=TRUE}; every
	 *          process opening it must say so)
	 * @param create whether to create a missing database (else it is an error)
	 * @return the open database
	 */
	public static H2Database open(final String database, final boolean autoServer, final boolean create) {
		if (database == null || database.trim().isEmpty()) throw new IllegalArgumentException(
			"No database given: name a file (e.g. crack.h2) or a jdbc:h2: URL");
		final Path file = H2File.filePath(database);
		final String location = file != null ? file.toString() + H2File.SUFFIX : Credentials.strip(database);
		if (!create && file != null && !java.nio.file.Files.isRegularFile(Paths.get(file + H2File.SUFFIX)))
			throw new NoSuchDatabaseException(file + H2File.SUFFIX);
		if (file != null) H2File.refuseNonDatabase(Paths.get(file + H2File.SUFFIX));
		final String url = H2File.url(database, file, autoServer) + (create ? "" : ";IFEXISTS=TRUE");
		final Connection c;
		boolean savesChecked = false;
		synchronized (H2File.openingLock(file)) { // opens of one file in this JVM take turns
			if (file != null) savesChecked = H2File.checkReadOnly(url, Paths.get(file + H2File.SUFFIX), location);
			try {
				// H2's driver directly: DriverManager does not see drivers of a plugin class loader (ImageJ's plugins/jars)
				final java.util.Properties login = new java.util.Properties();
				Credentials.h2(url, login);
				c = org.h2.Driver.load().connect(url, login);
				H2Sockets.noDelay(c);
				c.setAutoCommit(false);
			}
			catch (final SQLException e) {
				if (e.getErrorCode() == ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) throw new NoSuchDatabaseException(
					location);
				throw H2Dialect.INSTANCE.translate(e, location, "open");
			}
		}
		return checked(new H2Database(location, file, c, H2Dialect.INSTANCE), create, savesChecked);
	}

	/** @return whether the connection still works (false after H2 closed the database on a failed write) */
	boolean isUsable() {
		try {
			return !connection.isClosed() && connection.isValid(5);
		}
		catch (final SQLException e) {
			return false;
		}
	}

	/**
	 * Turns a driver's error on this connection into ours (through the dialect), noting when it cost the open
	 * transaction: from then on {@link #requireUsable()} says so.
	 *
	 * @param e the driver's error
	 * @param action what was being done, for the message
	 * @return the exception to throw
	 */
	RuntimeException translate(final SQLException e, final String action) {
		final RuntimeException ours = dialect.translate(e, location, action);
		if (dialect.losesTransaction(e) && lost == null) lost = ours.getMessage();
		return ours;
	}

	/**
	 * @throws org.imagestack.TransactionLostException when the open transaction was lost (the connection dropped or
	 *           the server aborted it): only rolling back, reconnecting or closing make sense now
	 */
	void requireUsable() {
		final String why = lost;
		if (why != null) throw new org.imagestack.TransactionLostException("The open transaction on " + location +
			" was lost earlier: " + why, null);
	}

	/**
	 * Notes that the connection is found dead (see {@link #isUsable()}) before any statement failed.
	 *
	 * @param why what was lost, naming the database (and stack)
	 * @return the error to throw
	 */
	org.imagestack.TransactionLostException gone(final String why) {
		if (lost == null) lost = why;
		return new org.imagestack.TransactionLostException(why, null);
	}

	/** @return whether the open transaction was lost (see {@link #requireUsable()}) */
	boolean isLost() {
		return lost != null;
	}

	/** Rolls back an aborted transaction on a connection that still works, so that it can be used again. */
	void recover() {
		try {
			connection.rollback();
			lost = null;
		}
		catch (final SQLException e) {
			throw translate(e, "roll back");
		}
	}

	private void checkSchema(final boolean create) {
		try {
			schemaVersion = Schema.check(connection, dialect, location, file != null, create);
		}
		catch (final SQLException e) {
			throw translate(e, "read the schema");
		}
	}

	/** Notes whether the login may write: a read-only one is refused before any write reaches the database. */
	private void checkRights() {
		try {
			writable = dialect.writable(connection);
			connection.commit();
		}
		catch (final SQLException e) {
			throw translate(e, "read the login's rights");
		}
	}

	/** Compares the stacks' save counters with the record beside the file (see {@link SaveRecord}). */
	private void checkSaves() {
		H2File.checkSaves(connection, file(), location);
	}

	/** Records a save of a stack beside the file, after it was committed and synced (no-op for a server). */
	void recordSave(final long stackId, final long version) {
		if (file != null) SaveRecord.write(file(), stackId, version);
	}

	/** @return the schema version of the file: 1 (planes as BLOBs) or {@link #SCHEMA_VERSION} */
	public int schemaVersion() {
		return schemaVersion;
	}

	/**
	 * Upgrades a version 1 file to cells before its first write (H2 commits schema changes at once: the caller's
	 * transaction holds no change yet). Planes already stored stay BLOBs, read as before, until they are rewritten.
	 */
	void upgradeForWriting() {
		requireWritable("change stacks");
		if (schemaVersion == SCHEMA_VERSION) return;
		try (Statement st = connection.createStatement()) {
			Schema.upgradeFrom1(st);
			connection.commit();
			schemaVersion = SCHEMA_VERSION;
		}
		catch (final SQLException e) {
			throw translate(e, "upgrade the database to cells");
		}
	}

	/**
	 * @param action what is about to be written, for the message
	 * @throws ReadOnlyDatabaseException when the login may not write (nothing is sent to the database)
	 */
	void requireWritable(final String action) {
		if (!writable) throw new ReadOnlyDatabaseException(location, user(), action, null);
	}

	/** @return the login's user name, or null */
	String user() {
		try {
			return connection.getMetaData().getUserName();
		}
		catch (final SQLException e) {
			return null;
		}
	}

	/** @return what differs in this database's SQL and errors */
	Dialect dialect() {
		return dialect;
	}

	/** @return what this connection does to an embedded file's store ({@link EmbeddedStore}), or null */
	EmbeddedStore embedded() {
		return embedded;
	}

	/** @return whether the database runs in this JVM (embedded H2), not on a server */
	boolean inProcess() {
		return embedded != null;
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
		return file == null ? null : Paths.get(file + H2File.SUFFIX);
	}

	/**
	 * Closes the connection; uncommitted changes are discarded. Closing twice, or after the connection dropped, is
	 * harmless.
	 */
	@Override
	public void close() {
		if (embedded == null) closeConnection();
		else {
			embedded.closing();
			try {
				closeConnection();
			}
			finally {
				embedded.closed();
			}
		}
	}

	private void closeConnection() {
		if (lost != null) {
			try {
				connection.close();
			}
			catch (final SQLException e) {
				// the connection is gone already
			}
			return;
		}
		try {
			if (!connection.isClosed()) {
				connection.rollback();
				connection.close();
			}
		}
		catch (final SQLException e) {
			if (!isUsable()) return; // H2 closed the database after a failed write: nothing left to close
			throw translate(e, "close");
		}
	}

	/**
	 * Compacts a database: space left by deleted or replaced planes is given back to the file system (an embedded H2
	 * file is closed and its chunks moved together in place, uncompressed: 1.3-4 s per GB of live data measured on
	 * this kind of machine, no other connection may be open; an H2 server: {@code SHUTDOWN COMPACT}; PostgreSQL's
	 * {@code VACUUM FULL}, which locks the stacks' tables meanwhile). Worth it after deleting stacks or rewriting most
	 * planes. As {@link StackDatabase#compact()}.
	 *
	 * @param database a file path or a JDBC URL
	 * @return the size before and after, in bytes ({@code -1} when the database cannot tell)
	 */
	public static long[] compact(final String database) {
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.compact();
		}
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
