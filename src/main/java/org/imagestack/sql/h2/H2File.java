package org.imagestack.sql.h2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.h2.api.ErrorCode;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.DiskFullException;
import org.imagestack.StorageException;
import org.imagestack.sql.store.Credentials;
import org.imagestack.sql.store.Database;

/**
 * The rules of an embedded H2 database file, before and around {@link Database} opens it: where the file is
 * ({@code <path>.mv.db}), the URL it is opened by (with {@code WRITE_DELAY=0} and a small page cache), one open of a
 * file at a time in this JVM, a file too short to be a database refused, the record of its saves ({@link SaveRecord})
 * compared on a read-only connection, and what H2's errors about a file mean (locked, damaged, disk full).
 */
public final class H2File {

	/** What H2 appends to a database file's path. */
	public static final String SUFFIX = ".mv.db";

	/**
	 * H2's page cache, in KB, for embedded databases (H2's default is 64 MB): small, since cells pass through it once
	 * (the stacks cache them) and pages kept a while only die later in the old generation (measured: maps faster
	 * with 2 MB than with 8 MB).
	 */
	private static final int CACHE_KB = 2 * 1024;

	/**
	 * How long H2 keeps a temporary copy of a BLOB passed in through JDBC, in ms (H2's default is 5 minutes): every cell
	 * written goes through one, which holds on to the cell's bytes until a commit after that time, even once the cell
	 * is replaced. With 5 minutes a map a minute after another reused none of the space the first had freed: the file
	 * grew by the whole stack each time; with 5 s a map saved within 5 s of the save before kept the cells it replaced
	 * until the session's next commit. A copy is only needed until the statement that stores it has run, and the
	 * stacks read every cell of a query before they commit (queries run lazily, so a cell read is the table's, not a
	 * copy): 0, every commit lets go of them. (An H2 client of an {@code AUTO_SERVER} file that commits before it
	 * reads a BLOB of a materialised result cannot read it afterwards.)
	 */
	static final int LOB_TIMEOUT_MS = 0;

	/**
	 * The H2 file system files are opened through: {@code retry:} (H2's {@code FilePathRetryOnInterrupt}) reopens the
	 * file when an interrupt closed its channel (Java closes a {@code FileChannel} when a thread blocked in it is
	 * interrupted, and H2 then closed the whole database: the save failed with "Writing to FileChannelImpl failed",
	 * the stack's connection was gone, and a close could spin). With it an interrupt never closes the database file.
	 * {@code retry:} clears the thread's interrupt flag; {@code noted:} ({@link InterruptNotingPath}) under it notes the
	 * interrupt first, so that the stacks still fail the interrupted operation and set the flag again. Over both,
	 * {@link SmallWrites} hands H2's writes down in calls of at most 256 KiB.
	 */
	static final String FILE_SYSTEM = SmallWrites.SCHEME + ":retry:" + InterruptNotingPath.SCHEME + ":";

	/**
	 * @param dbFile a database file ({@code ….mv.db})
	 * @return its name for H2's {@code MVStore} opened alone (compaction), through {@link #FILE_SYSTEM} as the
	 *         database is
	 */
	static String storeName(final Path dbFile) {
		return FILE_SYSTEM + dbFile;
	}

	/** @return the path on the disk of a file name as H2 gives it (with its file system's prefix, {@code FILE_SYSTEM}) */
	static Path diskPath(final String h2FileName) {
		String name = h2FileName;
		for (final String prefix : new String[] { FILE_SYSTEM, "file:", "nio:" })
			if (name.startsWith(prefix)) name = name.substring(prefix.length());
		return Paths.get(name);
	}

	/** Locks for opening database files in this JVM, by the file's hash (see {@link #openingLock(Path)}). */
	private static final Object[] OPENING = new Object[64];

	static {
		InterruptNotingPath.register();
		SmallWrites.register();
		for (int i = 0; i < OPENING.length; i++)
			OPENING[i] = new Object();
	}

	private H2File() {}

