package org.imagestack.sql.store;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Connections to a stack's database that read cells as last committed, beside the stack's own connection (which
 * holds the open transaction, one statement at a time): while a map's workers write changed cells through the
 * stack's connection, the next cells are read through these, one worker each, and the cores work. Which cells may be
 * read here is the stack's store's to say ({@link CellStore#committed}). Up to one connection per core, each opened
 * on first need, in auto-commit (it holds no snapshot that would keep old versions in the file); when one cannot be
 * opened, reads go on with the ones there are, or through the stack's connection.
 */
public final class CommittedReader implements AutoCloseable {

	private static final int MAX = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

	private final Supplier<Database> opener;
	private final List<Database> open = new ArrayList<>();
	private final Deque<CellStore> idle = new ArrayDeque<>();
	private int busy;
	private boolean unavailable;
	private boolean closed;

	/** @param opener opens another connection to the same database */
	public CommittedReader(final Supplier<Database> opener) {
		this.opener = opener;
	}

	/**
	 * Reads through a connection of its own: an idle one, a new one while there are fewer than one per core, else the
	 * first to become idle.
	 *
	 * @param read the reading
	 * @param otherwise the reading through the stack's connection, when there is no reading connection at all
	 * @return what {@code read} returned
	 */
	public <T> T read(final Function<CellStore, T> read, final Supplier<T> otherwise) {
		final CellStore store = borrow();
		if (store == null) return otherwise.get();
		try {
			return read.apply(store);
		}
		finally {
			giveBack(store);
		}
	}

	private synchronized CellStore borrow() {
		while (true) {
			if (closed) return null;
			if (!idle.isEmpty()) {
				busy++;
				return idle.pop();
			}
			if (!unavailable && open.size() < MAX) {
				busy++;
				final CellStore made = openOne();
				if (made != null) return made;
				busy--;
			}
			if (busy == 0) return null; // none could be opened
			try {
				wait();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
	}

	private CellStore openOne() {
		Database db = null;
		try {
			db = opener.get();
			db.connection().setAutoCommit(true);
			open.add(db);
			return new CellStore(db);
		}
		catch (final RuntimeException | SQLException e) {
			unavailable = true; // e.g. a server's connection limit: slower, not wrong
			if (db != null) quietlyClose(db);
			return null;
		}
	}

	private synchronized void giveBack(final CellStore store) {
		busy--;
		if (!closed) idle.push(store);
		notifyAll();
	}

	/** Closes the connections (reads in progress finish first on theirs; later reads go through the stack's own). */
	@Override
	public synchronized void close() {
		closed = true;
		idle.clear();
		for (final Database db : open)
			quietlyClose(db);
		open.clear();
		notifyAll();
	}

	private static void quietlyClose(final Database db) {
		try {
			db.connection().close(); // nothing to roll back: it only reads, in auto-commit
		}
		catch (final SQLException e) {
			// gone already
		}
	}
}
