package org.imagestack.sql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.imagestack.StorageException;

/** What the classes holding SQL share: the connection, and JDBC failures turned into our exceptions. */
abstract class SqlWork {

	/** A JDBC call that may fail. */
	interface Sql<T> {

		T run() throws SQLException, IOException;
	}

	final H2Database db;
	final Connection c;

	SqlWork(final H2Database db) {
		this.db = db;
		this.c = db.connection();
	}

	/** Runs JDBC work, translating its failure into an exception naming the database and the action. */
	final <T> T sql(final String action, final Sql<T> work) {
		return sql(() -> action, work);
	}

	/** As {@link #sql(String, Sql)}, the action's name made only when it failed (for work done per cell). */
	final <T> T sql(final java.util.function.Supplier<String> action, final Sql<T> work) {
		try {
			return work.run();
		}
		catch (final SQLException e) {
			throw db.translate(e, action.get());
		}
		catch (final IOException e) {
			throw new StorageException("Could not " + action.get() + " in " + db.location() + ": " + e.getMessage(), e);
		}
		catch (final org.h2.mvstore.MVStoreException e) { // H2's store itself, called directly (H2FreedSpace)
			throw H2File.translateStore(e, db.location(), action.get());
		}
	}

	/** Runs an update whose parameters are all longs. */
	final int update(final String statement, final long... args) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(statement)) {
			for (int i = 0; i < args.length; i++)
				ps.setLong(i + 1, args[i]);
			return ps.executeUpdate();
		}
	}
}
