package org.imagestack.sql.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.imagestack.sql.h2.H2Dialect;

/** Database files for the store's tests: changed behind ImageStack-H2's back, made older, opened read-only. */
final class StoreFiles {

	private StoreFiles() {}

	/** @param db the database as ImageStack-H2 names it (a path without {@code .mv.db}) */
	static Connection raw(final String db, final String settings) throws SQLException {
		final Properties login = new Properties();
		login.setProperty("user", "sa");
		login.setProperty("password", "");
		return org.h2.Driver.load().connect("jdbc:h2:file:" + db + settings, login);
	}

	/** Runs SQL on the file as another program (or a damaged byte) would. */
	static void behindItsBack(final String db, final String... statements) throws SQLException {
		try (Connection c = raw(db, ""); Statement st = c.createStatement()) {
			for (final String s : statements)
				st.execute(s);
		}
	}

	/** Makes the file one of schema version 3, as that version wrote it: no codec column, rows sealed without it. */
	static void makeVersion3(final String db) throws SQLException {
		try (Connection c = raw(db, ""); Statement st = c.createStatement()) {
			st.execute("ALTER TABLE STACKS DROP COLUMN CODEC");
			st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = 3");
			RowChecks.sealAll(c, 3);
		}
	}

	/** Makes the file one of schema version 2: no row checksums, no codec. */
	static void makeVersion2(final String db) throws SQLException {
		try { // a record of saves is written by version 3 on
			java.nio.file.Files.deleteIfExists(Path.of(db + ".mv.db.saves"));
		}
		catch (final java.io.IOException e) {
			throw new IllegalStateException(e);
		}
		behindItsBack(db, "ALTER TABLE PLANES DROP COLUMN ROW_CRC", "ALTER TABLE STACKS DROP COLUMN ROW_CRC",
			"ALTER TABLE STACKS DROP COLUMN CODEC", "UPDATE IMAGESTACK_SCHEMA SET VERSION = 2");
	}

	/** Seals every row again after a change behind its back, as if the change had been written by ImageStack-H2. */
	static void reseal(final String db) throws SQLException {
		try (Connection c = raw(db, "")) {
			RowChecks.sealAll(c, schemaVersion(db, c));
		}
	}

	static int schemaVersion(final String db) throws SQLException {
		try (Connection c = raw(db, "")) {
			return schemaVersion(db, c);
		}
	}

	private static int schemaVersion(final String db, final Connection c) throws SQLException {
		try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION FROM IMAGESTACK_SCHEMA")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	/** @return the database opened read-only (H2's {@code ACCESS_MODE_DATA=r}), as a read-only login sees it */
	static Database readOnly(final String db) throws SQLException {
		final Connection c = raw(db, ";ACCESS_MODE_DATA=r");
		c.setAutoCommit(false);
		return Database.connected("read-only " + db, c, H2Dialect.INSTANCE, false);
	}

	static Path file(final String db) {
		return Path.of(db + ".mv.db");
	}
}
