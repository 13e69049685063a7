package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins for the databases: a password never shows in a URL as printed, and the H2 login comes from the login file
 * named by {@code imagestack.db.credentials} (the environment variables, which take precedence, cannot be set from a
 * test: the tests that need them unset are skipped when they are set).
 */
class CredentialsTest {

	private static final String PROPERTY = "imagestack.db.credentials";

	@TempDir
	Path dir;

	private String before;

	@BeforeEach
	void keepProperty() {
		before = System.getProperty(PROPERTY);
		System.clearProperty(PROPERTY);
	}

	@AfterEach
	void restoreProperty() {
		if (before == null) System.clearProperty(PROPERTY);
		else System.setProperty(PROPERTY, before);
	}

	private static void assumeNoLoginInTheEnvironment() {
		for (final String v : new String[] { "IMAGESTACK_DB_USER", "IMAGESTACK_DB_PASSWORD", "IMAGESTACK_DB_CREDENTIALS",
			"PGUSER", "PGPASSWORD" })
			assumeTrue(System.getenv(v) == null, v + " is set");
	}

	@Test
	void aPasswordIsCutOutOfEveryUrlAndMessage() {
		assertEquals("jdbc:postgresql://h:5432/db?user=ann&password=***&ssl=true", Credentials.strip(
			"jdbc:postgresql://h:5432/db?user=ann&password=s3cr%21t&ssl=true"));
		assertEquals("jdbc:postgresql://h/db?password=***", Credentials.strip("jdbc:postgresql://h/db?password=x"));
		assertEquals("jdbc:h2:tcp://h/~/crack;USER=ann;password=***;CIPHER=AES", Credentials.strip(
			"jdbc:h2:tcp://h/~/crack;USER=ann;PASSWORD=topsecret;CIPHER=AES"));
		assertEquals("Connection to 'jdbc:h2:tcp://h/c;password=***' refused", Credentials.strip(
			"Connection to 'jdbc:h2:tcp://h/c;password=abc' refused"));
		assertEquals("jdbc:h2:/data/crack", Credentials.strip("jdbc:h2:/data/crack"), "nothing to cut");
		assertNull(Credentials.strip(null));
	}

	/** Writes a login file with {@code text} and names it in the property the plugin reads. */
	private void loginFile(final String text) throws java.io.IOException {
		final Path file = dir.resolve("login.properties");
		Files.writeString(file, text);
		System.setProperty(PROPERTY, file.toString());
	}

	@Test
	void h2LogsInAsSaWithAnEmptyPasswordByDefault() {
		assumeNoLoginInTheEnvironment();
		final Properties login = new Properties();
		Credentials.h2("jdbc:h2:/data/crack", login);
		assertEquals("sa", login.getProperty("user"));
		assertEquals("", login.getProperty("password"));
	}

	@Test
	void h2TakesItsLoginFromTheFileThePropertyNames() throws Exception {
		assumeNoLoginInTheEnvironment();
		loginFile("user=ann\npassword=s3cret\n");
		final Properties login = new Properties();
		Credentials.h2("jdbc:h2:/data/crack", login);
		assertEquals("ann", login.getProperty("user"));
		assertEquals("s3cret", login.getProperty("password"));
	}

	@Test
	void emptyValuesInTheLoginFileFallBackToTheDefaultLogin() throws Exception {
		assumeNoLoginInTheEnvironment();
		loginFile("user=\npassword=\n");
		final Properties login = new Properties();
		Credentials.h2("jdbc:h2:/data/crack", login);
		assertEquals("sa", login.getProperty("user"));
		assertEquals("", login.getProperty("password"));
	}

	@Test
	void aUserOrPasswordInTheUrlIsNotOverridden() throws Exception {
		assumeNoLoginInTheEnvironment();
		loginFile("user=ann\npassword=s3cret\n");
		final Properties user = new Properties();
		Credentials.h2("jdbc:h2:/data/crack;user=bob", user);
		assertFalse(user.containsKey("user"), "the URL's user (any case) stays");
		assertEquals("s3cret", user.getProperty("password"));
		final Properties password = new Properties();
		Credentials.h2("jdbc:h2:/data/crack;Password=x", password);
		assertEquals("ann", password.getProperty("user"));
		assertFalse(password.containsKey("password"), "the URL's password stays");
	}

	@Test
	void anUnreadableLoginFileIsAnErrorNamingIt() {
		assumeNoLoginInTheEnvironment();
		final Path missing = dir.resolve("no-such-login.properties");
		System.setProperty(PROPERTY, missing.toString());
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> Credentials.h2(
			"jdbc:h2:/data/crack", new Properties()));
		assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("imagestack.db.credentials"),
			e.getMessage());
	}

	@Test
	void postgresAddsNothingWithoutItsEnvironment() {
		assumeNoLoginInTheEnvironment();
		final Properties login = new Properties();
		Credentials.postgres("jdbc:postgresql://h/db", login);
		Credentials.postgres("jdbc:postgresql://h/db?user=ann", login);
		assertTrue(login.isEmpty(), "the driver's defaults and password file apply: " + login);
	}
}
