package org.imagestack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.function.BiFunction;

import org.imagestack.PixelType;

/** Small timing and memory helpers for the benchmark mains (run with {@code mvn -P benchmark ...}). */
final class Measure {

	private Measure() {}

	/** Deletes a benchmark's temporary folder with everything in it (nothing when it is gone already). */
	static void deleteTree(final java.nio.file.Path dir) throws java.io.IOException {
		if (!java.nio.file.Files.exists(dir)) return;
		try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	/** A piece of work to time. */
	interface Work {

		void run() throws Exception;
	}

	/**
	 * @param warmups untimed runs first (JIT)
	 * @param runs timed runs
	 * @return the median seconds of one run
	 */
	static double medianSeconds(final int warmups, final int runs, final Work work) throws Exception {
		for (int i = 0; i < warmups; i++)
			work.run();
		final double[] t = new double[runs];
		for (int i = 0; i < runs; i++) {
			final long t0 = System.nanoTime();
			work.run();
			t[i] = (System.nanoTime() - t0) / 1e9;
		}
		Arrays.sort(t);
		return t[runs / 2];
	}

	/** @return the peak heap used so far, summed over the heap pools, in MB */
	static double peakHeapMb() {
		long sum = 0;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
		return sum / 1e6;
	}

	/** Resets the pools' peak figures (after set-up, before the measured part). */
	static void resetPeaks() {
		System.gc();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
	}

	/**
	 * @param cell the text of the cell of a pair (row: from, column: to)
	 * @return a Markdown table of every pair of pixel types
	 */
	static String pairTable(final BiFunction<PixelType, PixelType, String> cell) {
		final StringBuilder table = new StringBuilder("| from \\ to |");
		for (final PixelType to : PixelType.values())
			table.append(' ').append(to).append(" |");
		table.append("\n|---|");
		for (int i = 0; i < PixelType.values().length; i++)
			table.append("---:|");
		table.append('\n');
		for (final PixelType from : PixelType.values()) {
			table.append("| ").append(from).append(" |");
			for (final PixelType to : PixelType.values())
				table.append(' ').append(cell.apply(from, to)).append(" |");
			table.append('\n');
		}
		return table.toString();
	}

	/** @return the JVM's max heap in MB */
	static double maxHeapMb() {
		return Runtime.getRuntime().maxMemory() / 1e6;
	}
}
