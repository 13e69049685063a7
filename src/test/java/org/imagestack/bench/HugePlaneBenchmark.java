package org.imagestack.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.imagestack.sql.HugePlaneCheck;

/**
 * Workload B: one 16384 × 16384 float32 plane (1 GiB) in a 256 MB JVM: added from a lazy source, mapped with an
 * ImgLib2 loop, saved, reopened and read back in tiles. Run: {@code mvn -q -P benchmark test-compile exec:exec
 * -Dbenchmark=HugePlaneBenchmark -Dbenchmark.heap=256m}. Prints the peak live heap, the plane's MB and the time.
 */
public final class HugePlaneBenchmark {

	private HugePlaneBenchmark() {}

	public static void main(final String... args) throws Exception {
		final Path dir = Files.createTempDirectory("imagestack-huge");
		try {
			HugePlaneCheck.main(dir.resolve("huge").toString(), args.length > 0 ? args[0] : "16384", "0");
		}
		finally {
			try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}
}
