package org.imagestack.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.demo.SyntheticSpecimen;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.SqlImageStack;

/**
 * Throughput of the H2 stack against the raw disk, measured in one run (the machine is noisy: compare the ratios):
 * ingest (add + saveState) vs. writing the same bytes to a file and fsyncing it; a full read vs. reading that file;
 * {@code executeFunction} in place; deflate on and off. Run: {@code mvn -q -P benchmark test-compile exec:exec
 * -Dbenchmark=H2Benchmark -Dbenchmark.heap=1g} (arguments: planes, budget MB; default 100 planes of 16 MiB, 256 MB).
 */
public final class H2Benchmark {

	private H2Benchmark() {}

	public static void main(final String... args) throws Exception {
		final int planes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
		final double budget = args.length > 1 ? Double.parseDouble(args[1]) : 256;
		org.imagestack.HeapWatch.start();
		final Path dir = Files.createTempDirectory("imagestack-bench");
		try {
			run(dir, planes, budget);
		}
		finally {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	private static void run(final Path dir, final int planes, final double budget) throws Exception {
		// photographs of a synthetic specimen: 2048 x 2048 uint8 -> float32 planes of 16 MiB, as after as_gray
		final SyntheticSpecimen specimen = new SyntheticSpecimen(2048, 2048, 40, 7);
		final MemoryImageStack source = new MemoryImageStack(PixelType.FLOAT32);
		for (int i = 0; i < 4; i++)
			source.addImage(specimen.plane(i, 4));
		final long planeBytes = source.get(0).size() * 4;
		final double mb = planes * planeBytes / 1e6;
		System.out.printf(Locale.ROOT, "H2 stack benchmark: %d float32 planes of %.1f MB (%.0f MB), budget %.0f MB, " +
			"-Xmx %.0f MB, %d cores%n", planes, planeBytes / 1e6, mb, budget, Measure.maxHeapMb(), Runtime
				.getRuntime().availableProcessors());

		final double raw = rawWrite(dir.resolve("raw.bin"), planes, planeBytes);
		final double rawRead = rawRead(dir.resolve("raw.bin"));
		for (final boolean compress : new boolean[] { false, true }) {
			final String db = dir.resolve("bench-" + compress).toString();
			final String label = compress ? "deflate  " : "raw bytes";
			Measure.resetPeaks();
			final long t0 = System.nanoTime();
			try (SqlImageStack s = SqlImageStack.create(db, "specimen", PixelType.FLOAT32, budget)) {
				s.setCompressed(compress);
				for (int i = 0; i < planes; i++)
					s.addImage(source.get(i % 4));
				s.saveState();
			}
			final double ingest = mb / ((System.nanoTime() - t0) / 1e9);
			final long fileBytes = Files.size(dir.resolve("bench-" + compress + ".mv.db"));
			System.out.printf(Locale.ROOT, "%s ingest (add + saveState): %.0f MB/s = %.2f x raw write+fsync " +
				"(%.0f MB/s); file %.0f MB for %.0f MB of planes; peak heap (pool peaks) %.0f MB%n", label, ingest, ingest / raw,
				raw, fileBytes / 1e6, mb, Measure.peakHeapMb());
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "specimen", budget)) {
				Measure.resetPeaks();
				final long t1 = System.nanoTime();
				double sum = 0;
				for (final Img<? extends RealType<?>> p : s)
					sum += p.firstElement().getRealDouble();
				final double read = mb / ((System.nanoTime() - t1) / 1e9);
				System.out.printf(Locale.ROOT, "%s reopen + read all: %.0f MB/s = %.2f x raw read (%.0f MB/s); peak " +
					"heap (pool peaks) %.0f MB%s%n", label, read, read / rawRead, rawRead, Measure.peakHeapMb(), sum < 0 ? "!" : "");
				s.setMaxSizeMb(0.001); // nothing cached: every read goes to the database
				final java.util.Random r = new java.util.Random(5);
				final double latency = Measure.medianSeconds(3, 21, () -> s.get(r.nextInt(planes)));
				System.out.printf(Locale.ROOT, "%s one random plane (not cached): %.1f ms median%n", label, latency *
					1e3);
				s.setMaxSizeMb(budget);
				Measure.resetPeaks();
				final long t2 = System.nanoTime();
				s.executeFunction(org.imagestack.stack.AbstractImageStackTest.HALVE, true);
				s.saveState();
				final double map = mb / ((System.nanoTime() - t2) / 1e9);
				System.out.printf(Locale.ROOT, "%s executeFunction (parallel, in place) + saveState: %.0f MB/s; peak " +
					"heap (pool peaks) %.0f MB%n", label, map, Measure.peakHeapMb());
			}
		}
		System.out.printf(Locale.ROOT, "live heap after full GCs at most %d MB (%d full GCs), -Xmx %.0f MB%n", org.imagestack
			.HeapWatch.maxAfterGcMb(), org.imagestack.HeapWatch.fullCollections(), Measure.maxHeapMb());
	}

	/** @return MB/s writing planes of bytes to a file, then fsync (the direct buffer is filled once) */
	private static double rawWrite(final Path file, final int planes, final long planeBytes) throws IOException {
		final ByteBuffer buf = ByteBuffer.allocateDirect((int) planeBytes);
		for (int i = 0; i < planeBytes; i++)
			buf.put(i, (byte) (i * 31));
		final long t0 = System.nanoTime();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING))
		{
			for (int i = 0; i < planes; i++) {
				buf.rewind();
				while (buf.hasRemaining())
					ch.write(buf);
			}
			ch.force(true);
		}
		return planes * planeBytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
	}

	/** @return MB/s reading a file into heap float arrays (from the page cache, as the stack's read is) */
	private static double rawRead(final Path file) throws IOException {
		final ByteBuffer buf = ByteBuffer.allocate(16 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		final float[] plane = new float[4 << 20];
		final long t0 = System.nanoTime();
		long n = 0;
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			for (int r; (r = ch.read(buf)) > 0;) {
				n += r;
				if (!buf.hasRemaining()) {
					buf.flip();
					buf.asFloatBuffer().get(plane); // into a new plane's array, as a stack's read must
					buf.clear();
				}
			}
		}
		return n / 1e6 / ((System.nanoTime() - t0) / 1e9);
	}
}
