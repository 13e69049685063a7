package org.imagestack.ij1;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.TiffEncoder;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;

/**
 * The long menu commands over a stack of more than 1 GB in a real ImageJ 1 with a 512 MB heap, each at the dialogs'
 * default budget (0, automatic): Import Image Sequence to Database from a folder of float32 TIFFs, Apply to Every
 * Plane, Convert Stack Type, Save Stack to Database from ImageJ's own virtual stack of that folder, and a filter over
 * the database's virtual stack saved in place. Launched as {@link ImageJ1MacroTest} launches ImageJ, with a GC log
 * whose peak live heap the test prints; the databases are checked from Java.
 */
class ImageJ1GigabyteTest {

	static final int HEAP_MB = 512;
	static final int PLANES = 64, SIDE = 2048; // 64 x 16 MiB = 1,074 MB

	@TempDir
	Path dir;

	/** Plane {@code i}'s pixel at (x, y): exact in float32, below 0.75 so that +0.25 stays in uint16's [0, 1]. */
	static float value(final int i, final int x, final int y) {
		return i / 128f + x / 8192f + y / 1048576f;
	}

	/** Writes the planes as float32 TIFFs with ImageJ's encoder, one 16 MiB array reused (the heap holds one plane). */
	static void writeTiffs(final Path folder) throws IOException {
		final float[] px = new float[SIDE * SIDE];
		final ImagePlus imp = new ImagePlus("plane", new FloatProcessor(SIDE, SIDE, px));
		for (int i = 0; i < PLANES; i++) {
			for (int y = 0; y < SIDE; y++)
				for (int x = 0; x < SIDE; x++)
					px[y * SIDE + x] = value(i, x, y);
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve(String.format(
				"plane%03d.tif", i))), 1 << 20))
			{
				new TiffEncoder(imp.getFileInfo()).write(out);
			}
		}
	}

	/**
	 * The largest heap left after a collection in a {@code -Xlog:gc} file ("... Pause Young ... 300M->120M(512M) ..."),
	 * in MB: after any collection (G1's young pauses leave dead old objects counted), and after a full one (what was
	 * live then; -1 if there was none).
	 */
	static int[] peaksAfterGc(final Path gcLog) throws IOException {
		final Pattern after = Pattern.compile("->(\\d+)M\\(");
		final int[] peaks = { -1, -1 };
		for (final String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
			final Matcher m = after.matcher(line);
			if (!m.find()) continue;
			final int mb = Integer.parseInt(m.group(1));
			peaks[0] = Math.max(peaks[0], mb);
			if (line.contains("Pause Full")) peaks[1] = Math.max(peaks[1], mb);
		}
		return peaks;
	}

	@Test
	@Tag("slow")
	void gigabyteStackThroughTheMenuCommands() throws Exception {
		Required.present(ImageJ1MacroTest.xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		final Path imagej = ImageJ1MacroTest.imageJ(dir);
		final Path tiffs = Files.createDirectories(dir.resolve("tiffs"));
		final String db = dir.resolve("gb").toString();
		final Path gcLog = dir.resolve("imagej-gc.log");
		final Path macro = dir.resolve("gigabyte.ijm");
		try (java.io.InputStream in = getClass().getResourceAsStream("/ij1/gigabyte.ijm")) {
			Files.copy(in, macro);
		}
		final long start = System.nanoTime();
		final String out;
		try {
			writeTiffs(tiffs);
			System.out.printf("wrote %d TIFFs (%d MB) in %.1f s%n", PLANES, PLANES * 16L * 1048576 / 1_000_000,
				(System.nanoTime() - start) / 1e9);
			out = ImageJ1MacroTest.runImageJ(dir, imagej, "-Xmx" + HEAP_MB + "m -Xlog:gc:file=" + gcLog, "-batch", macro,
				tiffs + "|" + db, 480);
		}
		finally {
			try (Stream<Path> files = Files.list(tiffs)) {
				for (final Path f : (Iterable<Path>) files::iterator)
					Files.delete(f);
			}
		}
		final int[] peaks = peaksAfterGc(gcLog);
		System.out.printf("ImageJ with the 1 GB stack: %.1f s in all (TIFFs included); heap after collections at most " +
			"%d MB of %d MB, after full collections at most %d MB; database file %d MB%n", (System.nanoTime() - start) /
				1e9, peaks[0], HEAP_MB, peaks[1], Files.size(Path.of(db + ".mv.db")) / 1_000_000);
		assertTrue(out.contains("DONE"), "the macro ran to its end");
		assertFalse(out.contains("FAIL") || out.contains("MISSING") || out.contains("rror") || out.contains(
			"OutOfMemory") || out.contains("Out of memory"), out);
		for (final String step : new String[] { "import", "apply", "convert", "save", "filter and save in place" })
			assertTrue(out.contains("TIME " + step + " "), step + ": " + out);

		assertEquals(Arrays.asList("seq", "saved"), SqlImageStack.stackNames(db));
		final int[][] points = { { 0, 0 }, { 2047, 2047 }, { 1000, 17 }, { 5, 1999 } };
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "seq")) { // imported, + 0.25, to uint16
			assertEquals(PLANES, s.size());
			assertEquals(PixelType.UINT16, s.pixelType());
			for (final int i : new int[] { 0, 1, 31, 63 })
				for (final int[] xy : points)
					assertEquals((value(i, xy[0], xy[1]) + 0.25) * 65535, s.get(i).getAt(xy[0], xy[1]).getRealDouble(), 1,
						"seq plane " + i + " at " + Arrays.toString(xy));
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "saved")) { // saved from the TIFFs, + 1 in place
			assertEquals(PLANES, s.size());
			assertEquals(PixelType.FLOAT32, s.pixelType());
			for (final int i : new int[] { 0, 1, 31, 63 })
				for (final int[] xy : points)
					assertEquals(value(i, xy[0], xy[1]) + 1f, s.get(i).getAt(xy[0], xy[1]).getRealDouble(), 0,
						"saved plane " + i + " at " + Arrays.toString(xy));
		}
	}
}