	/**
	 * @param database a file path (with or without H2's {@code .mv.db})
	 * @return the database file itself
	 * @throws IllegalArgumentException when {@code database} is a URL, not a file
	 */
	public static Path databaseFile(final String database) {
		final Path file = filePath(database);
		if (file == null) throw new IllegalArgumentException("Not a database file but a URL: " + Credentials.strip(
			database));
		return Paths.get(file + SUFFIX);
	}

	/**
	 * Copies a database file as it is on the disk (to recover from it), unless this JVM has it open: the copy could be
	 * torn by the writes of that handle, and closing the copy's descriptor would drop the JVM's lock on the file.
	 * Opens and closes of H2 files in this JVM wait until the copy is made (a recovery is rare; its copy must not
	 * overlap an open of the same file).
	 *
	 * @throws StorageException when this JVM has the file open
	 */
	public static void copyClosed(final Path dbFile, final Path target) throws java.io.IOException {
		if (HeldFiles.unlessHeldHere(dbFile, true, () -> {
			Files.copy(dbFile, target);
			return false;
		})) throw new StorageException("Database " + dbFile + " is open in this program: close its stacks before " +
			"recovering from it (it was not read)", null);
	}

	/**
	 * @return the file path behind a database argument (without H2's suffix), or null for a URL that is not a plain
	 *         file: every spelling of one file database gives one path: {@code crack}, {@code crack.mv.db},
	 *         {@code ~/crack} (the home folder, as H2 reads it), {@code crack/} and the URLs {@code jdbc:h2:/path},
	 *         {@code jdbc:h2:file:/path}, {@code jdbc:h2:~/path}, with or without settings of their own ({@code ;...},
	 *         kept by {@link #url}), so that each gets the same URL settings, file system and record of saves
	 * @throws IllegalArgumentException for a URL of another database, a ';' in a file name, or a folder where the file
	 *           should be
	 */
	public static Path filePath(final String database) {
		String p = database;
		if (p.regionMatches(true, 0, "jdbc:", 0, 5)) { // JDBC URLs are case-insensitive in their scheme
			if (!p.regionMatches(true, 0, "jdbc:h2:", 0, 8)) throw new IllegalArgumentException("Not an H2 URL: " +
				Credentials.strip(p));
			p = p.substring(8);
			if (p.regionMatches(true, 0, "file:", 0, 5)) p = p.substring(5);
			if (p.indexOf(';') >= 0) p = p.substring(0, p.indexOf(';')); // settings of its own: see settings()
			if (!(p.startsWith("/") || p.startsWith("~") || p.startsWith("./") || p.matches("[A-Za-z]:[\\/].*")))
				return null; // a server, mem:, another file system
		}
		else if (p.contains(";")) throw new IllegalArgumentException("A database file name cannot contain ';': " + p +
			" (H2 reads it as a setting)");
		if (p.equals("~") || p.startsWith("~/") || p.startsWith("~" + java.io.File.separator)) p = System.getProperty(
			"user.home") + p.substring(1);
		if (p.endsWith(SUFFIX)) p = p.substring(0, p.length() - SUFFIX.length());
		final Path file = Paths.get(p).toAbsolutePath().normalize();
		if (Files.isDirectory(Paths.get(file + SUFFIX))) throw new IllegalArgumentException(file + SUFFIX + " is a folder, not a database file: " +
				"name the database file (e.g. " + file.resolve("crack") + ")");
		return file;
	}

	/** @return whether a {@code jdbc:h2:} URL names an in-memory database (there or on a server), which keeps nothing */
	public static boolean inMemory(final String url) {
		final String u = url.toUpperCase(Locale.ROOT);
		final int semi = u.indexOf(';');
		final String path = semi < 0 ? u : u.substring(0, semi);
		return path.startsWith("JDBC:H2:MEM:") || (path.startsWith("JDBC:H2:TCP:") || path.startsWith("JDBC:H2:SSL:")) &&
			path.matches("JDBC:H2:(TCP|SSL)://[^/]*/MEM:.*");
	}

