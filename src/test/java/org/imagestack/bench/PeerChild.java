package org.imagestack.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * One Java system of {@link PeerBenchmark} in its own JVM: {@code ours} (SqlImageStack at its default budget),
 * {@code tiff} (a folder of one TIFF per plane through ImageJ's FileSaver and Opener, each file synced),
 * {@code h2plain} (plain H2 without project code: {@link PlainH2Peer}), {@code raw256k} / {@code raw16m} (one raw
 * file through a FileChannel in calls of 256 KiB or 16 MiB, one fsync at the end of each step). Args: system,
 * directory, planes, size, tiles. The workload, the same for every system: each plane a fresh {@code float[]} of
 * size² written durably; a map halving every pixel, durable; tiles of 512² of planes not read before (medians after
 * three untimed); every plane read into a new {@code float[]}; file size after the map and after closing. Prints {@code RESULT key=value ...} with this JVM's VmHWM and its garbage collectors' time.
 */
public final class PeerChild {

	private PeerChild() {}

	private final Map<String, Object> result = new LinkedHashMap<>();
	private double mb;
	private int planes, size, tiles;
	private Path dir;
	private float[][] template;
	/** Planes no tile has been read from yet, in a random order; tiles of every kind take the next ones. */
	private List<Integer> unread;
	private final Random r = new Random(5);
	/** Untimed tiles before the timed ones. */
	static final int WARMUPS = 3;

	public static void main(final String... args) throws Exception {
		final PeerChild c = new PeerChild();
		c.dir = Path.of(args[1]);
		c.planes = Integer.parseInt(args[2]);
		c.size = Integer.parseInt(args[3]);
		c.tiles = Integer.parseInt(args[4]);
		c.run(args[0]);
	}

	private void run(final String system) throws Exception {
		mb = planes * 4.0 * size * size / 1e6;
		template = new float[][] { template(0), template(1) };
		switch (system) {
			case "ours":
				new OursPeer(this).run();
				break;
			case "tiff":
				tiff();
				break;
			case "h2plain":
				new PlainH2Peer(this).run();
				break;
			case "raw256k":
				raw(256 << 10);
				break;
			case "raw16m":
				raw(16 << 20);
				break;
			default:
				throw new IllegalArgumentException("unknown system " + system);
		}
		result.put("gc", gcSeconds());
		result.put("cpu", cpuSeconds());
		result.put("rss", vmHwmMb());
		final StringBuilder line = new StringBuilder("RESULT");
		result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v instanceof Double ? String.format(
			Locale.ROOT, "%.4f", v) : v));
		System.out.println(line);
	}

	/** The same pattern as python_peers.py's template. */
	private float[] template(final int k) {
		final float[] px = new float[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				px[y * size + x] = (float) (((x * 31L + y * 17L + k * 7L) % 4096) / 4096.0);
		return px;
	}

	/** @return a fresh array of plane i's pixels */
	float[] fresh(final int i) {
		return template[i % 2].clone();
	}

	/** @return a step of the workload starting now */
	Step step() {
		return new Step();
	}

	/** A timed step of the workload: when it began, and the collectors' and the process's CPU seconds then. */
	final class Step {

		private final long t0 = System.nanoTime();
		private final double gc0 = gcSeconds(), cpu0 = cpuSeconds();

		/** Records the step's MB/s under {@code key}, with the GC seconds it took and the cores it kept busy. */
		void done(final String key) {
			final double s = (System.nanoTime() - t0) / 1e9;
			final String k = Character.toUpperCase(key.charAt(0)) + key.substring(1);
			result.put(key, mb / s);
			result.put("gc" + k, gcSeconds() - gc0);
			result.put("cores" + k, (cpuSeconds() - cpu0) / s);
		}

		/** @return milliseconds since the step began */
		double ms() {
			return (System.nanoTime() - t0) / 1e6;
		}
	}

	void put(final String key, final Object value) {
		result.put(key, value);
	}

	void sizes(final String key, final Path... files) throws Exception {
		long n = 0;
		for (final Path f : files)
			n += Files.size(f);
		result.put(key, n / 1e6 / mb);
	}

	Path dir() {
		return dir;
	}

	int planes() {
		return planes;
	}

	int size() {
		return size;
	}

	void dropTemplates() {
		template = null;
	}

	/** @return the median ms of {@link #tiles} tiles, each of a plane not read before, after three untimed ones */
	double tiles(final TileReader reader) throws Exception {
		if (unread == null) {
			unread = new ArrayList<>();
			for (int i = 0; i < planes; i++)
				unread.add(i);
			Collections.shuffle(unread, r);
		}
		final double[] t = new double[tiles];
		for (int k = -WARMUPS; k < tiles; k++) {
			final int i = unread.remove(unread.size() - 1);
			final int x = r.nextInt(size - 512), y = r.nextInt(size - 512);
			final long t0 = System.nanoTime();
			final float[] px = reader.read(i, x, y);
			final double dt = (System.nanoTime() - t0) / 1e6;
			if (px.length != 512 * 512) throw new AssertionError("tile of " + px.length);
			if (k >= 0) t[k] = dt;
		}
		Arrays.sort(t);
		return t[tiles / 2];
	}

	/** Reads a 512 × 512 tile of plane i at (x, y). */
	interface TileReader {

		float[] read(int i, int x, int y) throws Exception;
	}

	private void tiff() throws Exception {
		final Path[] files = new Path[planes];
		for (int i = 0; i < planes; i++)
			files[i] = dir.resolve(String.format(Locale.ROOT, "plane%04d.tif", i));
		Step step = step();
		for (int i = 0; i < planes; i++)
			saveSynced(new FloatProcessor(size, size, fresh(i)), files[i]);
		step.done("ingest");
		dropTemplates();
		step = step();
		for (final Path f : files) {
			final ImageProcessor ip = new Opener().openImage(f.toString()).getProcessor();
			final float[] px = (float[]) ip.getPixels();
			for (int k = 0; k < px.length; k++)
				px[k] *= 0.5f;
			saveSynced(ip, f);
		}
		step.done("map");
		sizes("sizeMap", files);
		sizes("sizeClosed", files);
		put("tile", tiles((i, x, y) -> { // ImageJ opens the whole plane, then crops
			final ImageProcessor ip = new Opener().openImage(files[i].toString()).getProcessor();
			ip.setRoi(x, y, 512, 512);
			return (float[]) ip.crop().getPixels();
		}));
		step = step();
		double sum = 0;
		for (final Path f : files)
			sum += ((float[]) new Opener().openImage(f.toString()).getProcessor().getPixels())[size / 2];
		step.done("read");
		if (Double.isNaN(sum)) throw new AssertionError();
	}

	private static void saveSynced(final ImageProcessor ip, final Path f) throws Exception {
		if (!new FileSaver(new ImagePlus("plane", ip)).saveAsTiff(f.toString())) throw new AssertionError("not saved: " +
			f);
		try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
			ch.force(true);
		}
	}

	private void raw(final int call) throws Exception {
		final Path file = dir.resolve("stack.raw");
		final long planeBytes = 4L * size * size;
		final ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(call, planeBytes)).order(ByteOrder.LITTLE_ENDIAN);
		Step step = step();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING))
		{
			for (int i = 0; i < planes; i++)
				writePlane(ch, buf, fresh(i), i * planeBytes);
			ch.force(true);
		}
		step.done("ingest");
		dropTemplates();
		step = step();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			for (int i = 0; i < planes; i++) {
				final float[] px = readPlane(ch, buf, i * planeBytes);
				for (int k = 0; k < px.length; k++)
					px[k] *= 0.5f;
				writePlane(ch, buf, px, i * planeBytes);
			}
			ch.force(true);
		}
		step.done("map");
		sizes("sizeMap", file);
		sizes("sizeClosed", file);
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final ByteBuffer row = ByteBuffer.allocateDirect(512 * 4).order(ByteOrder.LITTLE_ENDIAN);
			put("tile", tiles((i, x, y) -> { // one read per row of the tile
				final float[] px = new float[512 * 512];
				for (int r = 0; r < 512; r++) {
					row.clear();
					final long at = i * planeBytes + 4L * ((long) (y + r) * size + x);
					while (row.hasRemaining())
						if (ch.read(row, at + row.position()) < 0) throw new AssertionError("end of file");
					row.flip();
					row.asFloatBuffer().get(px, r * 512, 512);
				}
				return px;
			}));
		}
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			step = step();
			double sum = 0;
			for (int i = 0; i < planes; i++)
				sum += readPlane(ch, buf, i * planeBytes)[size / 2];
			step.done("read");
			if (Double.isNaN(sum)) throw new AssertionError();
		}
	}

	private static void writePlane(final FileChannel ch, final ByteBuffer buf, final float[] px, final long at)
		throws Exception
	{
		final int perCall = buf.capacity() / 4;
		for (int k = 0; k < px.length; k += perCall) {
			final int n = Math.min(perCall, px.length - k);
			buf.clear();
			buf.asFloatBuffer().put(px, k, n);
			buf.limit(4 * n);
			long pos = at + 4L * k;
			while (buf.hasRemaining())
				pos += ch.write(buf, pos);
		}
	}

	private float[] readPlane(final FileChannel ch, final ByteBuffer buf, final long at) throws Exception {
		final float[] px = new float[size * size];
		final int perCall = buf.capacity() / 4;
		for (int k = 0; k < px.length; k += perCall) {
			final int n = Math.min(perCall, px.length - k);
			buf.clear();
			buf.limit(4 * n);
			long pos = at + 4L * k;
			while (buf.hasRemaining()) {
				final int r = ch.read(buf, pos);
				if (r < 0) throw new AssertionError("end of file");
				pos += r;
			}
			buf.flip();
			buf.asFloatBuffer().get(px, k, n);
		}
		return px;
	}

	/** @return this process's peak resident set (VmHWM in /proc/self/status), MB */
	static double vmHwmMb() throws Exception {
		for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
			if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
		return -1;
	}

	static double gcSeconds() {
		long ms = 0;
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
			ms += Math.max(0, gc.getCollectionTime());
		return ms / 1e3;
	}

	static double cpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}
}
