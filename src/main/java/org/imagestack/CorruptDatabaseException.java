package org.imagestack;

/** The database file, or a plane in it, is damaged: H2 cannot read it, or a plane's checksum does not match. */
public class CorruptDatabaseException extends StorageException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what is damaged, naming the file (and stack, plane)
	 * @param cause the underlying error, or null
	 */
	public CorruptDatabaseException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
