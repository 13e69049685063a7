package org.imagestack.sql;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A bit-flip campaign: a small database file (three stacks of a few small planes, uint8, uint16 and float32, saved
 * in two saves, planes added, swapped and removed between them, then compacted), then, one at a time, a copy of it (with its save record) with one bit
 * flipped, opened and read fully: the stack names, every stack's type and planes, every pixel. Each outcome is
 * <em>right</em> (everything as saved), <em>clear</em> (a {@link StorageException}, the file named), <em>silent</em>
 * (no error, something different), <em>raw</em> (any other exception) or <em>hang</em> (no answer in 60 s).
 */
public final class FlipCampaign {

	/** What the flips gave. */
	public static final class Counts {

		public int right, clear, silent, raw, hang;
		public final List<String> problems = new ArrayList<>();

		public int total() {
			return right + clear + silent + raw + hang;
		}

		@Override
		public String toString() {
			return total() + " flips: " + right + " right, " + clear + " clear errors, " + silent + " silent, " + raw +
				" raw errors, " + hang + " hangs";
		}
	}

	private static final String[] NAMES = { "alpha", "beta", "gamma" };

	private final Path work;
	private final Path original;

	/** Saves the small file under {@code work/original}. */
	public FlipCampaign(final Path work) {
		this.work = work;
		this.original = work.resolve("original");
		try {
			Files.createDirectories(original);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
		final String db = original.resolve("d").toString();
		try (SqlImageStack a = SqlImageStack.create(db, NAMES[0], PixelType.UINT8, 1);
			SqlImageStack b = SqlImageStack.create(db, NAMES[1], PixelType.UINT16, 1);
			SqlImageStack g = SqlImageStack.create(db, NAMES[2], PixelType.FLOAT32, 1))
		{
			for (int i = 0; i < 3; i++) {
				a.addImage(AbstractImageStackTest.ramp(i, 60, 40));
				b.addImage(AbstractImageStackTest.ramp(10 + i, 30, 20));
			}
			g.addImage(AbstractImageStackTest.ramp(20, 20, 10));
			g.addImage(AbstractImageStackTest.ramp(21, 20, 10));
			a.saveState();
			b.saveState();
			g.saveState();
			a.addImage(AbstractImageStackTest.ramp(3, 60, 40));
			java.util.Collections.swap(a, 0, 2);
			b.remove(1);
			a.saveState();
			b.saveState();
		}
		StackDatabase.compact(db); // the dead chunks of earlier saves go: flips land in what is read
	}

	/** @return the bytes of the saved file */
	public long fileSize() throws IOException {
		return Files.size(original.resolve("d.mv.db"));
	}

	/** What a full read of a database gives: names, then per stack its type, size and pixels. */
	static String read(final String db) {
		final StringBuilder sb = new StringBuilder();
		final List<String> names = new ArrayList<>();
		for (final StackRecord r : SqlImageStack.listStacks(db)) {
			names.add(r.name());
			sb.append(r.name()).append(' ').append(r.type()).append(' ').append(r.planeCount()).append(' ').append(r
				.sizeBytes()).append('\n');
		}
		for (final String name : names)
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, name, 4)) {
				sb.append(name).append(' ').append(s.pixelType()).append(' ').append(s.size()).append('\n');
				for (final Img<? extends RealType<?>> p : s) {
					sb.append(java.util.Arrays.toString(p.dimensionsAsLongArray())).append(' ');
					sb.append(AbstractImageStackTest.pixels(p).hashCode()).append('\n');
				}
			}
		return sb.toString();
	}

	/**
	 * Runs {@code flips} single-bit flips at random places of the file.
	 *
	 * @param seed the random generator's seed (a campaign is repeatable)
	 */
	public Counts run(final int flips, final long seed) throws Exception {
		return run(flips, seed, false);
	}

	/**
	 * @param catalog whether to flip only within 48 bytes of the catalog's values in the file (the stacks' names, the
	 *          pixel types, the planes' dims): what the rows of {@code STACKS} and {@code PLANES} are stored in
	 */
	public Counts run(final int flips, final long seed, final boolean catalog) throws Exception {
		final String expected = read(original.resolve("d").toString());
		final long size = fileSize();
		final Random random = new Random(seed);
		final List<Long> near = catalog ? catalogBytes() : null;
		final Counts counts = new Counts();
		final ExecutorService pool = Executors.newCachedThreadPool(r -> {
			final Thread t = new Thread(r, "flip");
			t.setDaemon(true);
			return t;
		});
		try {
			for (int i = 0; i < flips; i++) {
				final long at = near != null ? near.get(random.nextInt(near.size())) : (long) (random.nextDouble() * size);
				final int bit = random.nextInt(8);
				final Path trial = work.resolve("t" + i);
				copy(original, trial);
				try (RandomAccessFile f = new RandomAccessFile(trial.resolve("d.mv.db").toFile(), "rw")) {
					f.seek(at);
					final int b = f.read();
					f.seek(at);
					f.write(b ^ (1 << bit));
				}
				final String where = "byte " + at + " bit " + bit;
				final Future<String> result = pool.submit(() -> read(trial.resolve("d").toString()));
				try {
					final String got = result.get(60, TimeUnit.SECONDS);
					if (got.equals(expected)) counts.right++;
					else {
						counts.silent++;
						counts.problems.add("silent at " + where + ":\n" + got);
					}
				}
				catch (final java.util.concurrent.ExecutionException e) {
					final Throwable t = e.getCause();
					if (t instanceof StorageException && String.valueOf(t.getMessage()).contains("d.mv.db")) counts
						.clear++;
					else {
						counts.raw++;
						final java.io.StringWriter w = new java.io.StringWriter();
						t.printStackTrace(new java.io.PrintWriter(w));
						counts.problems.add("raw at " + where + ": " + w.toString().lines().limit(12).reduce("",
							(x, y) -> x + y + "\n"));
					}
				}
				catch (final TimeoutException e) {
					counts.hang++;
					counts.problems.add("hang at " + where);
					result.cancel(true);
					continue; // its files stay
				}
				delete(trial);
			}
		}
		finally {
			pool.shutdownNow();
		}
		return counts;
	}

	/** @return the offsets within 48 bytes of the catalog's values in the saved file */
	private List<Long> catalogBytes() throws IOException {
		final byte[] file = Files.readAllBytes(original.resolve("d.mv.db"));
		final java.util.TreeSet<Long> at = new java.util.TreeSet<>();
		for (final String value : new String[] { "alpha", "beta", "gamma", "uint8", "uint16", "float32", "60,40",
			"30,20", "20,10" })
		{
			final byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			for (int i = 0; i + v.length <= file.length; i++)
				if (java.util.Arrays.equals(file, i, i + v.length, v, 0, v.length))
					for (long k = Math.max(0, i - 48); k < Math.min(file.length, i + v.length + 48); k++)
						at.add(k);
		}
		return new ArrayList<>(at);
	}

	private static void copy(final Path from, final Path to) throws IOException {
		Files.createDirectories(to);
		try (Stream<Path> files = Files.list(from)) {
			for (final Path f : (Iterable<Path>) files::iterator)
				Files.copy(f, to.resolve(f.getFileName()));
		}
	}

	private static void delete(final Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			for (final Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator)
				Files.deleteIfExists(f);
		}
	}

	/** A campaign from the command line: {@code [flips] [seed] [catalog]} (see bench/BitFlipBenchmark). */
	public static void main(final String[] args) throws Exception {
		final int flips = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
		final long seed = args.length > 1 ? Long.parseLong(args[1]) : 23;
		final boolean catalog = args.length > 2 && args[2].equals("catalog");
		final Path work = Files.createTempDirectory("flips");
		final FlipCampaign campaign = new FlipCampaign(work);
		final long t0 = System.nanoTime();
		final Counts c = campaign.run(flips, seed, catalog);
		System.out.println("file of " + campaign.fileSize() + " bytes, seed " + seed + (catalog ? ", near the " +
			"catalog's values" : "") + ": " + c + " in " + (System
			.nanoTime() - t0) / 1_000_000_000 + " s");
		for (final String p : c.problems)
			System.out.println(p);
		delete(work);
	}

}
