package org.imagestack.sql.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.imagestack.StorageException;

/** What the classes holding SQL share: the connection, and JDBC failures turned into our exceptions. */
public abstract class SqlWork {

	/** A JDBC call that may fail. */
	protected interface Sql<T> {

		T run() throws SQLException, IOException;
	}

	protected final Database db;
	protected final Connection c;

	public SqlWork(final Database db) {
		this.db = db;
		this.c = db.connection();
	}

	/** Runs JDBC work, translating its failure into an exception naming the database and the action. */
	protected final <T> T sql(final String action, final Sql<T> work) {
		return sql(() -> action, work);
	}

	/** As {@link #sql(String, Sql)}, the action's name made only when it failed (for work done per cell). */
	protected final <T> T sql(final java.util.function.Supplier<String> action, final Sql<T> work) {
		try {
			return work.run();
		}
		catch (final SQLException e) {
			throw db.translate(e, action.get());
		}
		catch (final IOException e) {
			throw new StorageException("Could not " + action.get() + " in " + db.location() + ": " + e.getMessage(), e);
		}
		catch (final RuntimeException e) { // the database's own store, called directly (H2's MVStore)
			throw db.dialect().translateStore(e, db.location(), action.get());
		}
	}

	/** Runs an update whose parameters are all longs. */
	protected final int update(final String statement, final long... args) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(statement)) {
			for (int i = 0; i < args.length; i++)
				ps.setLong(i + 1, args[i]);
			return ps.executeUpdate();
		}
	}
}
