package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;
import org.imagestack.PixelType;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.StorageException;
import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Logins on real servers: a read-only role reads but cannot change; passwords come from the driver's password file
 * or the environment and never show in messages, toString, macro reports, the log or stack traces.
 */
@Tag("server")
class ServerLoginTest {

	@TempDir
	Path dir;

	/** Creates a role with a password and write or read-only rights on a schema; returns the password. */
	private static String role(final PostgresTestServer pg, final String name, final String schema,
		final boolean write) throws Exception
	{
		final String password = "pw-" + UUID.randomUUID();
		try (Connection c = pg.admin("imagestack"); Statement st = c.createStatement()) {
			st.execute("DROP ROLE IF EXISTS " + name);
			st.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
			st.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + name);
			st.execute("GRANT " + (write ? "ALL" : "SELECT") + " ON ALL TABLES IN SCHEMA " + schema + " TO " + name);
			if (write) st.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + name);
		}
		return password;
	}

	/** Runs {@code work} with the driver reading {@code pgpass} as its password file. */
	private static void withPasswordFile(final Path pgpass, final Runnable work) {
		final String before = System.getProperty("org.postgresql.pgpassfile");
		System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
		try {
			work.run();
		}
		finally {
			if (before == null) System.clearProperty("org.postgresql.pgpassfile");
			else System.setProperty("org.postgresql.pgpassfile", before);
		}
	}

	private static String trace(final Throwable e) {
		final StringWriter w = new StringWriter();
		e.printStackTrace(new PrintWriter(w));
		return w.toString();
	}

	@Test
	void aReadOnlyRoleReadsStacksButCannotChangeThem() throws Exception {
		final PostgresTestServer pg = PostgresTestServer.get();
		final String owner = pg.newDatabase();
		final String schema = PostgresTestServer.schemaOf(owner);
		try (SqlImageStack s = SqlImageStack.create(owner, "specimen", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(4, 30, 20));
			s.addImage(AbstractImageStackTest.ramp(5, 30, 20));
			s.saveState();
		}
		final String password = role(pg, "reader", schema, false);
		final Path pgpass = Files.write(dir.resolve("pgpass"), ("127.0.0.1:" + pg.port() + ":imagestack:reader:" +
			password + "\n").getBytes());
		final String url = pg.url("reader", schema);
		withPasswordFile(pgpass, () -> {
			assertEquals(List.of("specimen"), SqlImageStack.stackNames(url));
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(url, "specimen")) {
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(5, 30, 20)), AbstractImageStackTest
					.pixels(s.get(1)), "read through the read-only role");
				final ReadOnlyDatabaseException save = assertThrows(ReadOnlyDatabaseException.class, s::saveState);
				assertTrue(save.getMessage().contains("Cannot save stack 'specimen'") && save.getMessage().contains(
					"read-only for user 'reader'"), save.getMessage());
				final ReadOnlyDatabaseException add = assertThrows(ReadOnlyDatabaseException.class, () -> s.addImage(
					AbstractImageStackTest.ramp(6, 30, 20)));
				assertFalse(trace(save).contains(password) || trace(add).contains(password));
				assertEquals(2, s.size(), "the refusal left the stack as it was, still usable");
				assertEquals(4 + 7 * 3, s.get(0).getAt(3, 0).getRealDouble());
			}
			assertThrows(ReadOnlyDatabaseException.class, () -> SqlImageStack.deleteStack(url, "specimen"));
			assertThrows(ReadOnlyDatabaseException.class, () -> SqlImageStack.create(url, "new", PixelType.UINT8, 1));
		});
		assertEquals(List.of("specimen"), SqlImageStack.stackNames(owner), "nothing was changed");
	}

	@Test
	void aPasswordInAUrlWorksButNeverShows() throws Exception {
		final PostgresTestServer pg = PostgresTestServer.get();
		final String owner = pg.newDatabase();
		final String schema = PostgresTestServer.schemaOf(owner);
		SqlImageStack.create(owner, "s", PixelType.UINT8, 1).close();
		final String password = role(pg, "writer", schema, true);
		final String url = pg.url("writer", schema) + "&password=" + password;
		final StringBuilder seen = new StringBuilder();
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(url, "s")) {
			s.addImage(AbstractImageStackTest.ramp(1, 4, 4));
			s.saveState();
			seen.append(s).append(s.database());
			try (StackDatabase d = StackDatabase.open(url)) {
				seen.append(d).append(d.location()).append(d.listStacks());
			}
		}
		for (final Runnable failing : new Runnable[] { () -> SqlImageStack.loadFromDatabase(url, "nope"),
			() -> SqlImageStack.stackNames(url.replace(password, password + "x")), () -> SqlImageStack.stackNames(url
				.replace("/imagestack?", "/nodb?")) })
		{
			final RuntimeException e = assertThrows(RuntimeException.class, failing::run);
			seen.append(trace(e));
		}
		assertTrue(seen.toString().contains("password=***"), seen.toString());
		assertTrue(seen.toString().contains("Login to") && seen.toString().contains("refused"), seen.toString());
		assertFalse(seen.toString().contains(password), seen.toString());
	}

	@Test
	void loginsFromTheEnvironmentInAnotherProcess() throws Exception {
		final PostgresTestServer pg = PostgresTestServer.get();
		final String schema = PostgresTestServer.schemaOf(pg.newDatabase());
		SqlImageStack.create("jdbc:postgresql://127.0.0.1:" + pg.port() + "/imagestack?user=postgres&currentSchema=" +
			schema, "seed", PixelType.UINT8, 1).close();
		final String pgPassword = role(pg, "labuser", schema, true);
		final String h2Password = "h2-" + UUID.randomUUID();
		final Map<String, String> env = new HashMap<>();
		env.put("PGUSER", "labuser");
		env.put("PGPASSWORD", pgPassword);
		env.put("IMAGESTACK_DB_USER", "lab");
		env.put("IMAGESTACK_DB_PASSWORD", h2Password);
		final String pgUrl = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/imagestack?currentSchema=" + schema;
		final String h2Url = H2TestServer.get().newDatabase();
		for (final String url : new String[] { pgUrl, h2Url }) {
			final StringBuilder out = new StringBuilder();
			try (ChildJvm child = ChildJvm.start(env, "128m", LoginProbe.class, url)) {
				for (String line; (line = child.readLine()) != null;)
					out.append(line).append('\n');
			}
			assertTrue(out.toString().contains("pixel 29.0") && out.toString().contains("DONE"), out.toString());
			assertTrue(out.toString().contains("copy Copied stack 'probe'") && out.toString().contains("missing Error: No " +
				"stack named 'no such stack'") && out.toString().contains("\nlog "), out.toString());
			assertFalse(out.toString().contains(pgPassword) || out.toString().contains(h2Password), out.toString());
		}
		// the H2 database was created with that login: without it, a clear refusal naming where logins come from
		final StorageException refused = assertThrows(StorageException.class, () -> SqlImageStack.stackNames(h2Url));
		assertTrue(refused.getMessage().contains("IMAGESTACK_DB_USER"), refused.getMessage());
		assertEquals(List.of("seed", "probe", "probe-2"), SqlImageStack.stackNames(pgUrl + "&user=postgres"));
	}
}
