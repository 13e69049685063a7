package org.imagestack;

import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * What a test needs from its environment (a server, xvfb-run, openbox, strace, the Vector API module, the crack
 * photographs, root for a tmpfs): where it is absent the test is skipped, saying why, unless every test must run
 * ({@code -Dimagestack.require=all}, or the environment variable {@code IMAGESTACK_REQUIRE=all}, as in
 * {@code .ci/run}); then the absence is a failure. {@link SkipSummary} lists the skips at the end of a run.
 */
public final class Required {

	private Required() {}

	/** @return whether every environment-dependent test must run rather than be skipped */
	public static boolean all() {
		return "all".equals(System.getProperty("imagestack.require")) || "all".equals(System.getenv(
			"IMAGESTACK_REQUIRE"));
	}

	/**
	 * Skips the calling test, or fails it under {@code imagestack.require=all}, when {@code present} is false.
	 *
	 * @param present whether what the test needs is there
	 * @param what what is missing and how to get it, e.g. "strace is not installed (.ci/run installs it)"
	 */
	public static void present(final boolean present, final String what) {
		if (present) return;
		if (all()) throw new AssertionFailedError(what + " (imagestack.require=all: required, not skipped)");
		Assumptions.abort(what);
	}

	/** As {@link #present(boolean, String)}, the condition evaluated here. */
	public static void present(final BooleanSupplier present, final String what) {
		present(present.getAsBoolean(), what);
	}
}
