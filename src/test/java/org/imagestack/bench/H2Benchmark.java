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

import org.imagestack.MemoryImageStack;
import org.imagestack.PixelType;
import org.imagestack.SqlImageStack;
import org.imagestack.demo.SyntheticSpecimen;

/**
 * Throughput of the H2 stack against the raw disk, measured in one run (the machine is noisy: compare the ratios):
 * ingest (add + saveState) vs. writing the same bytes to a file and fsyncing it; a full read vs. reading that file;
 * {@code executeFunction} in place; deflate on and off. Run: {@code mvn -q -P benchmark test-compile exec:exec
 * -Dbenchmark=H2Benchmark} (forks a JVM with -Xmx512m).
 */
public final class H2Benchmark {

	private H2Benchmark() {}

	public static void main(final String... args) throws Exception {
		final int planes = args.length > 0 ? Integer.parseInt(args[0]) : 48;
		org.imagestack.HeapWatch.start();
		final Path dir = Files.createTempDirectory("imagestack-bench");
		try {
			run(dir, planes);
		}
		finally {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	private static void run(final Path dir, final int planes) throws Exception {
		// photographs of a synthetic specimen: 4096 x 2048 uint8 -> float32 planes of 32 MiB, as after as_gray
		final SyntheticSpecimen specimen = new SyntheticSpecimen(4096, 2048, 40, 7);
		final MemoryImageStack source = new MemoryImageStack(PixelType.FLOAT32);
		for (int i = 0; i < 4; i++)
			source.addImage(specimen.plane(i, 4));
		final long planeBytes = source.get(0).size() * 4;
		final double mb = planes * planeBytes / 1e6;
		System.out.printf(Locale.ROOT, "H2 stack benchmark: %d float32 planes of %.1f MB (%.0f MB), budget 64 MB, " +
			"-Xmx %.0f MB, %d cores%n", planes, planeBytes / 1e6, mb, Measure.maxHeapMb(), Runtime.getRuntime()
				.availableProcessors());

		final double raw = rawWrite(dir.resolve("raw.bin"), planes, planeBytes);
		final double rawRead = rawRead(dir.resolve("raw.bin"));
		for (final boolean compress : new boolean[] { false, true }) {
			final String db = dir.resolve("bench-" + compress).toString();
			final long t0 = System.nanoTime();
			try (SqlImageStack s = SqlImageStack.create(db, "specimen", PixelType.FLOAT32, 64)) {
				s.setCompressed(compress);
				for (int i = 0; i < planes; i++)
					s.addImage(source.get(i % 4));
				s.saveState();
			}
			final double ingest = mb / ((System.nanoTime() - t0) / 1e9);
			final long fileBytes = Files.size(dir.resolve("bench-" + compress + ".mv.db"));
			double read;
			final double map;
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "specimen", 64)) {
				final long t1 = System.nanoTime();
				double sum = 0;
				for (final Img<? extends RealType<?>> p : s)
					sum += p.firstElement().getRealDouble();
				read = mb / ((System.nanoTime() - t1) / 1e9);
				if (sum < 0) read = -read; // keep the loop
				final long t2 = System.nanoTime();
				s.executeFunction(img -> {
					for (final RealType<?> t : img)
						t.setReal(t.getRealDouble() * 0.5);
					return img;
				}, true);
				s.saveState();
				map = mb / ((System.nanoTime() - t2) / 1e9);
			}
			System.out.printf(Locale.ROOT, "%s: ingest %.0f MB/s = %.2f x raw write+fsync (%.0f MB/s); read %.0f MB/s " +
				"= %.2f x raw read (%.0f MB/s); executeFunction in place + save %.0f MB/s; file %.0f MB for %.0f MB%n",
				compress ? "deflate" : "raw bytes", ingest, ingest / raw, raw, read, read / rawRead, rawRead, map,
				fileBytes / 1e6, mb);
		}
		System.out.printf(Locale.ROOT, "live heap after full GCs at most %d MB (%d full GCs), -Xmx %.0f MB%n", org.imagestack
			.HeapWatch.maxAfterGcMb(), org.imagestack.HeapWatch.fullCollections(), Measure.maxHeapMb());
	}

	/** @return MB/s writing planes of bytes to a file, then fsync */
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

	/** @return MB/s reading a file (from the page cache, as the stack's read is) */
	private static double rawRead(final Path file) throws IOException {
		final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
		final long t0 = System.nanoTime();
		long n = 0;
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			for (int r; (r = ch.read(buf)) > 0; buf.clear())
				n += r;
		}
		return n / 1e6 / ((System.nanoTime() - t0) / 1e9);
	}
}
