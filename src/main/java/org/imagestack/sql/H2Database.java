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
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.StorageException;

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
	public static final int SCHEMA_VERSION = 2;

	private static final String SUFFIX = ".mv.db";

	/** H2's page cache, in KB, for embedded databases (H2's default is 64 MB). */
	private static final int CACHE_KB = 8 * 1024;

	private final String location;
	private final Path file;
	private final Connection connection;
	private final Dialect dialect;
	private int schemaVersion;
	private boolean writable = true;
	/** Why the open transaction was lost (connection dropped, or aborted by the server), or null. */
	private volatile String lost;

	private static final String SCHEMA_TABLE = "IMAGESTACK_SCHEMA";

	private H2Database(final String location, final Path file, final Connection connection, final Dialect dialect) {
		this.location = location;
		this.file = file;
		this.connection = connection;
		this.dialect = dialect;
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
		final Path file = filePath(database);
		final String location = file != null ? file.toString() + SUFFIX : Credentials.strip(database);
		if (!create && file != null && !java.nio.file.Files.isRegularFile(Paths.get(file + SUFFIX)))
			throw new NoSuchDatabaseException(file + SUFFIX);
		if (file != null) refuseNonDatabase(Paths.get(file + SUFFIX));
		final String url = url(database, file, autoServer) + (create ? "" : ";IFEXISTS=TRUE");
		final Connection c;
		boolean savesChecked = false;
		// opens of one file in this JVM take turns: H2 shares one open database among a JVM's connections, so a
		// writable connection made while the read-only check's connection is open would be read-only too
		synchronized (file == null ? new Object() : OPENING[Math.floorMod(file.hashCode(), OPENING.length)]) {
			if (file != null) savesChecked = checkReadOnly(url, Paths.get(file + SUFFIX), location);
			try {
				// H2's driver directly: DriverManager does not see drivers of a plugin class loader (ImageJ's plugins/jars)
				final java.util.Properties login = new java.util.Properties();
				Credentials.h2(url, login);
				c = org.h2.Driver.load().connect(url, login);
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

	/** Locks for opening database files in this JVM, by the file's hash (see {@link #open(String, boolean, boolean)}). */
	private static final Object[] OPENING = new Object[64];

	static {
		for (int i = 0; i < OPENING.length; i++)
			OPENING[i] = new Object();
	}

	/** @return the file path behind a database argument (without H2's suffix), or null for a URL */
	/**
	 * @param database a file path (with or without H2's {@code .mv.db})
	 * @return the database file itself
	 * @throws IllegalArgumentException when {@code database} is a URL, not a file
	 */
	static Path databaseFile(final String database) {
		final Path file = filePath(database);
		if (file == null) throw new IllegalArgumentException("Not a database file but a URL: " + Credentials.strip(
			database));
		return Paths.get(file + SUFFIX);
	}

	private static Path filePath(final String database) {
		if (database.startsWith("jdbc:")) {
			if (!database.startsWith("jdbc:h2:")) throw new IllegalArgumentException("Not an H2 URL: " + Credentials
				.strip(database));
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
		if (code == ErrorCode.FILE_CORRUPTED_1 || code == ErrorCode.FILE_VERSION_ERROR_1 || code == ErrorCode
			.IO_EXCEPTION_2 && "open".equals(action) || msg.contains(
			"corrupt") || msg.contains("Corrupt")) return new CorruptDatabaseException("Database " + location +
				" is damaged or not an H2 database (" + firstLine(msg) + ")", e);
		final StorageException full = diskFull(e, location, action);
		if (full != null) return full;
		return new StorageException("Could not " + action + " in " + location + ": " + firstLine(msg), e);
	}

	/**
	 * @return a "disk full" error naming the database and the space left, when a write failed for want of space (H2
	 *         says "No space left", or only that writing failed while the file's disk is all but full); else null
	 */
	static StorageException diskFull(final Throwable e, final String location, final String action) {
		String msg = "";
		for (Throwable t = e; t != null; t = t.getCause())
			msg += " " + t.getMessage();
		if (!msg.contains("No space left") && !msg.contains("Writing to")) return null;
		long free = -1;
		try {
			final Path p = Paths.get(location).toAbsolutePath();
			free = java.nio.file.Files.getFileStore(java.nio.file.Files.exists(p) ? p : p.getParent()).getUsableSpace();
		}
		catch (final java.io.IOException | RuntimeException unknown) {
			// a URL, or a folder gone: the space left is not known
		}
		if (!msg.contains("No space left") && (free < 0 || free > 64L << 20)) return null;
		return new DiskFullException(null, location, free, e);
	}

	/** Turns a failure of H2's store itself (not wrapped in an SQLException) into ours. */
	static RuntimeException translateStore(final RuntimeException e, final String location, final String action) {
		final StorageException full = diskFull(e, location, action);
		return full != null ? full : new StorageException("Could not " + action + " in " + location + ": " + e
			.getMessage(), e);
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

	private static String firstLine(final String s) {
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	private void checkSchema(final boolean create) {
		try (Statement st = connection.createStatement()) {
			if (hasTable(SCHEMA_TABLE)) {
				try (ResultSet rs = st.executeQuery("SELECT VERSION FROM " + SCHEMA_TABLE)) {
					schemaVersion = rs.next() ? rs.getInt(1) : 0;
				}
				connection.commit();
				if (schemaVersion == 1 || schemaVersion == SCHEMA_VERSION) return;
				throw new IllegalStateException("Database " + location + " has image-stack schema version " +
					schemaVersion + "; this version of ImageStack-H2 reads versions 1 and " + SCHEMA_VERSION);
			}
			if (file == null && !create && !hasAnyTable()) throw new NoSuchDatabaseException(location +
				" (it holds no image stacks yet)");
			if (!create || hasAnyTable()) throw new CorruptDatabaseException("Database " + location + " is " +
				(dialect == H2Dialect.INSTANCE ? "an H2" : "a " + dialect.product()) + " database but holds no image " +
				"stacks (no " + SCHEMA_TABLE + " table; other tables there): use a database (PostgreSQL: or a schema, " +
				"?currentSchema=...) of their own", null);
			Schema.create(st, dialect);
			schemaVersion = SCHEMA_VERSION;
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

	/**
	 * Before a file with a record of its saves is opened for writing, reads its stacks' save counters on a read-only
	 * connection (H2 writes nothing then, so a damaged file is not "repaired" by the check).
	 *
	 * @return whether the comparison was made (not when there is no record, or the read-only connection could not be
	 *         had, e.g. the file is locked: then the writable connection compares)
	 * @throws CorruptDatabaseException when the file holds an older save than recorded, or cannot be read
	 */
	private static boolean checkReadOnly(final String url, final Path dbFile, final String location) {
		if (!java.nio.file.Files.exists(SaveRecord.of(dbFile)) || !java.nio.file.Files.exists(dbFile)) return false;
		final java.util.Properties login = new java.util.Properties();
		Credentials.h2(url, login);
		try (Connection c = org.h2.Driver.load().connect(url.replace(";IFEXISTS=TRUE", "") +
			";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", login))
		{
			final H2Database db = new H2Database(location, null, c, H2Dialect.INSTANCE);
			db.checkSaves(dbFile);
			return true;
		}
		catch (final SQLException e) {
			final RuntimeException t = translate(e, location, "open");
			if (t instanceof CorruptDatabaseException) throw t;
			return false; // locked, a table missing (not a stack database): the writable open says so
		}
	}

	/**
	 * An existing file too short to be an H2 database (H2 writes two 4 KiB headers first) is refused before H2 sees
	 * it: H2 would otherwise take an empty file for a new database and write into it.
	 */
	private static void refuseNonDatabase(final Path dbFile) {
		try {
			if (java.nio.file.Files.isRegularFile(dbFile) && java.nio.file.Files.size(dbFile) < 8192)
				throw new CorruptDatabaseException("Database " + dbFile + " is damaged or not an H2 database (only " +
					java.nio.file.Files.size(dbFile) + " bytes); it was not opened and is left as it is", null);
		}
		catch (final java.io.IOException e) {
			// unreadable: H2's open says why
		}
	}

	/** Compares the stacks' save counters with the record beside the file (see {@link SaveRecord}). */
	private void checkSaves() {
		checkSaves(file());
	}

	private void checkSaves(final Path dbFile) {
		if (!java.nio.file.Files.exists(SaveRecord.of(dbFile))) return;
		final java.util.Map<Long, Long> versions = new java.util.HashMap<>();
		final java.util.Map<Long, String> names = new java.util.HashMap<>();
		try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
			"SELECT ID, NAME, VERSION FROM STACKS"))
		{
			while (rs.next()) {
				versions.put(rs.getLong(1), rs.getLong(3));
				names.put(rs.getLong(1), rs.getString(2));
			}
			connection.commit();
		}
		catch (final SQLException e) {
			final int code = e.getErrorCode();
			if (code == ErrorCode.COLUMN_NOT_FOUND_1 || code == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1 ||
				code == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1) return; // version 1, or no stacks yet
			throw translate(e, location, "read the catalog");
		}
		SaveRecord.checkVersions(dbFile, versions, names);
	}

	/** Records a save of a stack beside the file, after it was committed and synced (no-op for a server). */
	void recordSave(final long stackId, final long version) {
		if (file != null) SaveRecord.write(file(), stackId, version);
	}

	/** Table names in the current schema (H2: {@code PUBLIC}; PostgreSQL: the URL's {@code currentSchema}). */
	private static final String TABLES = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = " +
		"CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE'";

	private boolean hasTable(final String name) throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement(TABLES + " AND UPPER(TABLE_NAME) = ?")) {
			ps.setString(1, name);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() && rs.getLong(1) > 0;
			}
		}
	}

	private boolean hasAnyTable() throws SQLException {
		try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLES)) {
			return rs.next() && rs.getLong(1) > 0;
		}
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

	/**
	 * Bounds H2's unsaved pages: an embedded H2 keeps written pages on the heap until about 20 MB have gathered and
	 * then serialises them into one buffer of that size, which is more than small heaps can spare next to the cells.
	 * Past {@value #UNSAVED_LIMIT} bytes this stores them (H2's own store of pages: not a transaction commit; the open
	 * transaction stays open and can still be rolled back). Does nothing for a server. Below 4 MB on purpose: H2
	 * serialises a store into a buffer it keeps for the next one only up to 4 MB; at 4 MB of unsaved pages every store
	 * allocated a new buffer of 5-7 MB (a humongous object for G1 in a small heap: measured, 150 of them while adding
	 * 671 MB). At 2 MB ingest was faster (276 against 195 MB/s, one run each), the file 1.17 x the stack's bytes instead
	 * of 1.07 x (more stores, more of H2's own pages rewritten).
	 */
	void boundUnsaved() {
		final org.h2.mvstore.MVStore store = mvStore();
		try {
			if (store != null && store.getUnsavedMemory() > UNSAVED_LIMIT) store.commit();
		}
		catch (final org.h2.mvstore.MVStoreException e) {
			throw translateStore(e, location, "write");
		}
	}

	private static final int UNSAVED_LIMIT = 2 << 20;

	private org.h2.mvstore.MVStore mvStore() {
		if (!(connection instanceof org.h2.jdbc.JdbcConnection)) return null;
		final org.h2.engine.Session session = ((org.h2.jdbc.JdbcConnection) connection).getSession();
		if (!(session instanceof org.h2.engine.SessionLocal)) return null;
		final org.h2.mvstore.db.Store store = ((org.h2.engine.SessionLocal) session).getDatabase().getStore();
		return store == null ? null : store.getMvStore();
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

	/**
	 * Closes the connection; uncommitted changes are discarded. Closing twice, or after the connection dropped, is
	 * harmless.
	 */
	@Override
	public void close() {
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
	 * Compacts a database: space left by deleted or replaced planes is given back to the file system (H2's
	 * {@code SHUTDOWN COMPACT}, about 16 s per GB of live data measured on this kind of machine, no other connection
	 * may be open; PostgreSQL's {@code VACUUM FULL}, which locks the stacks' tables meanwhile). Worth it after
	 * deleting stacks or rewriting most planes. As {@link StackDatabase#compact()}.
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
