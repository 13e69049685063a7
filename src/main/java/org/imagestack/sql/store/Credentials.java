package org.imagestack.sql.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Logins for database servers, taken from where the drivers and the shell keep them, never from what is recorded or
 * shown: database arguments appear in recorded macros, logs, messages and {@code toString()}, so a password must not
 * be in them.
 * <ul>
 * <li>PostgreSQL: the user from the URL ({@code ?user=}), else {@code PGUSER}, else the driver's default (the system
 * user); the password from {@code PGPASSWORD}, else the driver's own password file ({@code ~/.pgpass}, or the file
 * {@code PGPASSFILE} names; lines {@code host:port:database:user:password}).</li>
 * <li>H2 (server or file): {@code IMAGESTACK_DB_USER} / {@code IMAGESTACK_DB_PASSWORD}, else the properties file
 * named by {@code IMAGESTACK_DB_CREDENTIALS} or the Java property {@code imagestack.db.credentials} (keys
 * {@code user} and {@code password}), else H2's default login {@code sa} with an empty password.</li>
 * </ul>
 * A password written into a URL anyway ({@code password=...}, H2's {@code ;PASSWORD=...}) still works, but is cut
 * out of every place the URL is shown ({@link #strip}).
 * <p>
 * Holds nothing: the values are read at each connection and go only into the driver's properties.
 * </p>
 */
public final class Credentials {

	/** {@code password=...} as a URL parameter ({@code ?}/{@code &}) or an H2 setting ({@code ;}). */
	private static final Pattern PASSWORD = Pattern.compile("(?i)([?&;])password=[^&;\\s\"']*");

	private Credentials() {}

	/**
	 * @param text a URL, or a driver's message that may quote one
	 * @return the text without any {@code password=} value
	 */
	public static String strip(final String text) {
		return text == null ? null : PASSWORD.matcher(text).replaceAll("$1password=***");
	}

	/** Adds the H2 login to {@code login}, unless the URL itself names the user and password. */
	public static void h2(final String url, final Properties login) {
		final String upper = url.toUpperCase(java.util.Locale.ROOT);
		final Properties file = file();
		if (!upper.contains(";USER=")) login.setProperty("user", first(System.getenv("IMAGESTACK_DB_USER"), file
			.getProperty("user"), "sa"));
		if (!upper.contains(";PASSWORD=")) login.setProperty("password", first(System.getenv(
			"IMAGESTACK_DB_PASSWORD"), file.getProperty("password"), ""));
	}

	/**
	 * Adds the PostgreSQL login to {@code login} where the URL gives none; with no password given, the driver reads
	 * its password file.
	 */
	public static void postgres(final String url, final Properties login) {
		final boolean inUrl = url.contains("?");
		final String user = System.getenv("PGUSER");
		if (user != null && !user.isEmpty() && !(inUrl && url.matches("(?i).*[?&]user=.*"))) login.setProperty("user",
			user);
		final String password = System.getenv("PGPASSWORD");
		if (password != null && !(inUrl && url.matches("(?i).*[?&]password=.*"))) login.setProperty("password",
			password);
	}

	private static Properties file() {
		final Properties p = new Properties();
		final String name = first(System.getenv("IMAGESTACK_DB_CREDENTIALS"), System.getProperty(
			"imagestack.db.credentials"), null);
		if (name == null) return p;
		final Path path = Paths.get(name);
		try (InputStream in = Files.newInputStream(path)) {
			p.load(in);
		}
		catch (final IOException e) {
			throw new IllegalStateException("Cannot read the database login file " + path + " (named by " +
				"IMAGESTACK_DB_CREDENTIALS or imagestack.db.credentials): " + e.getMessage(), e);
		}
		return p;
	}

	private static String first(final String a, final String b, final String c) {
		if (a != null && !a.isEmpty()) return a;
		return b != null && !b.isEmpty() ? b : c;
	}
}
