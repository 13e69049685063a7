package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.imagestack.StorageException;
import org.imagestack.TransactionLostException;
import org.imagestack.sql.h2.H2Dialect;

/** The errors every dialect shares: what was lost, what is kept, what to do, the driver's first line, no password. */
class DialectTest {

	private static final SQLException DRIVER = new SQLException(
		"Connection refused to jdbc:h2:tcp://h/c;PASSWORD=secret\nat the second line");

	/** As {@link Mentions#assertMentions}, and the driver's password and its second line are not repeated. */
	private static void assertMentions(final Exception e, final String... parts) {
		Mentions.assertMentions(e, parts);
		assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("second line"), e.getMessage());
	}

	@Test
	void aConnectionLostWhenOpeningSaysItCannotConnect() {
		final StorageException e = Dialect.connectionLost("db", "open", DRIVER);
		assertFalse(e instanceof TransactionLostException, e.toString());
		assertEquals("Cannot connect to db: Connection refused to jdbc:h2:tcp://h/c;password=***", e.getMessage());
		assertSame(DRIVER, e.getCause());
	}

	@Test
	void aConnectionLostWhileSavingSaysTheSaveIsWholeOrNone() {
		final StorageException e = Dialect.connectionLost("db", "save", DRIVER);
		assertTrue(e instanceof TransactionLostException, e.toString());
		assertMentions(e, "db", "lost while saving", "completed whole or not at all", "reload()",
			"Connection refused to jdbc:h2:tcp://h/c;password=***");
	}

	@Test
	void aConnectionLostOtherwiseSaysTheUnsavedChangesAreGone() {
		final StorageException e = Dialect.connectionLost("db", "read plane 3", DRIVER);
		assertTrue(e instanceof TransactionLostException, e.toString());
		assertMentions(e, "db", "lost while trying to read plane 3", "not yet saved are gone", "reload()");
	}

	@Test
	void anAbortedTransactionALockWaitAndARefusedLoginSayWhatToDo() {
		assertMentions(Dialect.aborted("db", "save", DRIVER), "db", "rolled the transaction back", "to save",
			"reload() to go on");
		assertMentions(Dialect.lockWait("db", "save", DRIVER), "Could not save in db", "waited " +
			Dialect.LOCK_WAIT_SECONDS + " s", "save or close it there");
		assertMentions(Dialect.login("db", "PGPASSWORD", DRIVER), "Login to db refused", "taken from PGPASSWORD");
	}

	@Test
	void aMessageWithoutTextOrOnOneLineIsShownAsItIs() {
		assertEquals("null", Dialect.firstLine(new SQLException()));
		assertEquals("one line", Dialect.firstLine(new SQLException("one line")));
		assertEquals("", Dialect.firstLine(new SQLException("\nsecond")));
	}

	@Test
	void aDialectDescribesItsProductAndLeavesOtherFailuresAsTheyAre() {
		final Dialect plain = new Dialect() {

			@Override
			public String product() {
				return "Example";
			}

			@Override
			public Database open(final String database, final String shown, final boolean create) {
				throw new UnsupportedOperationException();
			}

			@Override
			public String binaryType() {
				return "BLOB";
			}

			@Override
			public String nextPlaneId() {
				return "";
			}

			@Override
			public void afterCommit(final java.sql.Connection c) {}

			@Override
			public boolean writable(final java.sql.Connection c) {
				return true;
			}

			@Override
			public long size(final Database db) {
				return -1;
			}

			@Override
			public void compact(final Database db) {}

			@Override
			public RuntimeException translate(final SQLException e, final String location, final String action) {
				return new StorageException(action, e);
			}

			@Override
			public boolean losesTransaction(final SQLException e) {
				return false;
			}
		};
		assertEquals("a Example", plain.described());
		final IllegalStateException e = new IllegalStateException("x");
		assertSame(e, plain.translateStore(e, "db", "read"));
		assertEquals("an H2", H2Dialect.INSTANCE.described());
	}
}
