package org.imagestack.bench;

import net.imglib2.type.numeric.RealType;

import org.imagestack.sql.StackDatabase;

/**
 * One worker process of {@link ServerBenchmark}'s distributed map: prints {@code start <ms>} when its JVM is up,
 * maps (halves every pixel in place) until the job is done, then prints {@code end <ms> <planes>}.
 */
public final class BenchWorker {

	private BenchWorker() {}

	public static void main(final String... args) {
		System.out.println("start " + System.currentTimeMillis());
		try (StackDatabase db = StackDatabase.open(args[0])) {
			final int mine = db.mapDistributed(args[1], args[2], img -> {
				for (final RealType<?> t : img)
					t.setReal(t.getRealDouble() * 0.5);
				return null;
			});
			System.out.println("end " + System.currentTimeMillis() + " " + mine);
		}
	}
}
