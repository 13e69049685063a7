package org.imagestack.servers;

import org.imagestack.Required;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.h2.tools.Server;

/**
 * A real H2 TCP server for the tests ({@code org.h2.tools.Server}) on a free loopback port, its databases in a
 * temporary folder ({@code -baseDir}). It lets clients create databases ({@code -ifNotExists}: H2 refuses remote
 * creation otherwise, since anyone reaching the port could make files; fine on loopback in a test). One shared
 * server per JVM ({@link #get()}), or private ones a test may stop and restart ({@link #startPrivate}).
 */
public final class H2TestServer {

	private static final AtomicInteger DATABASES = new AtomicInteger();
	private static H2TestServer shared;
	private static String failure;

	private final Path dir;
	private final boolean ifNotExists;
	private Server server;
	private int port;

	private H2TestServer(final Path dir, final boolean ifNotExists) {
		this.dir = dir;
		this.ifNotExists = ifNotExists;
	}

	/** @return the shared running server; skips the calling test (with the reason) when it cannot be started */
	public static synchronized H2TestServer get() {
		if (shared == null && failure == null) {
			try {
				shared = startPrivate(true);
				final H2TestServer s = shared;
				Runtime.getRuntime().addShutdownHook(new Thread(s::delete));
			}
			catch (final IOException | SQLException e) {
				failure = e.toString();
			}
		}
		Required.present(failure == null, "H2 server not started: " + failure);
		return shared;
	}

	/**
	 * @param ifNotExists whether remote clients may create databases
	 * @return a new running server of the caller's own (stop and delete it)
	 */
	public static H2TestServer startPrivate(final boolean ifNotExists) throws IOException, SQLException {
		final H2TestServer s = new H2TestServer(Files.createTempDirectory("imagestack-h2server"), ifNotExists);
		s.start(0);
		return s;
	}

	private void start(final int onPort) throws SQLException {
		server = ifNotExists ? Server.createTcpServer("-tcpPort", Integer.toString(onPort), "-baseDir", dir.toString(),
			"-ifNotExists") : Server.createTcpServer("-tcpPort", Integer.toString(onPort), "-baseDir", dir.toString());
		server.start();
		port = server.getPort();
	}

	/** Stops the server: its clients' connections drop. */
	public void stop() {
		server.stop();
	}

	/** Starts the server again on the same port. */
	public void restart() throws SQLException {
		start(port);
	}

	/** Stops the server and deletes its databases. */
	public void delete() {
		stop();
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			// best effort
		}
	}

	/** @return the URL of a database on this server that does not exist yet */
	public String newDatabase() {
		return url("db-" + DATABASES.incrementAndGet());
	}

	/** @return the URL of database {@code name} on this server */
	public String url(final String name) {
		return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + name;
	}

	/** @return the folder holding the server's database files */
	public Path baseDir() {
		return dir;
	}
}
