package org.imagestack;

import java.util.Map;
import java.util.TreeMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a run, one line saying what was skipped and why (tests disabled or aborted by a failed
 * assumption, such as a missing server or tool: see {@link Required}), so that a green run without
 * {@code -Dimagestack.require=all} does not hide whole suites. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkipSummary implements TestExecutionListener {

	/** reason -> how many tests or classes it skipped */
	private final Map<String, Integer> reasons = new TreeMap<>();
	private int skipped;

	@Override
	public synchronized void executionSkipped(final TestIdentifier id, final String reason) {
		count(reason == null ? "disabled" : reason);
	}

	@Override
	public synchronized void executionFinished(final TestIdentifier id, final TestExecutionResult result) {
		if (result.getStatus() != TestExecutionResult.Status.ABORTED) return;
		count(result.getThrowable().map(Throwable::getMessage).map(m -> m.replaceFirst("^Assumption failed: ", ""))
			.orElse("aborted"));
	}

	private void count(final String reason) {
		skipped++;
		reasons.merge(reason.replace('\n', ' '), 1, Integer::sum);
	}

	@Override
	public synchronized void testPlanExecutionFinished(final TestPlan plan) {
		if (skipped == 0) return;
		final StringBuilder line = new StringBuilder("ImageStack tests: ").append(skipped).append(
			" skipped (a skipped class counts once)");
		reasons.forEach((reason, n) -> line.append("; ").append(n).append(" x ").append(reason));
		line.append(Required.all() ? "" : ". -Dimagestack.require=all makes the ones for a missing tool, server or data " +
			"set failures.");
		System.err.println(line);
	}
}
