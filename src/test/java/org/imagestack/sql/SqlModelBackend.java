package org.imagestack.sql;

import java.util.concurrent.atomic.AtomicInteger;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.stack.ModelChecker;

/**
 * The database stack as a backend of the model-based test ({@link ModelChecker}) on one database (embedded or a
 * server): one stack serves every try, emptied and saved before each (opening a stack per try costs more than a try);
 * 3 x 2 planes through a 64-byte budget, so that cells page.
 */
final class SqlModelBackend implements ModelChecker.Backend {

	private static final double BUDGET_MB = 64 / 1024.0 / 1024.0;
	private static final AtomicInteger NAMES = new AtomicInteger();

	private final String db;
	private SqlImageStack current;

	/** @param db the database's location (a file path or a JDBC URL) */
	SqlModelBackend(final String db) {
		this.db = db;
	}

	@Override
	public ImageStack create(final PixelType type) {
		if (current == null || current.isClosed()) current = SqlImageStack.create(db, "model-" + NAMES
			.incrementAndGet(), type, BUDGET_MB);
		current.reload(); // what a failed try left unsaved
		current.clear();
		current.changeType(type);
		current.saveState();
		return current;
	}

	@Override
	public boolean saves() {
		return true;
	}

	@Override
	public void save(final ImageStack s) {
		((SqlImageStack) s).saveState();
	}

	@Override
	public void reload(final ImageStack s) {
		((SqlImageStack) s).reload();
	}

	@Override
	public ImageStack reopen(final ImageStack s) {
		final SqlImageStack d = (SqlImageStack) s;
		d.close();
		current = SqlImageStack.loadFromDatabase(db, d.name(), BUDGET_MB);
		return current;
	}

	@Override
	public void dispose(final ImageStack s) {
		if (s != current) ((SqlImageStack) s).close(); // a copy; the stack itself serves the next try
	}

	/** Closes the stack the tries shared. */
	void close() {
		if (current != null) current.close();
	}
}