	/**
	 * @return the settings a {@code jdbc:h2:} URL of a file gives after its path ({@code ;CIPHER=AES;...}), or ""
	 */
	static String settings(final String database) {
		if (!database.regionMatches(true, 0, "jdbc:", 0, 5)) return "";
		final int semi = database.indexOf(';');
		return semi < 0 ? "" : database.substring(semi);
	}

	/** @return whether a file's URL names H2's file encryption ({@code CIPHER=}) */
	static boolean ciphered(final String database) {
		return settings(database).toUpperCase(Locale.ROOT).contains(";CIPHER=");
	}

	/**
	 * @return H2's URL for a database argument: a file's (any spelling, its own settings kept) through {@code retry:}
	 *         with our settings where it names none; another URL as given, with ours when embedded
	 */
	public static String url(final String database, final Path file, final boolean autoServer) {
		final StringBuilder url = new StringBuilder(file != null ? "jdbc:h2:" + FILE_SYSTEM + file + settings(database)
			: database);
		final String upper = url.toString().toUpperCase(Locale.ROOT);
		final boolean embedded = file != null || upper.startsWith("JDBC:H2:FILE:") || !upper.startsWith("JDBC:H2:TCP:") &&
			!upper.startsWith("JDBC:H2:SSL:") && !upper.startsWith("JDBC:H2:MEM:");
		if (embedded && !upper.contains(";WRITE_DELAY=")) url.append(";WRITE_DELAY=0");
		// H2's page cache (64 MB by default) comes on top of the stacks' own budgets: keep it small, planes are
		// cached by the stacks
		if (embedded && !upper.contains(";CACHE_SIZE=")) url.append(";CACHE_SIZE=").append(CACHE_KB);
		if (embedded && !upper.contains(";LOB_TIMEOUT=")) url.append(";LOB_TIMEOUT=").append(LOB_TIMEOUT_MS);
		// a query's BLOBs straight from the table: a materialised result holds a temporary copy of each (see above)
		if (embedded && !upper.contains(";LAZY_QUERY_EXECUTION=")) url.append(";LAZY_QUERY_EXECUTION=1");
		if (autoServer && !upper.contains(";AUTO_SERVER=")) url.append(";AUTO_SERVER=TRUE");
		return url.toString();
	}

	/**
	 * Opens of one file in this JVM take turns on this lock: H2 shares one open database among a JVM's connections, so
	 * a writable connection made while the read-only check's connection is open would be read-only too.
	 *
	 * @param file the file path (without H2's suffix), or null for a URL
	 * @return the lock to open under (a new one, shared with nobody, for a URL)
	 */
	public static Object openingLock(final Path file) {
		return file == null ? new Object() : OPENING[Math.floorMod(file.hashCode(), OPENING.length)];
	}

	/**
	 * An existing file too short to be an H2 database (H2 writes two 4 KiB headers first) is refused before H2 sees
	 * it: H2 would otherwise take an empty file for a new database and write into it.
	 */
	public static void refuseNonDatabase(final Path dbFile) {
		try {
			if (Files.isRegularFile(dbFile) && Files.size(dbFile) < 8192)
				throw new CorruptDatabaseException("Database " + dbFile + " is damaged or not an H2 database (only " +
					Files.size(dbFile) + " bytes); it was not opened and is left as it is", null);
		}
		catch (final java.io.IOException e) {
			// unreadable: H2's open says why
		}
	}

