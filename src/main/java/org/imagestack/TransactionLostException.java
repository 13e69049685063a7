package org.imagestack;

/**
 * The open transaction of a database stack is gone: the connection to the database server dropped, or the server
 * aborted the transaction (PostgreSQL does so after any failed statement; both do after a deadlock). Every change
 * since the last save is lost; what was saved is kept whole, since a database commits all or nothing. A save that
 * was under way when the connection dropped either completed or did not happen at all: {@code reload()} (which
 * reconnects) shows which. Until then every use of the stack but {@code reload()} and {@code close()} repeats this
 * error.
 */
public class TransactionLostException extends StorageException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param message what was lost and why, naming the database (and stack)
	 * @param cause the driver's error, or null
	 */
	public TransactionLostException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
