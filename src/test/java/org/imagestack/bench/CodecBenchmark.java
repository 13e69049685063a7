package org.imagestack.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

import org.imagestack.Compression;
import org.imagestack.HeapWatch;
import org.imagestack.PixelType;
import org.imagestack.convert.Planes;
import org.imagestack.sql.SqlImageStack;

/**
 * The per-stack codecs on real photographs (issue 27 item 8), in one run so that the ratios hold on a noisy machine:
 * the six 8-bit crack photographs (1600 × 1200) repeated to {@code planes} planes (522: 1.0 GB), each added as a fresh
 * array, into an embedded H2 stack of each codec at the default budget, in two rounds (the codecs' order reversed in
 * the second), after an untimed warm-up of 60 planes per codec. Per codec: ingest (create + add + saveState,
 * durable) and reopen + read every plane into a new {@code byte[]} in MB/s of pixel data, the file's size ÷ the
 * data, the peak heap (pools' peaks, garbage included) and the GC time; ratios against the uncompressed stack of the
 * same round.
 * Run: {@code mvn -q -o -P benchmark test-compile exec:exec -Dbenchmark=CodecBenchmark -Dbenchmark.heap=256m
 * [-Dbenchmark.args="522 /path/to/crackdect-example-images"]}.
 */
public final class CodecBenchmark {

	private CodecBenchmark() {}

