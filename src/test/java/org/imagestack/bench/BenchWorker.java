package org.imagestack.bench;

import org.imagestack.sql.StackDatabase;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * One worker process of {@link ServerBenchmark}'s distributed map: prints {@code start <ms>} when its JVM is up,
 * maps (halves every pixel in place) until the job is done, then prints {@code end <ms> <planes>}.
 */
public final class BenchWorker {

	private BenchWorker() {}

	public static void main(final String... args) {
		System.out.println("start " + System.currentTimeMillis());
		try (StackDatabase db = StackDatabase.open(args[0])) {
			final int mine = db.mapDistributed(args[1], args[2], AbstractImageStackTest.HALVE);
			System.out.println("end " + System.currentTimeMillis() + " " + mine);
		}
	}
}
