package org.imagestack.bench;

import org.imagestack.sql.FlipCampaign;

/**
 * The full bit-flip campaign (issue 23): 5,000 single-bit flips (or as given) over a small saved database file, each
 * copy opened and read fully; prints how many gave the right data, a clear error, a silent wrong result, a raw error
 * or a hang, and every flip that was not right or clear. {@code mvn -q -P benchmark test-compile exec:exec
 * -Dbenchmark=BitFlipBenchmark [-Dbenchmark.args="5000 23 catalog"]} (flips, seed, and {@code catalog}
 * to flip only near the catalog's values). The bounded one runs in {@code mvn test}
 * ({@code FlipCampaignTest}).
 */
public final class BitFlipBenchmark {

	private BitFlipBenchmark() {}

	public static void main(final String[] args) throws Exception {
		FlipCampaign.main(args.length > 0 ? args : new String[] { "5000", "23" });
	}
}
