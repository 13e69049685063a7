package org.imagestack.sql;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * A second connection to a stack's database that reads cells as last committed, beside the stack's own connection
 * (which holds the open transaction, one statement at a time): while a map's workers write changed cells through
 * the stack's connection, the next cells are read through this one, and both cores work. Which cells may be read
 * here is the stack's store's to say ({@link CellStore#committed}). Opened on first use, in auto-commit (it holds no
 * snapshot that would keep old versions in the file); when it cannot be opened, reads stay on the stack's connection.
 */
final class CommittedReader implements AutoCloseable {

	private final Supplier<H2Database> opener;
	private H2Database db;
	private CellStore store;
	private boolean unavailable;

	/** @param opener opens another connection to the same database */
	CommittedReader(final Supplier<H2Database> opener) {
		this.opener = opener;
	}

	/** @return the reading store, or null when there is none (reads go through the stack's connection) */
	synchronized CellStore store() {
		if (store != null || unavailable) return store;
		try {
			db = opener.get();
			db.connection().setAutoCommit(true);
			store = new CellStore(db);
		}
		catch (final RuntimeException | SQLException e) {
			unavailable = true; // e.g. a server's connection limit: slower, not wrong
			close();
		}
		return store;
	}

	/** Closes the connection (a later {@link #store()} gives null). */
	@Override
	public synchronized void close() {
		unavailable = true;
		store = null;
		if (db == null) return;
		try {
			db.connection().close(); // nothing to roll back: it only reads, in auto-commit
		}
		catch (final SQLException e) {
			// gone already
		}
		db = null;
	}
}
