package org.imagestack.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.imagestack.HeapWatch;
import org.imagestack.PixelType;
import org.imagestack.RollingDifference;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;
import org.imagestack.convert.Regions;
import org.imagestack.demo.SyntheticSpecimen;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackDatabase;

/**
 * Workload A of the cell store, in one run so that the ratios hold on a noisy machine: {@code planes} float32 planes
 * of 2048 × 2048 (150: 2.5 GB) at the stack's default budget (or the one given) in the JVM's heap (256 MB in the
 * profile), against the disk and memory measured next to each figure:
 * <ul>
 * <li>ingest (add + saveState) vs. writing the same bytes to a file and fsyncing it;</li>
 * <li>reopen + read every plane into a new {@code float[]} vs. a warm read of that file into new {@code float[]}s
 * (median of 3 passes);</li>
 * <li>one 512 × 512 tile of a plane not read before, at the stack's budget, copied into a {@code float[]} and
 * visited through a cursor (medians of 21);</li>
 * <li>{@code executeFunction} (parallel, in place) + save, with the cores it kept busy, then again right away (the
 * file then has the space the first map freed); the rolling map; changeType; file size after each;</li>
 * <li>what one {@code saveState} costs (commit and fsync), and the live heap after collections (sampled every 2 s).</li>
 * </ul>
 * Run: {@code mvn -q -P benchmark test-compile exec:exec -Dbenchmark=H2Benchmark -Dbenchmark.heap=256m
 * -Dbenchmark.args="150 0"}.
 */
public final class H2Benchmark {

	private H2Benchmark() {}

	public static void main(final String... args) throws Exception {
		final int planes = args.length > 0 ? Integer.parseInt(args[0]) : 150;
		final double budget = args.length > 1 ? Double.parseDouble(args[1]) : 0;
		HeapWatch.sampleEvery(2000);
		final Path dir = Files.createTempDirectory("imagestack-bench");
		try {
			run(dir, planes, budget);
		}
		finally {
			Measure.deleteTree(dir);
		}
	}