	/**
	 * Compares the stacks' save counters with the record beside the file (see {@link SaveRecord}).
	 *
	 * @param c a connection to the file (auto-commit off)
	 */
	public static void checkSaves(final Connection c, final Path dbFile, final String location) {
		if (!Files.exists(SaveRecord.of(dbFile))) return;
		final java.util.Map<Long, Long> versions = new java.util.HashMap<>();
		final java.util.Map<Long, String> names = new java.util.HashMap<>();
		final String fileId;
		try {
			fileId = org.imagestack.sql.store.Schema.fileId(c);
		}
		catch (final SQLException e) {
			throw translate(e, location, "read the database's id");
		}
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
			"SELECT ID, NAME, VERSION FROM STACKS"))
		{
			while (rs.next()) {
				versions.put(rs.getLong(1), rs.getLong(3));
				names.put(rs.getLong(1), rs.getString(2));
			}
			c.commit();
		}
		catch (final SQLException e) {
			final int code = e.getErrorCode();
			if (code == ErrorCode.COLUMN_NOT_FOUND_1 || code == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1 ||
				code == ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1) return; // version 1, or no stacks yet
			throw translate(e, location, "read the catalog");
		}
		SaveRecord.checkVersions(dbFile, fileId, versions, names);
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
		final String msg = String.valueOf(e.getMessage()).replace("\"" + FILE_SYSTEM, "\"");
		if (code == ErrorCode.DATABASE_ALREADY_OPEN_1) return heldElsewhere(location) ? new DatabaseLockedException(
			location, e) : new CorruptDatabaseException("Database " + location + " is damaged (H2 reads it as in use, " +
				"but no process holds it: its header is cut or damaged); it was not opened and is left as it is: copy " +
				"what can be read with SqlImageStack.recover", e);
		if (code == ErrorCode.FILE_ENCRYPTION_ERROR_1) return new StorageException("Database " + location + " is " +
			"encrypted and the file password given does not open it (" + firstLine(msg) + "); it is left as it is. " +
			"Give the file password and the user's password, separated by a space, as the password " +
			"(IMAGESTACK_DB_PASSWORD, or the file named by IMAGESTACK_DB_CREDENTIALS)", e);
		if (code == ErrorCode.FILE_CORRUPTED_1 || code == ErrorCode.FILE_VERSION_ERROR_1 || code == ErrorCode
			.IO_EXCEPTION_2 && "open".equals(action) || msg.contains(
			"corrupt") || msg.contains("Corrupt")) return new CorruptDatabaseException("Database " + location +
				" is damaged or not an H2 database (" + firstLine(msg) + ")", e);
		final StorageException full = diskFull(e, location, action);
		if (full != null) return full;
		return new StorageException("Could not " + action + " in " + location + ": " + firstLine(msg), e);
	}

	/**
	 * @return whether a database file H2 calls "already open" is held by a process (this one included): false when its
	 *         lock can be had at once, i.e. H2 misread a damaged or cut header as a lock (the lock is let go at once;
	 *         nothing is written)
	 */
	private static boolean heldElsewhere(final String location) {
		final Path p = Paths.get(location);
		if (!location.endsWith(SUFFIX) || !Files.isRegularFile(p)) return true;
		try { // held in this JVM: not opened again (closing that descriptor would drop the JVM's lock on the file)
			return HeldFiles.unlessHeldHere(p, true, () -> {
				try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
					java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE))
				{
					final java.nio.channels.FileLock lock = ch.tryLock();
					if (lock == null) return true;
					lock.release();
					return false;
				}
			});
		}
		catch (final java.io.IOException | RuntimeException e) { // OverlappingFileLockException: held in this JVM
			return true; // held in this JVM, or cannot tell: say it is in use
		}
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
			free = Files.getFileStore(Files.exists(p) ? p : p.getParent()).getUsableSpace();
		}
		catch (final java.io.IOException | RuntimeException unknown) {
			// a URL, or a folder gone: the space left is not known
		}
		if (!msg.contains("No space left") && (free < 0 || free > 64L << 20)) return null;
		return new DiskFullException(null, location, free, e);
	}

	/** Turns a failure of H2's store itself (not wrapped in an SQLException) into ours. */
	public static RuntimeException translateStore(final RuntimeException e, final String location, final String action) {
		final StorageException full = diskFull(e, location, action);
		return full != null ? full : new StorageException("Could not " + action + " in " + location + ": " + e
			.getMessage(), e);
	}

	private static String firstLine(final String s) {
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}
}
