package org.imagestack.sql;

import org.imagestack.DiskFullException;
import org.imagestack.PixelType;
import org.imagestack.StackNames;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.cache.MemoryPressure;
import org.imagestack.sql.cells.CellShape;
import org.imagestack.sql.cells.PagedPlanes;
import org.imagestack.sql.store.Catalog;
import org.imagestack.sql.store.CellStore;
import org.imagestack.sql.store.CommittedReader;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.JdbcStackCells;

/**
 * What an open {@link SqlImageStack} stands on, and what becomes of it when things go wrong: the stack's address, its
 * own connection and its plane list, opened together, replaced together when {@link #reload()} reconnects after the
 * connection was lost, and closed together; a stack closed, a transaction lost, a disk full or a heap run out are
 * told in words here. Changed only under the stack's lock (reload, close); read from any thread.
 */
final class StackSession {

	/** The stacks open in this JVM on database files (see {@link #openOn}). */
	private static final java.util.Set<StackSession> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final DatabaseAddress address;
	/** The stack's own connection and planes: replaced together when {@link #reload()} reconnects. */
	private volatile Database db;
	private volatile PagedPlanes planes;
	private volatile boolean closed;

	private StackSession(final DatabaseAddress address, final Database db, final PagedPlanes planes) {
		this.address = address;
		this.db = db;
		this.planes = planes;
	}

	/**
	 * Opens (or creates, unsaved) a stack on a connection of its own.
	 *
	 * @param type the new stack's type when {@code create}, else ignored
	 * @param codec how the new stack's cells are compressed when {@code create}, else ignored
	 */
	static StackSession open(final DatabaseAddress address, final String stackName, final PixelType type,
		final org.imagestack.Compression codec, final double maxSizeMb, final boolean create)
	{
		final String name = create ? StackNames.check(stackName) : StackRules.lookupName(stackName);
		final long budget = StackRules.budgetBytes(maxSizeMb);
		final Database db = address.open(create);
		try {
			final StackSession s = new StackSession(address, db, planes(address, db, name, create ? type : null, codec,
				budget));
			if (db.file() != null) OPEN.add(s);
			return s;
		}
		catch (final RuntimeException | Error e) {
			db.close();
			throw e;
		}
	}

	/** @return the planes of stack {@code name} on {@code db}: a new one (uncommitted) when {@code type} is given */
	private static PagedPlanes planes(final DatabaseAddress address, final Database db, final String name,
		final PixelType type, final org.imagestack.Compression codec, final long budget)
	{
		final Catalog catalog = new Catalog(db);
		final StackRecord record = type != null ? catalog.createStack(name, type, CellShape.DEFAULT_CELL_BYTES, codec)
			: catalog.requireStack(name);
		return new PagedPlanes(new JdbcStackCells(new CellStore(db), new CommittedReader(() -> address.open(false)),
			catalog, record), record, budget);
	}

	/**
	 * @param file a database file
	 * @return what is open on it in this JVM, for messages: "stack 'a' (with unsaved changes)", or null when nothing
	 */
	static String openOn(final java.nio.file.Path file) {
		for (final StackSession s : OPEN) {
			final Database d = s.db;
			if (s.closed || d == null || !file.equals(d.file())) continue;
			boolean unsaved;
			try {
				unsaved = s.planes.hasChanges();
			}
			catch (final RuntimeException e) {
				unsaved = true; // cannot tell: say so rather than lose it
			}
			return "stack '" + s.planes.name() + "'" + (unsaved ? " (with unsaved changes)" : "");
		}
		return null;
	}

	DatabaseAddress address() {
		return address;
	}

	/** @return the stack's connection now */
	Database db() {
		return db;
	}

	/** @return the stack's planes now, whether or not the stack is open */
	PagedPlanes planes() {
		return planes;
	}

	/** @return whether {@link #close()} was called */
	boolean isClosed() {
		return closed;
	}

	/**
	 * @return the stack's planes
	 * @throws IllegalStateException when the stack is closed
	 * @throws org.imagestack.TransactionLostException when its transaction was lost
	 */
	PagedPlanes open() {
		if (closed) throw new IllegalStateException("Stack '" + planes.name() + "' in " + db.location() +
			" is closed: open it again with loadFromDatabase");
		db.requireUsable();
		return planes;
	}

	/**
	 * Runs storage work, telling the user in words when the disk is full or the heap ran out (nothing saved is lost).
	 */
	void memory(final Runnable work) {
		try {
			work.run();
		}
		catch (final DiskFullException e) {
			throw e.forStack(planes.name());
		}
		catch (final OutOfMemoryError e) {
			throw new StorageException("Out of memory in stack '" + planes.name() + "' of " + db.location() +
				" (cell budget " + Math.round(planes.budget() / 1024.0 / 1024.0) + " MB of a " + MemoryPressure
					.maxHeap() / 1024 / 1024 + " MB heap): nothing saved is lost; lower the budget (setMaxSizeMb, or " +
				"Budget in the dialogs) or give Java more memory (-Xmx, Edit > Options > Memory in ImageJ)", e);
		}
	}

	/** Saves the open stack (see {@link SqlImageStack#saveState()}), unless its connection is found gone. */
	void save() {
		open();
		if (!db.isUsable()) throw db.gone("Stack '" + planes.name() + "' lost its connection to " + db.location() +
			" (the server is gone, or H2 closed the database after an earlier failed write): the changes since the " +
			"last save are gone; reload() continues from the last save");
		memory(() -> planes.save());
	}

	/** Returns to the last save (see {@link SqlImageStack#reload()}), reconnecting when the connection is gone. */
	void reload() {
		if (closed) open();
		try {
			if (!db.isUsable()) throw new StorageException("connection lost", null);
			if (db.isLost()) db.recover(); // the server aborted the transaction: roll it back, go on
			planes.reload();
		}
		catch (final StorageException dead) {
			reconnect(); // the connection dropped, or H2 closed the database after a failed write (a full disk)
		}
	}

	/**
	 * A new connection and plane list in place of a dropped one (a server gone, or H2 closed the database after a
	 * failed write on a full disk), at the last save with the same budget; the old cache is dropped unsaved.
	 */
	private void reconnect() {
		final long budget = planes.budget();
		final String name = planes.name();
		try {
			planes.close();
			db.close();
		}
		catch (final RuntimeException gone) {
			// the old connection is dead already
		}
		final Database fresh = address.open(false);
		try {
			planes = planes(address, fresh, name, null, null, budget);
			db = fresh;
		}
		catch (final RuntimeException | Error e) {
			fresh.close();
			throw e;
		}
	}

	/** Discards unsaved changes and closes the connection (see {@link SqlImageStack#close()}). */
	void close() {
		closed = true;
		OPEN.remove(this);
		try {
			planes.close();
			if (!db.isLost()) planes.discard();
		}
		catch (final StorageException dead) {
			if (db.isUsable()) throw dead; // else H2 closed the database after a failed write: nothing to discard
		}
		finally {
			try {
				db.close();
			}
			catch (final StorageException dead) {
				// closing a database H2 closed already
			}
		}
	}
}