	public static void main(final String... args) throws Exception {
		final int planes = args.length > 0 ? Integer.parseInt(args[0]) : 522;
		final Path images = Path.of(args.length > 1 ? args[1] : "../shared/data/crackdect-example-images");
		final List<byte[]> photos = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			final ij.ImagePlus imp = ij.IJ.openImage(images.resolve(String.format(Locale.ROOT, "%02d.bmp", i))
				.toString());
			if (imp == null || imp.getBitDepth() != 8 || imp.getWidth() != 1600 || imp.getHeight() != 1200) {
				System.out.println("CodecBenchmark: skipped: the six 8-bit 1600 x 1200 crack photographs are not in " +
					images.toAbsolutePath() + " (give the folder as the second argument)");
				return;
			}
			photos.add((byte[]) imp.getProcessor().getPixels());
		}
		HeapWatch.sampleEvery(2000);
		final double mb = planes * 1600.0 * 1200 / 1e6;
		System.out.printf(Locale.ROOT, "Codecs: the six crack photographs (uint8, 1600 x 1200) repeated to %d planes " +
			"(%.0f MB), embedded H2, default budget (%.0f MB), -Xmx %.0f MB, %d cores%n", planes, mb, SqlImageStack
				.defaultBudgetMb(), Measure.maxHeapMb(), Runtime.getRuntime().availableProcessors());
		final Compression[] codecs = { Compression.NONE, Compression.LZ4, Compression.ZSTD };
		final Path dir = Files.createTempDirectory("imagestack-codecs");
		try {
			// untimed: the JIT and the heap settle, so that the first codec measured is not the one that pays for it
			System.out.println("Warm-up (untimed): 60 planes per codec");
			for (final Compression codec : codecs)
				measure(dir.resolve(codec.label() + "-warm"), codec, photos, 60, 60 * 1600.0 * 1200 / 1e6);
			coding(photos, codecs);
			for (int round = 1; round <= 2; round++) {
				final Map<Compression, double[]> r = new EnumMap<>(Compression.class);
				for (int k = 0; k < codecs.length; k++) {
					final Compression codec = codecs[round == 1 ? k : codecs.length - 1 - k];
					r.put(codec, measure(dir.resolve(codec.label() + "-" + round), codec, photos, planes, mb));
				}
				print(round, codecs, r);
			}
		}
		finally {
			Measure.deleteTree(dir);
		}
	}

	/** @return ingest MB/s, read MB/s, file ÷ data, peak heap MB, GC seconds */
	private static double[] measure(final Path where, final Compression codec, final List<byte[]> photos,
		final int planes, final double mb) throws Exception
	{
		final String db = where.toString();
		final Path file = Path.of(db + ".mv.db");
		new ProcessBuilder("sync").inheritIO().start().waitFor();
		Measure.resetPeaks();
		final double gc0 = gcSeconds();
		long t = System.nanoTime();
		try (SqlImageStack s = SqlImageStack.create(db, "photos", PixelType.UINT8, 0, codec)) {
			for (int i = 0; i < planes; i++) {
				final Img<? extends RealType<?>> plane = ArrayImgs.unsignedBytes(photos.get(i % photos.size()).clone(),
					1600, 1200); // a fresh array per plane, as an import makes
				s.addImage(plane);
			}
			s.saveState();
		}
		final double ingest = mb / ((System.nanoTime() - t) / 1e9);
		final double size = Files.size(file) / 1e6 / mb;
		final double stored = storedBytes(db) / 1e6 / mb;
		t = System.nanoTime();
		long n = 0;
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "photos", 0)) {
			for (final Img<? extends RealType<?>> p : s) {
				final byte[] px = (byte[]) Planes.storage(Planes.asArrayImg(p)); // a new byte[] per plane
				n += px.length;
				if (px[px.length / 3] != photos.get((int) (n / px.length - 1) % photos.size())[px.length / 3])
					throw new AssertionError("plane " + (n / px.length - 1) + " reads back other pixels");
			}
		}
		if (n != planes * 1600L * 1200) throw new AssertionError("read " + n + " bytes");
		final double read = mb / ((System.nanoTime() - t) / 1e9);
		final double peak = Measure.peakHeapMb();
		final double gc = gcSeconds() - gc0;
		Files.delete(file);
		System.out.printf(Locale.ROOT, "  %-5s ingest %5.0f MB/s, read %5.0f MB/s, file %.3f x the data, peak heap " +
			"%.0f MB, GC %.1f s; cells hold %.3f x the data%n", codec.label(), ingest, read, size, peak, gc, stored);
		return new double[] { ingest, read, size, peak, gc };
	}

	private static void print(final int round, final Compression[] codecs, final Map<Compression, double[]> r) {
		final double[] none = r.get(Compression.NONE);
		System.out.printf(Locale.ROOT, "Round %d%n| codec | ingest MB/s | read-all MB/s | file ÷ data | peak heap MB | " +
			"GC s |%n|---|---|---|---|---|---|%n", round);
		for (final Compression c : codecs) {
			final double[] v = r.get(c);
			System.out.printf(Locale.ROOT, "| %s | %.0f (%.2fx) | %.0f (%.2fx) | %.3f | %.0f | %.1f |%n", c.label(),
				v[0], v[0] / none[0], v[1], v[1] / none[1], v[2], v[3], v[4]);
		}
		System.out.printf(Locale.ROOT, "live heap after full collections, largest so far: %d MB%n", HeapWatch
			.maxAfterGcMb());
	}

	/**
	 * Each codec's coding alone on one thread, without storage: the photographs cut into the stack's cells (512² of
	 * uint8, 256 KiB) encoded as a save encodes them (pixels to bytes, CRC, compression) and decoded as a read does
	 * (decompression, CRC check, bytes to pixels), 20 passes after 5 untimed. What a codec can give at most: a stack
	 * read at R MB/s uncompressed is read 1.5x as fast through a codec only if its decoding alone runs well above
	 * 1.5 R on the cores the read has.
	 */
	private static void coding(final List<byte[]> photos, final Compression[] codecs) throws Exception {
		final List<byte[]> cells = new ArrayList<>();
		for (final byte[] photo : photos)
			for (int y0 = 0; y0 < 1200; y0 += 512)
				for (int x0 = 0; x0 < 1600; x0 += 512) {
					final int w = Math.min(512, 1600 - x0), h = Math.min(512, 1200 - y0);
					final byte[] cell = new byte[w * h];
					for (int y = 0; y < h; y++)
						System.arraycopy(photo, (y0 + y) * 1600 + x0, cell, y * w, w);
					cells.add(cell);
				}
		final double mb = photos.size() * 1600.0 * 1200 / 1e6;
		final byte[] chunk = new byte[64 * 1024];
		System.out.println("Coding alone, one thread, no storage (MB/s of pixels):");
		for (final Compression codec : codecs) {
			final List<org.imagestack.sql.cells.CellCodec.Encoded> stored = new ArrayList<>();
			long enc = 0, dec = 0, bytes = 0;
			for (int pass = -5; pass < 20; pass++) {
				stored.clear();
				final long t0 = System.nanoTime();
				for (final byte[] c : cells)
					stored.add(org.imagestack.sql.cells.CellCodec.encode(PixelType.UINT8, c, codec, false));
				final long t1 = System.nanoTime();
				for (int k = 0; k < cells.size(); k++) {
					final org.imagestack.sql.cells.CellCodec.Encoded e = stored.get(k);
					final byte[] back = (byte[]) org.imagestack.sql.cells.CellCodec.decode(PixelType.UINT8, cells.get(k)
						.length, e.bytes(), e.compressed, e.crc, chunk, () -> "cell");
					if (back[back.length / 2] != cells.get(k)[back.length / 2]) throw new AssertionError("decoded wrong");
				}
				final long t2 = System.nanoTime();
				if (pass >= 0) {
					enc += t1 - t0;
					dec += t2 - t1;
				}
			}
			for (final org.imagestack.sql.cells.CellCodec.Encoded e : stored)
				bytes += e.length();
			System.out.printf(Locale.ROOT, "  %-5s encode %5.0f MB/s, decode %5.0f MB/s, stored %.3f x the data%n", codec
				.label(), 20 * mb / (enc / 1e9), 20 * mb / (dec / 1e9), bytes / 1e6 / mb);
		}
	}

	/** @return bytes of cell data as stored (compressed or not) */
	private static long storedBytes(final String db) throws Exception {
		try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + db,
			"sa", ""); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
				"SELECT SUM(OCTET_LENGTH(DATA)) FROM CELLS"))
		{
			rs.next();
			return rs.getLong(1);
		}
	}

	private static double gcSeconds() {
		long ms = 0;
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
			ms += Math.max(0, gc.getCollectionTime());
		return ms / 1e3;
	}
}
