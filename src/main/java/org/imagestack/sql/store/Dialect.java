package org.imagestack.sql.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.imagestack.StorageException;
import org.imagestack.TransactionLostException;

/**
 * What differs between the databases that hold stacks (embedded H2, an H2 server, PostgreSQL): how to connect, the
 * few SQL statements that are not shared (binary column type, sequence, durability, compaction) and how the
 * driver's errors become ours. All other SQL is shared and lives with the classes that run it. Stateless: one
 * instance per database product.
 */
public abstract class Dialect {

	/** Seconds a statement on a server waits for a row another transaction holds before it fails. */
	public static final int LOCK_WAIT_SECONDS = 30;

	/** @return the product's name, for messages */
	public abstract String product();

	/**
	 * Connects (auto-commit off), checks the schema (creating the tables when {@code create}) and the login's rights.
	 *
	 * @param database the address as given (it may hold a password: it goes to the driver only)
	 * @param shown the address without password, for messages
	 * @param create whether to create missing tables (a server's database itself is never created here)
	 * @return the open connection
	 */
	public abstract Database open(String database, String shown, boolean create);

	/** @return the kind of database as a message names it: "a PostgreSQL", "an H2" */
	public String described() {
		return "a " + product();
	}

	/**
	 * Translates a failure of the database's own store, raised outside JDBC (an embedded H2's {@code MVStore}), into
	 * one of ours; any other exception comes back as it is.
	 */
	public RuntimeException translateStore(final RuntimeException e, final String location, final String action) {
		return e;
	}

	/** @return the SQL type of cell bytes */
	public abstract String binaryType();

	/** Runs what the dialect adds to the tables just created (storage settings). */
	public void tuneTables(final Statement st) throws SQLException {}

	/** @return a query giving one value: the next number of the {@code PLANE_IDS} sequence */
	public abstract String nextPlaneId();

	/** Makes a committed transaction durable where a commit alone does not (called right after each commit). */
	public abstract void afterCommit(Connection c) throws SQLException;

	/** @return whether this login may change the stacks (false: a read-only role, file or server) */
	public abstract boolean writable(Connection c) throws SQLException;

	/** @return bytes the database takes (its file, or the stacks' tables), or -1 when it cannot be told */
	public abstract long size(Database db);

	/** Gives space left by deleted planes back to the file system; the connection may be closed by it. */
	public abstract void compact(Database db) throws SQLException;

	/**
	 * @param e the driver's error
	 * @param location the database, without password
	 * @param action what was being done ({@code open}, {@code save}, ...), for the message
	 * @return our exception for it
	 */
	public abstract RuntimeException translate(SQLException e, String location, String action);

	/** @return whether the error ended the open transaction: the connection is gone, or the server aborted it */
	public abstract boolean losesTransaction(SQLException e);

	// -- messages shared by the dialects --

	/** @return the error for a connection that dropped (or a server that cannot be reached, when opening) */
	protected static StorageException connectionLost(final String location, final String action, final SQLException e) {
		final String why = firstLine(e);
		if ("open".equals(action)) return new StorageException("Cannot connect to " + location + ": " + why, e);
		if ("save".equals(action)) return new TransactionLostException("The connection to " + location +
			" was lost while saving (" + why + "): the save either completed whole or not at all; reload() " +
			"reconnects and shows which", e);
		return new TransactionLostException("The connection to " + location + " was lost while trying to " + action +
			" (" + why + "): the changes not yet saved are gone, the last saved state is kept; reload() reconnects", e);
	}

	/** @return the error for a transaction the server rolled back (deadlock) */
	protected static TransactionLostException aborted(final String location, final String action, final SQLException e) {
		return new TransactionLostException("The database " + location + " rolled the transaction back while trying " +
			"to " + action + " (" + firstLine(e) + "): the changes not yet saved are gone, the last saved state is " +
			"kept; reload() to go on", e);
	}

	/** @return the error for a row another transaction held too long */
	protected static StorageException lockWait(final String location, final String action, final SQLException e) {
		return new StorageException("Could not " + action + " in " + location + ": waited " + LOCK_WAIT_SECONDS +
			" s for data another handle is changing and has not saved (" + firstLine(e) + "); save or close it there", e);
	}

	/** @return the error for a refused login, saying where the login comes from */
	protected static StorageException login(final String location, final String where, final SQLException e) {
		return new StorageException("Login to " + location + " refused (" + firstLine(e) + "); the login is taken " +
			"from " + where, e);
	}

	/** @return the driver's message, first line, with no password in it */
	protected static String firstLine(final SQLException e) {
		final String s = String.valueOf(e.getMessage());
		final int nl = s.indexOf('\n');
		return Credentials.strip(nl < 0 ? s : s.substring(0, nl));
	}
}
