package org.imagestack.sql;

import java.util.Locale;

import org.imagestack.sql.h2.H2Dialect;
import org.imagestack.sql.postgres.PostgresDialect;
import org.imagestack.sql.store.Credentials;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.Dialect;

/**
 * Where a database of stacks is, as a user names it: a file path (embedded H2, the default), an H2 URL (an H2
 * server: {@code jdbc:h2:tcp://host:port/path}) or a PostgreSQL URL ({@code jdbc:postgresql://host:port/database}).
 * Knows the database's {@link Dialect} and opens connections to it; the address as given may hold a password, so it
 * is kept private and only {@link #shown()} (the same without any password) is ever displayed.
 */
public final class DatabaseAddress {

	/** The forms a database argument may take, for messages. */
	static final String FORMS = "a file path (crack.h2, /data/crack: embedded H2), jdbc:h2:file:/path, " +
		"jdbc:h2:tcp://host:port/path (an H2 server) or jdbc:postgresql://host:port/database (PostgreSQL 12+)";

	private final String given;
	private final String shown;
	private final Dialect dialect;

	private DatabaseAddress(final String given, final Dialect dialect) {
		this.given = given;
		this.shown = Credentials.strip(given);
		this.dialect = dialect;
	}

	/**
	 * @param database a file path or a JDBC URL of a supported database
	 * @return its address
	 * @throws IllegalArgumentException when it is empty or a URL of another database, listing the supported forms
	 */
	static DatabaseAddress of(final String database) {
		if (database == null || database.trim().isEmpty()) throw new IllegalArgumentException("No database given: " +
			"name " + FORMS);
		final String lower = database.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:postgresql:")) return new DatabaseAddress(database, PostgresDialect.INSTANCE);
		if (lower.startsWith("jdbc:h2:") || !lower.startsWith("jdbc:")) return new DatabaseAddress(database,
			H2Dialect.INSTANCE);
		throw new IllegalArgumentException("Unsupported database URL " + Credentials.strip(database) + ": give " +
			FORMS);
	}

	/**
	 * Opens a new connection.
	 *
	 * @param create whether to create what is missing: an embedded file, an H2 server's database (when the server
	 *          allows it), the tables; never a PostgreSQL database
	 * @return the open connection, auto-commit off
	 */
	public Database open(final boolean create) {
		return dialect.open(given, shown, create);
	}

	/** @return whether this is a database server (not an embedded file) */
	boolean isServer() {
		final String lower = given.toLowerCase(Locale.ROOT);
		return lower.startsWith("jdbc:postgresql:") || lower.startsWith("jdbc:h2:tcp:") || lower.startsWith(
			"jdbc:h2:ssl:");
	}

	Dialect dialect() {
		return dialect;
	}

	/** @return the address without password */
	String shown() {
		return shown;
	}

	@Override
	public String toString() {
		return shown;
	}
}
