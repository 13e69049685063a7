package org.imagestack;

/**
 * The database file is open in another process (H2 error 90020). An embedded H2 file is opened by one process at a
 * time; to share it, open it with {@code autoServer} in every process (H2's {@code AUTO_SERVER=TRUE}: the second
 * process connects through the first), or run an H2 server and use a {@code jdbc:h2:tcp://} URL.
 */
public class DatabaseLockedException extends StorageException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param file the database file
	 * @param cause H2's error
	 */
	public DatabaseLockedException(final String file, final Throwable cause) {
		super("Database " + file + " is in use by another process (H2 allows one process per embedded file). Close " +
			"it there, or share it: open it with autoServer=true in every process (H2's AUTO_SERVER=TRUE), or run an " +
			"H2 server and connect with a jdbc:h2:tcp://host/path URL", cause);
	}
}
