package org.imagestack.sql.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.imagestack.DatabaseLockedException;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.StorageException;

/**
 * One open connection to a database holding image stacks, on any database: the embedded H2 default (a file path),
 * any H2 JDBC URL (an H2 server: {@code jdbc:h2:tcp://}) or PostgreSQL. Each {@link Dialect} opens its own (H2's
 * in {@code org.imagestack.sql.h2}, PostgreSQL's in {@code org.imagestack.sql.postgres}) and says what SQL differs and
 * how errors read; a database kept by this process adds its {@link LocalStore}.
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
public final class Database implements AutoCloseable {

	/** The schema version this code writes: cells (version 1, one BLOB per plane, is read and upgraded on write). */
	public static final int SCHEMA_VERSION = Schema.VERSION;

	private final String location;
	private final Path file;
	private final Connection connection;
	private final Dialect dialect;
	private int schemaVersion;
	/** Stacks whose row or planes changed in the open transaction (see {@link RowChecks}). */
	private final java.util.Set<Long> unsealed = java.util.concurrent.ConcurrentHashMap.newKeySet();
	/** Stacks deleted in the open transaction. */
	private final java.util.Set<Long> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
	/** The database's id (schema 3), or null. */
	private String fileId;
	private boolean writable = true;
	/** Why the open transaction was lost (connection dropped, or aborted by the server), or null. */
	private volatile String lost;
	/** Null for a server or PostgreSQL. */
	private final LocalStore local;
	/** Checks the record of saves kept beside the file, or null. */
	private final Runnable checkSaves;

	private Database(final String location, final Path file, final Connection connection, final Dialect dialect,
		final LocalStore local, final Runnable checkSaves)
	{
		this.location = location;
		this.file = file;
		this.connection = connection;
		this.dialect = dialect;
		this.local = local;
		this.checkSaves = checkSaves;
	}

	/**
	 * A database of another dialect, connected by it: checks (or creates) the schema and the login's rights.
	 *
	 * @param location where it is, without password
	 * @param c the connection, auto-commit off; closed on failure
	 */
	public static Database connected(final String location, final Connection c, final Dialect dialect,
		final boolean create)
	{
		return checked(new Database(location, null, c, dialect, null, null), create);
	}

	/**
	 * A database kept by this process (embedded H2), connected by its dialect: checks (or creates) the schema,
	 * compares the file's record of saves and reads the login's rights.
	 *
	 * @param location where it is, without password
	 * @param file the database file, or null (an in-memory database, a server)
	 * @param c the connection, auto-commit off; closed on failure
	 * @param local what the database's own store does besides JDBC, or null
	 * @param checkSaves compares the file's record of saves after the schema check, or null (none, or done already)
	 */
	public static Database local(final String location, final Path file, final Connection c, final Dialect dialect,
		final LocalStore local, final Runnable checkSaves, final boolean create)
	{
		return checked(new Database(location, file, c, dialect, local, checkSaves), create);
	}

	/**
	 * @return {@code db} with its schema checked (made when {@code create}), its file's record of saves compared and
	 *         its login's rights read; closed on failure
	 */
	private static Database checked(final Database db, final boolean create) {
		try {
			db.checkSchema(create);
			if (db.checkSaves != null) db.checkSaves.run();
			db.checkRights();
		}
		catch (final RuntimeException e) {
			db.close();
			throw e;
		}
		return db;
	}


	/** @return whether the connection still works (false after H2 closed the database on a failed write) */
	public boolean isUsable() {
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
	public RuntimeException translate(final SQLException e, final String action) {
		final RuntimeException ours = dialect.translate(e, location, action);
		if (dialect.losesTransaction(e) && lost == null) lost = ours.getMessage();
		return ours;
	}

	/**
	 * @throws org.imagestack.TransactionLostException when the open transaction was lost (the connection dropped or
	 *           the server aborted it): only rolling back, reconnecting or closing make sense now
	 */
	public void requireUsable() {
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
	public org.imagestack.TransactionLostException gone(final String why) {
		if (lost == null) lost = why;
		return new org.imagestack.TransactionLostException(why, null);
	}

	/** @return whether the open transaction was lost (see {@link #requireUsable()}) */
	public boolean isLost() {
		return lost != null;
	}

	/** Rolls back an aborted transaction on a connection that still works, so that it can be used again. */
	public void recover() {
		try {
			connection.rollback();
			sealed();
			lost = null;
		}
		catch (final SQLException e) {
			throw translate(e, "roll back");
		}
	}

	private void checkSchema(final boolean create) {
		try {
			schemaVersion = Schema.check(connection, dialect, location, file != null, create);
			fileId = Schema.fileId(connection);
			connection.commit();
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

	/** Records a save of a stack beside the file, after it was committed and synced (no-op for a server). */
	void recordSave(final long stackId, final long version) {
		if (local != null) local.recordSave(fileId, stackId, version);
	}

	/** Notes that a stack is deleted in the open transaction: it leaves the record of saves before the commit. */
	void deleted(final long stackId) {
		deleted.add(stackId);
	}

	/** @return the database's id (binds a file to its record of saves), or null (schema version 1 or 2) */
	public String fileId() {
		return fileId;
	}

	/**
	 * @return the schema version of the file: 1 (planes as BLOBs), 2 (rows without checksums), 3 (no codec column) or
	 *         {@link #SCHEMA_VERSION}
	 */
	public int schemaVersion() {
		return schemaVersion;
	}

	/**
	 * Upgrades a version 1, 2 or 3 file to version 4 (cells, rows checksummed, a codec per stack) before its first write
	 * in a transaction
	 * (H2 commits schema changes at once: every writer calls this first, so the transaction holds no change yet).
	 * Planes already stored as BLOBs stay so, read as before, until they are rewritten. Another connection may have
	 * upgraded the file meanwhile: the version is read again first.
	 */
	synchronized void upgradeForWriting() {
		requireWritable("change stacks");
		if (schemaVersion == SCHEMA_VERSION) return;
		try (Statement st = connection.createStatement()) {
			final int now = Schema.read(st);
			if (now == 1) Schema.upgradeFrom1(st, dialect);
			if (now < 3) Schema.upgradeFrom2(connection, st);
			if (now < SCHEMA_VERSION) Schema.upgradeFrom3(connection, st);
			connection.commit();
			fileId = Schema.fileId(connection);
			connection.commit();
			schemaVersion = SCHEMA_VERSION;
		}
		catch (final SQLException e) {
			throw translate(e, "upgrade the database to schema version " + SCHEMA_VERSION);
		}
	}

	/** Notes that a stack's row or its planes changed in the open transaction: it is sealed before the commit. */
	void changed(final long stackId) {
		unsealed.add(stackId);
	}

	/** @return whether the stack's row or planes changed in the open transaction (not checked: not sealed yet) */
	boolean unsealed(final long stackId) {
		return unsealed.contains(stackId);
	}

	/**
	 * Just before the commit: seals the stacks changed in the open transaction ({@link RowChecks}), and takes the
	 * stacks deleted out of the record of saves (a crash after this leaves a record that checks less, never one that
	 * knows a stack the file lacks).
	 */
	void seal() throws SQLException {
		for (final long id : deleted)
			recordSave(id, -1);
		if (schemaVersion < 3) return;
		for (final long id : unsealed)
			RowChecks.sealStack(connection, id, schemaVersion);
	}

	/**
	 * Before a commit of changes to stacks: a database file that is gone from its place (deleted, or its folder
	 * removed, while open: H2 still writes into the unlinked file) cannot keep a save.
	 *
	 * @throws StorageException saying so (nothing is committed)
	 */
	void requireFileInPlace() {
		if (file != null && !(unsealed.isEmpty() && deleted.isEmpty()) && !java.nio.file.Files.isRegularFile(file))
			throw new StorageException("Could not save in " + location + ": the file is gone (deleted, or its folder " +
				"removed or renamed, while the stack was open), so nothing of this save could be kept; nothing was " +
				"saved. The planes can still be read from this handle until it is closed: save them into another " +
				"database (e.g. addAll into a stack made with SqlImageStack.create)", null);
	}

	/** Forgets the stacks changed and deleted (after a commit or rollback). */
	void sealed() {
		unsealed.clear();
		deleted.clear();
	}

	/**
	 * Called by every writer before it writes (an embedded file gets the settings it needs for writing now, see
	 * {@link LocalStore#beforeWriting}).
	 *
	 * @param action what is about to be written, for the message
	 * @throws ReadOnlyDatabaseException when the login may not write, or the file, its folder or its file system is
	 *           read-only (nothing is sent to the database)
	 */
	public void requireWritable(final String action) {
		if (writable) {
			if (local != null) local.beforeWriting();
			return;
		}
		final ReadOnlyDatabaseException file = this.file == null ? null : ReadOnlyDatabaseException.ofFile(this.file,
			action, null);
		throw file != null ? file : new ReadOnlyDatabaseException(location, user(), action, null);
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
	public Dialect dialect() {
		return dialect;
	}

	/** @return what this connection does to the database's own store when it runs in this JVM, or null */
	public LocalStore local() {
		return local;
	}

	/** @return whether the database runs in this JVM (embedded H2), not on a server */
	boolean inProcess() {
		return local != null;
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
		return file;
	}

	/**
	 * Closes the connection; uncommitted changes are discarded. Closing twice, or after the connection dropped, is
	 * harmless.
	 */
	@Override
	public void close() {
		// closing is not interruptible: H2 waits for its writer thread and would spend (clear) the thread's interrupt
		Interrupts.keptAcross(() -> {
			if (local == null) closeConnection();
			else {
				local.closing();
				try {
					closeConnection();
				}
				finally {
					local.closed();
				}
			}
			return null;
		});
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

	/** @return the file's size in bytes, or -1 for a URL or a missing file */
	public long fileSize() {
		try {
			return file == null ? -1 : java.nio.file.Files.size(file);
		}
		catch (final java.io.IOException e) {
			return -1;
		}
	}
}
