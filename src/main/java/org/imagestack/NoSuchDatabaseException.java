package org.imagestack;

/**
 * There is no database where one was to be opened. Opening (listing, loading, deleting stacks) never creates a
 * database; only saving a new stack does.
 */
public class NoSuchDatabaseException extends StorageException {

	private static final long serialVersionUID = 1L;

	/** @param location the database file or URL that does not exist */
	public NoSuchDatabaseException(final String location) {
		super("No database at " + location + " (opening never creates one: check the path, or save a stack there " +
			"first)", null);
	}
}
