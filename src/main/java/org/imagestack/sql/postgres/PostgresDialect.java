package org.imagestack.sql.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DiskFullException;
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.StorageException;
import org.imagestack.sql.store.Credentials;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.Dialect;

/**
 * PostgreSQL 12 or later ({@code jdbc:postgresql://host:port/database}), through the official driver, loaded
 * directly (a plugin's class loader hides drivers from {@code DriverManager}). The database must exist (a server's
 * databases are made by its administrator, e.g. {@code createdb crack}); the stacks' tables are created in it, in
 * the URL's {@code currentSchema} if given, when the first stack is saved.
 * <p>
 * Cells are {@code BYTEA}, stored out of line without PostgreSQL's compression ({@code STORAGE EXTERNAL}: pixels
 * barely compress, and deflate is ours to choose per stack). A commit is durable when it returns (the server's
 * {@code synchronous_commit}). PostgreSQL aborts the whole transaction after any failed statement: every error
 * while a stack is open therefore loses its unsaved changes ({@link #losesTransaction} is always true), and says so.
 * </p>
 */
public final class PostgresDialect extends Dialect {

	public static final PostgresDialect INSTANCE = new PostgresDialect();

	/** Seconds to wait for the server to accept a connection. */
	private static final int CONNECT_SECONDS = 10;

	private PostgresDialect() {}

	@Override
	public String product() {
		return "PostgreSQL";
	}

	@Override
	public Database open(final String database, final String shown, final boolean create) {
		final Properties login = new Properties();
		Credentials.postgres(database, login);
		login.setProperty("connectTimeout", Integer.toString(CONNECT_SECONDS));
		login.setProperty("tcpKeepAlive", "true");
		login.setProperty("ApplicationName", "ImageStack-H2");
		final Connection c;
		try {
			c = new org.postgresql.Driver().connect(database, login);
			c.setAutoCommit(false);
			try (Statement st = c.createStatement()) {
				st.execute("SET lock_timeout = '" + LOCK_WAIT_SECONDS + "s'");
			}
			c.commit();
		}
		catch (final SQLException e) {
			throw translate(e, shown, "open");
		}
		return Database.connected(shown, c, this, create);
	}

	@Override
	public String binaryType() {
		return "BYTEA";
	}

	@Override
	public void tuneTables(final Statement st) throws SQLException {
		st.execute("ALTER TABLE CELLS ALTER COLUMN DATA SET STORAGE EXTERNAL");
	}

	@Override
	public String nextPlaneId() {
		return "SELECT nextval('PLANE_IDS')";
	}

	@Override
	public void afterCommit(final Connection c) {
		// durable on return (synchronous_commit)
	}

	@Override
	public boolean writable(final Connection c) throws SQLException {
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT has_table_privilege('STACKS', " +
			"'UPDATE') AND has_table_privilege('PLANES', 'INSERT') AND has_table_privilege('CELLS', 'INSERT') AND " +
			"has_sequence_privilege('PLANE_IDS', 'USAGE') AND current_setting('transaction_read_only') = 'off'"))
		{
			return rs.next() && rs.getBoolean(1);
		}
	}

	@Override
	public long size(final Database db) {
		try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT " +
			"pg_total_relation_size('STACKS') + pg_total_relation_size('PLANES') + pg_total_relation_size('CELLS')"))
		{
			return rs.next() ? rs.getLong(1) : -1;
		}
		catch (final SQLException e) {
			return -1;
		}
	}

	/** {@code VACUUM FULL} of the stacks' tables: rewrites them, locking them against every other use meanwhile. */
	@Override
	public void compact(final Database db) throws SQLException {
		final Connection c = db.connection();
		c.commit();
		c.setAutoCommit(true); // VACUUM runs outside transactions
		try (Statement st = c.createStatement()) {
			st.execute("VACUUM FULL STACKS, PLANES, CELLS");
		}
		finally {
			c.setAutoCommit(false);
		}
	}

	@Override
	public RuntimeException translate(final SQLException e, final String location, final String action) {
		final String state = e.getSQLState() == null ? "08000" : e.getSQLState();
		if (state.startsWith("08") || state.startsWith("57P")) return connectionLost(location, action, e);
		switch (state) {
			case "3D000":
				return new NoSuchDatabaseException(location + " (a PostgreSQL database is made by the server's " +
					"administrator, e.g. createdb; ImageStack-H2 then makes its tables in it)");
			case "28P01":
			case "28000":
				return login(location, "the URL's user= (else PGUSER, else the system user) and the password file " +
					"~/.pgpass or PGPASSFILE (else PGPASSWORD)", e);
			case "42501":
			case "25006":
				return new ReadOnlyDatabaseException(location, null, action, e);
			case "55P03":
				return lockWait(location, action, e);
			case "40P01":
			case "40001":
				return aborted(location, action, e);
			case "53100":
				return new DiskFullException(null, location + " (on the server)", -1, e);
			case "XX001":
			case "XX002":
				return new CorruptDatabaseException("Database " + location + " is damaged (" + firstLine(e) + ")", e);
			default:
				return new StorageException("Could not " + action + " in " + location + ": " + firstLine(e), e);
		}
	}

	@Override
	public boolean losesTransaction(final SQLException e) {
		return true;
	}
}