	private static void run(final Path dir, final int planes, final double budget) throws Exception {
		final SyntheticSpecimen specimen = new SyntheticSpecimen(2048, 2048, 40, 7);
		final Img<? extends RealType<?>>[] source = new Img[2];
		for (int i = 0; i < source.length; i++)
			source[i] = DtypeConversion.convert(specimen.plane(i, 4), PixelType.FLOAT32);
		final long planeBytes = 2048L * 2048 * 4;
		final double mb = planes * planeBytes / 1e6;
		final String db = dir.resolve("a").toString();
		final Path file = Path.of(db + ".mv.db");
		System.out.printf(Locale.ROOT, "Workload A: %d float32 planes of 2048 x 2048 (%.0f MB), budget %s, -Xmx %.0f " +
			"MB, %d cores%n", planes, mb, budget == 0 ? "default (" + Math.round(SqlImageStack.defaultBudgetMb()) +
				" MB)" : budget + " MB", Measure.maxHeapMb(), Runtime.getRuntime().availableProcessors());

		final Path rawFile = dir.resolve("raw.bin");
		final double rawWrite = rawWrite(rawFile, planes, planeBytes);
		final double rawRead = warmRead(rawFile);
		Files.delete(rawFile);
		settle();
		long t = System.nanoTime();
		try (SqlImageStack s = SqlImageStack.create(db, "a", PixelType.FLOAT32, budget)) {
			for (int i = 0; i < planes; i++)
				s.addImage(source[i % source.length]);
			s.saveState();
		}
		final double ingest = rate(mb, t);
		java.util.Arrays.fill(source, null); // the ingest's sources (32 MB) are not kept for the steps after it
		row("ingest (add + saveState)", ingest, "raw write+fsync", rawWrite);
		fileSize(file, mb);

		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "a", budget)) {
			t = System.nanoTime();
			double sum = 0;
			for (final Img<? extends RealType<?>> p : s) {
				final float[] px = (float[]) Planes.storage(Planes.asArrayImg(p)); // a new float[] per plane
				sum += px[px.length / 2];
			}
			row("reopen + read all into float[]" + (sum < 0 ? "!" : ""), rate(mb, t), "warm raw read into float[]",
				rawRead);

			// every tile from a plane not read before: its cells come from the database (the read above kept none)
			final Random r = new Random(5);
			final List<Integer> unread = new ArrayList<>();
			for (int i = 0; i < planes; i++)
				unread.add(i);
			Collections.shuffle(unread, r);
			final int tiles = Math.max(1, Math.min(21, planes / 2 - 3));
			final double flatTile = Measure.medianSeconds(3, tiles, () -> {
				final Img<? extends RealType<?>> p = s.get(unread.remove(unread.size() - 1));
				final long x = r.nextInt(2048 - 512), y = r.nextInt(2048 - 512);
				final float[] px = (float[]) Regions.copy(p, Intervals.createMinMax(x, y, x + 511, y + 511));
				if (px[7] < -1) throw new AssertionError();
			});
			final double cursorTile = Measure.medianSeconds(3, tiles, () -> {
				final Img<? extends RealType<?>> p = s.get(unread.remove(unread.size() - 1));
				final long x = r.nextInt(2048 - 512), y = r.nextInt(2048 - 512);
				double v = 0;
				for (final RealType<?> px : Views.interval(p, new long[] { x, y }, new long[] { x + 511, y + 511 }))
					v += px.getRealDouble();
				if (v < -1) throw new AssertionError();
			});
			System.out.printf(Locale.ROOT, "  one 512 x 512 tile of a plane not read before, into a float[]: %.2f ms; " +
				"visited pixel by pixel through an ImgLib2 cursor: %.2f ms (medians of %d)%n", flatTile * 1e3, cursorTile *
					1e3, tiles);

			halve(s, "executeFunction (parallel, in place) + save", mb, ingest);
			fileSize(file, mb);
			// right away: the file has the space the map freed, and the page cache its pages
			halve(s, "again right away (the file reuses the freed space)", mb, ingest);
			fileSize(file, mb);
			idleCompaction(file, mb);

			t = System.nanoTime();
			s.executeRollingFunction(RollingDifference.IN_PLACE, true, true);
			s.saveState();
			row("executeRollingFunction (parallel, in place) + save", rate(mb, t), "ingest", ingest);
			fileSize(file, mb);

			t = System.nanoTime();
			s.changeType(PixelType.UINT16);
			s.saveState();
			row("changeType float32 -> uint16 + save", rate(mb, t), "ingest", ingest);
			fileSize(file, mb / 2);
			row("read all into short[]", readAll(s, mb / 2), "warm raw read into float[]", rawRead);

			final double save = Measure.medianSeconds(2, 11, () -> {
				s.get(0).firstElement().setReal(r.nextInt(60000));
				s.saveState();
			});
			System.out.printf(Locale.ROOT, "  saveState of one changed cell (commit + fsync): %.1f ms (median of 11)%n",
				save * 1e3);

			// idle meanwhile: the file is compacted, the map grows it again
			Thread.sleep(50_000);
			System.out.print("  after 50 s idle:");
			fileSize(file, mb / 2);
			halve(s, "after 50 s idle: executeFunction + save", mb / 2, ingest);
			fileSize(file, mb / 2);
		}
		System.out.print("  closed (H2 compacts for up to 200 ms when the last connection closes):");
		fileSize(file, mb / 2);
		t = System.nanoTime();
		StackDatabase.compact(db);
		System.out.printf(Locale.ROOT, "  Compact Database: %.1f s;", (System.nanoTime() - t) / 1e9);
		fileSize(file, mb / 2);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "a", budget)) {
			row("after compacting: reopen + read all into short[]", readAll(s, mb / 2), "warm raw read into float[]",
				rawRead);
		}
		System.out.printf(Locale.ROOT, "  live heap after collections at most %d MB (sampled every 2 s), -Xmx %.0f MB%n",
			HeapWatch.maxAfterGcMb(), Measure.maxHeapMb());
	}

	/**
	 * Leaves the database idle until its file is at most 1.25 x the stack (at most 120 s) and prints how long that took
	 * and the size then.
	 */
	private static void idleCompaction(final Path file, final double mb) throws Exception {
		final long t = System.nanoTime();
		while (Files.size(file) / 1e6 > 1.25 * mb && System.nanoTime() - t < 120e9)
			Thread.sleep(50);
		System.out.printf(Locale.ROOT, "  idle for %.1f s after the save:", (System.nanoTime() - t) / 1e9);
		fileSize(file, mb);
	}

	/** Halves every pixel in place (a parallel map), saves, and prints MB/s and the cores busy meanwhile. */
	private static void halve(final SqlImageStack s, final String what, final double mb, final double ingest) {
		final double cpu0 = cpuSeconds();
		final long t = System.nanoTime();
		s.executeFunction(img -> {
			LoopBuilder.setImages(img).forEachPixel(px -> px.setReal(px.getRealDouble() * 0.5));
			return null;
		}, true);
		s.saveState();
		final double wall = (System.nanoTime() - t) / 1e9;
		row(String.format(Locale.ROOT, "%s, %.1f cores busy", what, (cpuSeconds() - cpu0) / wall), mb / wall, "ingest",
			ingest);
	}

	/** @return MB/s copying every plane of a uint16 stack into a new short[] */
	private static double readAll(final SqlImageStack s, final double mb) {
		final long t = System.nanoTime();
		long n = 0;
		for (final Img<? extends RealType<?>> p : s)
			n += ((short[]) Planes.storage(Planes.asArrayImg(p))).length;
		if (n <= 0) throw new AssertionError("nothing read");
		return rate(mb, t);
	}

	private static double rate(final double mb, final long t0) {
		return mb / ((System.nanoTime() - t0) / 1e9);
	}

	private static void row(final String what, final double mbs, final String reference, final double refMbs) {
		System.out.printf(Locale.ROOT, "  %-58s %6.0f MB/s = %.2f x %s (%.0f MB/s)%n", what, mbs, mbs / refMbs,
			reference, refMbs);
	}

	private static void fileSize(final Path file, final double mb) throws IOException {
		System.out.printf(Locale.ROOT, "  file %.0f MB = %.2f x the stack's %.0f MB%n", Files.size(file) / 1e6, Files
			.size(file) / 1e6 / mb, mb);
	}

	private static double cpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}

	/** Lets the disk finish what deleting a large file started. */
	private static void settle() throws Exception {
		new ProcessBuilder("sync").inheritIO().start().waitFor();
		Thread.sleep(2000);
	}

	/** @return MB/s writing planes of bytes to a file, then fsync (the direct buffer is filled once) */
	static double rawWrite(final Path file, final int planes, final long planeBytes) throws Exception {
		settle();
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

	/** @return MB/s reading a file from the page cache into a new float[] per 16 MiB: median of 3 passes, warm */
	static double warmRead(final Path file) throws IOException {
		final double[] rates = new double[4];
		for (int pass = 0; pass < rates.length; pass++) {
			final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			final long t0 = System.nanoTime();
			long n = 0;
			try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
				float[] plane = new float[4 << 20];
				int at = 0;
				for (int r; (r = ch.read(buf)) > 0;) {
					n += r;
					buf.flip();
					final int k = Math.min(buf.remaining() / 4, plane.length - at);
					buf.asFloatBuffer().get(plane, at, k);
					at += k;
					if (at == plane.length) {
						plane = new float[4 << 20];
						at = 0;
					}
					buf.clear();
				}
			}
			rates[pass] = n / 1e6 / ((System.nanoTime() - t0) / 1e9);
		}
		final double[] warm = Arrays.copyOfRange(rates, 1, rates.length); // the first pass warms the cache
		Arrays.sort(warm);
		return warm[1];
	}
}
