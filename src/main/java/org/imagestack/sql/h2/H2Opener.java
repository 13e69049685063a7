package org.imagestack.sql.h2;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.ErrorCode;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.sql.store.Credentials;
import org.imagestack.sql.store.Database;

/**
 * Opens H2 databases: a file path (embedded, in this JVM) or any {@code jdbc:h2:} URL (an H2 server too). File
 * databases are opened with {@code WRITE_DELAY=0} (see {@link H2File#url}); opens of one file in this JVM take turns;
 * the record of saves beside the file is compared before the database is handed out.
 * <p>
 * An embedded file is opened by one process at a time: a second one gets a {@link DatabaseLockedException}. To
 * share a file, open it with {@code autoServer} in every process (H2's {@code AUTO_SERVER=TRUE}; the second process
 * connects through the first), or run an H2 server and use a {@code jdbc:h2:tcp://} URL.
 * </p>
 */
public final class H2Opener {

	private H2Opener() {}

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
	public static Database open(final String database) {
		return open(database, false, false);
	}

	/**
	 * Opens a database, creating the file and its tables when missing (what saving a new stack does).
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return the open database
	 */
	public static Database openOrCreate(final String database) {
		return open(database, false, true);
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param autoServer whether to share a file database between processes (H2's {@code AUTO_SERVER=TRUE}; every
	 *          process opening it must say so)
	 * @param create whether to create a missing database (else it is an error); a file this call began is removed
	 *          again when the open fails (a full disk), unless another process holds it
	 * @return the open database
	 */
	public static Database open(final String database, final boolean autoServer, final boolean create) {
		if (database == null || database.trim().isEmpty()) throw new IllegalArgumentException(
			"No database given: name a file (e.g. crack.h2) or a jdbc:h2: URL");
		final Path file = H2File.filePath(database);
		if (file == null && H2File.inMemory(database)) throw new IllegalArgumentException("Database " + Credentials
			.strip(database) + " is an H2 in-memory database: it is gone when its last connection closes, so a " +
			"saved stack could not be kept. Name a file (e.g. crack.h2 or jdbc:h2:/path/crack) instead, or use a " +
			"MemoryImageStack for planes that need not be saved");
		final Path dbFile = file == null ? null : Paths.get(file + H2File.SUFFIX);
		final String location = dbFile != null ? dbFile.toString() : Credentials.strip(database);
		if (!create && dbFile != null && !java.nio.file.Files.isRegularFile(dbFile)) throw new NoSuchDatabaseException(
			location);
		if (dbFile != null) H2File.refuseNonDatabase(dbFile);
		if (dbFile != null && !H2File.ciphered(database)) FileLook.refuseEncrypted(dbFile, location);
		final boolean creating = create && dbFile != null && !java.nio.file.Files.exists(dbFile);
		if (creating) { // H2 would say "IO Exception"
			final org.imagestack.ReadOnlyDatabaseException readOnly = org.imagestack.ReadOnlyDatabaseException.ofFile(
				dbFile, "create database " + dbFile, null);
			if (readOnly != null) throw readOnly;
		}
		try {
			return connect(database, file, dbFile, location, autoServer, create);
		}
		catch (final RuntimeException | Error e) {
			// not when another process holds the file: it made it meanwhile, and it is theirs
			if (creating && !(e instanceof DatabaseLockedException)) removeCreated(dbFile, e);
			throw e;
		}
	}

	/**
	 * A database file this call created and could not finish (a full disk, a folder without rights) is removed, so
	 * that no empty or half-written file is left to be reported as damaged by the next try.
	 */
	private static void removeCreated(final Path dbFile, final Throwable failure) {
		for (final Path p : new Path[] { dbFile, Paths.get(dbFile + ".saves") })
			try {
				java.nio.file.Files.deleteIfExists(p);
			}
			catch (final java.io.IOException | RuntimeException e) {
				failure.addSuppressed(e);
			}
	}

	private static Database connect(final String database, final Path file, final Path dbFile, final String location,
		final boolean autoServer, final boolean create)
	{
		String url = H2File.url(database, file, autoServer) + (create ? "" : ";IFEXISTS=TRUE");
		final Connection c;
		final FileLook look;
		final boolean existing = dbFile != null && java.nio.file.Files.isRegularFile(dbFile);
		synchronized (H2File.openingLock(file)) { // opens of one file in this JVM take turns
			// an existing file is looked at read-only first: what would be refused is refused before H2 writes to it
			look = dbFile == null ? FileLook.NONE : FileLook.of(url, dbFile, location, create);
			// WRITE_DELAY=0 makes H2 write at once what its open changed: an existing file gets it at its first write
			if (existing) url = url.replace(";WRITE_DELAY=0", "");
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
		final Runnable checkSaves = dbFile == null || look.savesChecked ? null : () -> H2File.checkSaves(c, dbFile,
			location);
		final EmbeddedStore store = EmbeddedStore.of(c, location, dbFile);
		if (store != null && existing) store.setWriteDelayAtFirstWrite();
		return Database.local(location, dbFile, c, H2Dialect.INSTANCE, store, checkSaves, create);
	}
}
