package org.imagestack.servers;

import org.imagestack.Required;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;


/**
 * A real PostgreSQL server for the tests, started once per JVM from Debian's binaries ({@code initdb},
 * {@code pg_ctl} under {@code /usr/lib/postgresql/<version>/bin}, or the folder {@code PG_BIN} names) in a temporary
 * data directory, listening on a free loopback port; stopped and deleted when the JVM exits. PostgreSQL refuses to
 * run as root: as root the server runs as the system user {@code imagestack-test} (made with {@code useradd} when
 * missing), which owns the data directory.
 * <p>
 * The superuser {@code postgres} logs in without password; every other role needs its password (SCRAM), so that
 * tests of logins go through the driver's password file. Each test gets a schema of its own in database
 * {@code imagestack} ({@link #newDatabase()}). When the server cannot be started the tests are skipped, saying why.
 * </p>
 */
public final class PostgresTestServer {

	private static final String USER = "imagestack-test";
	private static final AtomicInteger SCHEMAS = new AtomicInteger();
	private static PostgresTestServer instance;
	private static String failure;

	private final Path dir;
	private final Path bin;
	private final int port;

	private PostgresTestServer(final Path dir, final Path bin, final int port) {
		this.dir = dir;
		this.bin = bin;
		this.port = port;
	}

	/** @return the running server; skips the calling test (with the reason) when it cannot be started */
	public static synchronized PostgresTestServer get() {
		if (instance == null && failure == null) {
			try {
				instance = start();
			}
			catch (final Exception e) {
				failure = e.getMessage();
			}
		}
		Required.present(failure == null, "PostgreSQL server not started: " + failure);
		return instance;
	}

	private static PostgresTestServer start() throws IOException, InterruptedException {
		final Path bin = binaries();
		final boolean root = "root".equals(System.getProperty("user.name"));
		if (root) run(null, List.of("sh", "-c", "id -u " + USER + " >/dev/null 2>&1 || useradd --system " +
			"--no-create-home --shell /usr/sbin/nologin " + USER), 30);
		final Path dir = Files.createTempDirectory("imagestack-pg");
		if (root) run(null, List.of("chown", USER, dir.toString()), 10);
		final Path data = dir.resolve("data");
		run(root ? USER : null, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
			"-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"), 120);
		// overwrites the file initdb made (keeping its owner): local and the superuser trusted, other roles by password
		Files.write(data.resolve("pg_hba.conf"), ("local all all trust\nhost all postgres 127.0.0.1/32 trust\n" +
			"host all all 127.0.0.1/32 scram-sha-256\n").getBytes(StandardCharsets.US_ASCII));
		IOException last = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			final int port = freePort();
			try {
				run(root ? USER : null, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir
					.resolve("log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir +
						" -c listen_addresses=127.0.0.1 -c max_connections=60", "start"), 90);
				final PostgresTestServer s = new PostgresTestServer(dir, bin, port);
				Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
				try (Connection c = s.admin("postgres"); Statement st = c.createStatement()) {
					st.execute("CREATE DATABASE imagestack");
				}
				return s;
			}
			catch (final IOException | SQLException e) {
				last = new IOException(e.getMessage() + "; server log: " + tail(dir.resolve("log")), e);
			}
		}
		throw last;
	}

	/** @return the folder of initdb and pg_ctl: {@code PG_BIN}, else the newest under /usr/lib/postgresql */
	private static Path binaries() throws IOException {
		final String env = System.getenv("PG_BIN");
		if (env != null) return Paths.get(env);
		final File[] versions = new File("/usr/lib/postgresql").listFiles(f -> new File(f, "bin/initdb").canExecute());
		if (versions == null || versions.length == 0) throw new IOException("no initdb under /usr/lib/postgresql/*/bin " +
			"(install Debian's postgresql package: apt-get install postgresql; .ci/run does) and PG_BIN is not set");
		Arrays.sort(versions, Comparator.comparingInt(f -> f.getName().matches("\\d+") ? Integer.parseInt(f
			.getName()) : 0));
		return versions[versions.length - 1].toPath().resolve("bin");
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	/** Runs a command (as {@code user} when given, through runuser), failing with its output. */
	private static void run(final String user, final List<String> command, final int seconds) throws IOException,
		InterruptedException
	{
		final List<String> cmd = new ArrayList<>();
		if (user != null) cmd.addAll(List.of("runuser", "-u", user, "--"));
		cmd.addAll(command);
		final Path out = Files.createTempFile("imagestack-pg-cmd", ".log");
		try {
			final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).directory(
				new File("/tmp")).start();
			if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IOException(String.join(" ", cmd) + " did not finish in " + seconds + " s");
			}
			if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " +
				tail(out));
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	private static String tail(final Path file) {
		try {
			final String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
			return s.length() > 1500 ? s.substring(s.length() - 1500) : s;
		}
		catch (final IOException e) {
			return "(no output)";
		}
	}

	/** Stops the server at once and deletes its data. */
	private void stop() {
		try {
			run("root".equals(System.getProperty("user.name")) ? USER : null, List.of(bin.resolve("pg_ctl")
				.toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 60);
		}
		catch (final IOException | InterruptedException e) {
			// leave it: the JVM is ending
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			// best effort
		}
	}

	/** @return the server's port on 127.0.0.1 */
	public int port() {
		return port;
	}

	/** @return a URL of database {@code imagestack} as {@code postgres}, in a new empty schema */
	public String newDatabase() {
		final String schema = "test_" + SCHEMAS.incrementAndGet();
		try (Connection c = admin("imagestack"); Statement st = c.createStatement()) {
			st.execute("CREATE SCHEMA " + schema);
		}
		catch (final SQLException e) {
			throw new IllegalStateException(e);
		}
		return url("postgres", schema);
	}

	/** @return a URL of database {@code imagestack} for a user (no password in it), in a schema */
	public String url(final String user, final String schema) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/imagestack?user=" + user + "&currentSchema=" + schema;
	}

	/** @return the schema a URL of {@link #url} names */
	public static String schemaOf(final String url) {
		return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
	}

	/** @return a connection as the superuser to a database (auto-commit on) */
	public Connection admin(final String database) throws SQLException {
		final Properties p = new Properties();
		p.setProperty("user", "postgres");
		return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
	}
}
