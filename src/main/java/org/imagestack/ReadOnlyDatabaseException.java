package org.imagestack;

/**
 * The login has no right to write to the database (a read-only role, a read-only file or a standby server): stacks
 * can be opened and read, but not created, changed or saved. Nothing was written.
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
}
