package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the store's tests ask of an error's message: that it names the things a user needs to act on. */
final class Mentions {

	private Mentions() {}

	/** Asserts that the message of {@code e} contains each of {@code parts}, saying which one is missing. */
	static void assertMentions(final Exception e, final String... parts) {
		for (final String p : parts)
			assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
	}
}
