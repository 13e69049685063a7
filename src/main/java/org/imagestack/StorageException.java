package org.imagestack;

/** A database stack could not be read or written; the message names the database (and stack, plane). */
public class StorageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what failed, naming the database
	 * @param cause the underlying error
	 */
	public StorageException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
