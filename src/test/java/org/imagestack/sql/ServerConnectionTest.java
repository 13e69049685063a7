package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.imagestack.NoSuchDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.TransactionLostException;
import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.sql.store.Database;
import org.imagestack.stack.AbstractImageStackTest;

/** Addresses, missing databases, dropped connections and compaction on real servers. */
@Tag("server")
class ServerConnectionTest {

	@Test
	void unsupportedUrlsListTheSupportedForms() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlImageStack.stackNames(
			"jdbc:mysql://db.example/lab?password=hunter2"));
		assertTrue(e.getMessage().contains("jdbc:h2:tcp://host:port/path") && e.getMessage().contains(
			"jdbc:postgresql://host:port/database") && e.getMessage().contains("file path"), e.getMessage());
		assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
	}

	@Test
	void missingDatabasesAreNamedOnEachServer() {
		final PostgresTestServer pg = PostgresTestServer.get();
		final String none = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/nosuchdb?user=postgres";
		NoSuchDatabaseException e = assertThrows(NoSuchDatabaseException.class, () -> SqlImageStack.stackNames(none));
		assertTrue(e.getMessage().contains(none) && e.getMessage().contains("createdb"), e.getMessage());
		final String empty = pg.newDatabase();
		e = assertThrows(NoSuchDatabaseException.class, () -> SqlImageStack.stackNames(empty));
		assertTrue(e.getMessage().contains("holds no image stacks yet"), e.getMessage());
		final String h2 = H2TestServer.get().newDatabase();
		e = assertThrows(NoSuchDatabaseException.class, () -> SqlImageStack.loadFromDatabase(h2, "s"));
		assertTrue(e.getMessage().contains(h2), e.getMessage());
	}

	/** H2's client leaves Nagle's algorithm on: a cell written to a server then waited 40 ms for an acknowledgement. */
	@Test
	void connectionsToAnH2ServerSendWithoutDelay() throws Exception {
		final String url = H2TestServer.get().newDatabase();
		SqlImageStack.create(url, "s", PixelType.UINT8, 1).close();
		try (Database db = H2Opener.open(url)) {
			final Object session = ((org.h2.jdbc.JdbcConnection) db.connection()).getSession();
			final java.lang.reflect.Field transfers = org.h2.engine.SessionRemote.class.getDeclaredField("transferList");
			transfers.setAccessible(true);
			final java.util.List<?> list = (java.util.List<?>) transfers.get(session);
			assertTrue(!list.isEmpty());
			for (final Object t : list)
				assertTrue(((org.h2.value.Transfer) t).getSocket().getTcpNoDelay(), "TCP_NODELAY on " + url);
		}
	}

	@Test
	void anH2ServerWithoutIfNotExistsCreatesNothingRemotely() throws Exception {
		final H2TestServer strict = H2TestServer.startPrivate(false);
		try {
			final StorageException e = assertThrows(StorageException.class, () -> SqlImageStack.create(strict
				.newDatabase(), "s", PixelType.UINT8, 1));
			assertTrue(e.getMessage().contains("-ifNotExists") && e.getMessage().contains("create the database on the " +
				"server first"), e.getMessage());
		}
		finally {
			strict.delete();
		}
	}

	@Test
	void aStoppedH2ServerLosesTheTransactionAndReloadReconnects() throws Exception {
		final H2TestServer server = H2TestServer.startPrivate(true);
		try {
			final String db = server.newDatabase();
			try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
				s.addImage(AbstractImageStackTest.ramp(1, 40, 30));
				s.saveState();
				s.addImage(AbstractImageStackTest.ramp(2, 40, 30));
				server.stop();
				final TransactionLostException lost = assertThrows(TransactionLostException.class, s::saveState);
				assertTrue(lost.getMessage().contains("lost its connection to " + db), lost.getMessage());
				final TransactionLostException again = assertThrows(TransactionLostException.class, s::size);
				assertTrue(again.getMessage().contains("was lost earlier"), again.getMessage());
				server.restart();
				s.reload();
				assertEquals(1, s.size(), "the last saved state");
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(1, 40, 30)), AbstractImageStackTest
					.pixels(s.get(0)));
				s.addImage(AbstractImageStackTest.ramp(3, 40, 30));
				s.saveState();
			}
			assertEquals(2, SqlImageStack.loadFromDatabase(db, "s").size());
		}
		finally {
			server.delete();
		}
	}

	@Test
	void aTerminatedPostgresBackendLosesTheTransactionAndReloadReconnects() throws Exception {
		final PostgresTestServer pg = PostgresTestServer.get();
		final String db = pg.newDatabase();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(0.5f, 16, 16));
			s.saveState();
			s.addImage(AbstractImageStackTest.constant(0.25f, 16, 16));
			try (Connection admin = pg.admin("imagestack"); Statement st = admin.createStatement()) {
				st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = " +
					"'ImageStack-H2' AND pid <> pg_backend_pid()");
			}
			final TransactionLostException lost = assertThrows(TransactionLostException.class, s::saveState);
			assertTrue(lost.getMessage().contains("lost its connection") && lost.getMessage().contains("reload()"), lost
				.getMessage());
			s.reload();
			assertEquals(1, s.size());
			assertEquals(0.5, s.get(0).getAt(15, 15).getRealDouble());
		}
	}

	@Test
	void theHandleReconnectsWhenItsConnectionDroppedWhileIdle() throws Exception {
		final H2TestServer server = H2TestServer.startPrivate(true);
		try {
			final String db = server.newDatabase();
			SqlImageStack.create(db, "a", PixelType.UINT8, 1).close();
			try (StackDatabase d = StackDatabase.open(db)) {
				server.stop();
				server.restart();
				assertEquals(List.of("a"), d.stackNames(), "listed on a new connection");
				d.copy("a", "b");
				assertEquals(List.of("a", "b"), d.stackNames());
			}
		}
		finally {
			server.delete();
		}
	}

	@Test
	void compactGivesSpaceBackOnServers() {
		for (final String db : new String[] { H2TestServer.get().newDatabase(), PostgresTestServer.get()
			.newDatabase() })
		{
			try (StackDatabase d = StackDatabase.openOrCreate(db)) {
				try (SqlImageStack s = d.createUnsaved("big", PixelType.FLOAT64, 1)) {
					for (int i = 0; i < 20; i++)
						s.addImage(net.imglib2.img.array.ArrayImgs.doubles(new double[256 * 256], 256, 256));
					s.saveState();
				}
				d.create("small", PixelType.UINT8, 1).close();
				d.delete("big");
				final long[] sizes = d.compact();
				assertTrue(sizes[0] > 20 * 256 * 256 * 8 && sizes[1] < sizes[0] / 4, db + ": " + sizes[0] + " -> " +
					sizes[1]);
				assertEquals(List.of("small"), d.stackNames(), "the handle is usable after compacting");
			}
		}
	}
}
