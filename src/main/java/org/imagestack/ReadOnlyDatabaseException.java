package org.imagestack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The database cannot be written: a login without write rights (a read-only role, a standby server), or a database
 * file that is read-only itself, in a read-only folder or on a read-only file system: stacks can be opened and read,
 * but not created, changed or saved. Nothing was written.
 */
public class ReadOnlyDatabaseException extends StorageException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param location the database (no password in it)
	 * @param user the login, or null when unknown
	 * @param action what was refused, e.g. {@code save stack 'specimen'}
	 * @param cause the driver's error, or null when the refusal came before any statement was sent
	 */
	public ReadOnlyDatabaseException(final String location, final String user, final String action,
		final Throwable cause)
	{
		super("Cannot " + action + ": database " + location + " is read-only" + (user == null ? "" : " for user '" +
			user + "'") + " (stacks can be opened and read; to change or save them, connect as a user with write " +
			"rights)", cause);
	}

	private ReadOnlyDatabaseException(final String message, final Throwable cause) {
		super(message, cause);
	}

	/**
	 * A database file (or the folder it is to be made in) that cannot be written, saying which and why, or null when
	 * both can be written (the refusal came from elsewhere: a login).
	 *
	 * @param file the database file, existing or to be created
	 * @param action what was refused, e.g. {@code save stack 'specimen'}
	 * @param cause the error met, or null
	 */
	public static ReadOnlyDatabaseException ofFile(final Path file, final String action, final Throwable cause) {
		final boolean exists = Files.exists(file);
		final Path folder = file.toAbsolutePath().getParent();
		final String what;
		if (readOnlyFileSystem(exists ? file : folder)) what = "database " + (exists ? "file " + file : "folder " +
			folder) + " is on a read-only file system (" + mountOf(exists ? file : folder) + " is mounted read-only)";
		else if (exists && !Files.isWritable(file)) what = "database file " + file + " is read-only (no write " +
			"permission for this user)";
		else if (folder != null && !Files.isWritable(folder)) what = "folder " + folder + " of database " + file +
			" is read-only (no write permission for this user; the database needs to write files beside itself)";
		else return null;
		return new ReadOnlyDatabaseException("Cannot " + action + ": " + what + ". " + (exists ? "Its stacks can " +
			"still be opened and read (loadFromDatabase, stackNames, Open). To change or save them, copy " + file
				.getFileName() + " and its record of saves " + file.getFileName() + ".saves to a writable folder and " +
			"open the copy, or make the file and its folder writable" : "Choose a writable folder for the new " +
				"database"), cause);
	}

	private static boolean readOnlyFileSystem(final Path p) {
		try {
			return p != null && Files.getFileStore(p).isReadOnly();
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	private static String mountOf(final Path p) {
		try {
			final String store = Files.getFileStore(p).toString(); // "/mount/point (device)" on Linux
			final int space = store.indexOf(" (");
			return space > 0 ? store.substring(0, space) : store;
		}
		catch (final IOException | RuntimeException e) {
			return "its file system";
		}
	}
}
