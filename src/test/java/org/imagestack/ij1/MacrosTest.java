package org.imagestack.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.WindowManager;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.io.ImageFiles;
import org.imagestack.service.DefaultImageStackService;
import org.imagestack.service.Progress;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** The string entry points for macros' call(...), run with no display and no dialog. */
class MacrosTest {

	@TempDir
	Path dir;

	@Test
	void everyOperationThroughStrings() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("in"));
		for (int i = 1; i <= 4; i++)
			ImageFiles.write(folder.resolve("p" + i + ".png"), AbstractImageStackTest.ramp(i * 10, 20, 10));
		final String db = dir.resolve("m").toString();
		String r = Macros.importSequence(folder.toString(), "*.png", db, "s", "uint8", "false", "8");
		assertTrue(r.startsWith("Imported 4 images"), r);
		// headless: built-in macro functions only (run("...") of a menu command needs ImageJ's menus: a display)
		r = Macros.applyToEveryPlane(db, "s", "", "", "for (y = 0; y < getHeight(); y++) for (x = 0; x < " +
			"getWidth(); x++) setPixel(x, y, 255 - getPixel(x, y));", "8");
		assertTrue(r.startsWith("Applied the macro to 4 planes"), r);
		r = Macros.applyRolling(db, "s", "subtract", "true", "8");
		assertTrue(r.startsWith("Applied rolling Subtract"), r);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertEquals(4, s.size());
			assertEquals(255 - 10, s.get(0).getAt(0, 0).getRealDouble(), "inverted, kept first");
			assertEquals(10, s.get(1).getAt(0, 0).getRealDouble(), "(255-10) - (255-20) = 10");
		}
		assertTrue(Macros.convertType(db, "s", "float32", "8").startsWith("Converted"));
		assertTrue(Macros.copyStack(db, "s", "t").startsWith("Copied s"));
		final String list = Macros.listStacks(db);
		assertTrue(list.startsWith("s\tfloat32\t4\t") && list.contains("\nt\tfloat32\t4\t"), list);
		final long before = Files.size(Path.of(db + ".mv.db"));
		assertTrue(Macros.deleteStack(db, "t").startsWith("Deleted"));
		assertTrue(Macros.compactDatabase(db).startsWith("Compacted " + db + ": "));
		assertTrue(Files.size(Path.of(db + ".mv.db")) <= before, "compacting does not grow the file");

		final ImagePlus imp = new ImagePlus("f", new FloatProcessor(3, 2, new float[] { 0, 0.5f, 1, -1, 0.25f, 0 }));
		WindowManager.setTempCurrentImage(imp);
		r = Macros.saveImage(db, "from-image", "same", "8");
		assertTrue(r.startsWith("Saved"), r);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "from-image")) {
			assertEquals(PixelType.FLOAT32, s.pixelType());
			assertEquals(-1, s.get(0).getAt(0, 1).getRealDouble());
			assertEquals(org.imagestack.Compression.NONE, s.compression(), "none when the macro names none");
		}
		assertEquals("s", Macros.openStack(db, "s", "true", "discard", "8"));
		WindowManager.setTempCurrentImage(null);
	}

	@Test
	void theCodecIsChosenInTheMacroThatCreatesTheStack() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("in"));
		for (int i = 1; i <= 4; i++)
			ImageFiles.write(folder.resolve("p" + i + ".png"), AbstractImageStackTest.ramp(i * 10, 20, 10));
		final String db = dir.resolve("c").toString();
		final String r = Macros.importSequence(folder.toString(), "*.png", db, "z", "same", "false", "8", "zstd");
		assertTrue(r.startsWith("Imported 4 images"), r);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "z")) {
			assertEquals(org.imagestack.Compression.ZSTD, s.compression(), "the codec chosen in the macro");
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(30, 20, 10)), AbstractImageStackTest
				.pixels(s.get(2)));
		}
		assertTrue(Macros.importSequence(folder.toString(), "*.png", db, "y", "same", "false", "8", "snappy")
			.contains("Unknown compression 'snappy'"), "an unknown codec is named");
		final ImagePlus imp = new ImagePlus("f", new FloatProcessor(3, 2, new float[] { 0, 0.5f, 1, -1, 0.25f, 0 }));
		WindowManager.setTempCurrentImage(imp);
		try {
			assertTrue(Macros.saveImage(db, "lz4-image", "same", "8", "lz4").startsWith("Saved"));
		}
		finally {
			WindowManager.setTempCurrentImage(null);
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "lz4-image")) {
			assertEquals(org.imagestack.Compression.LZ4, s.compression());
			assertEquals(-1, s.get(0).getAt(0, 1).getRealDouble());
		}
	}

	@Test
	void errorsComeBackAsText() {
		final String db = dir.resolve("e").toString();
		assertTrue(Macros.convertType(db, "nope", "uint8", "8").startsWith("Error: No database at"));
		org.imagestack.sql.SqlImageStack.create(db, "other", "uint8").close();
		assertTrue(Macros.convertType(db, "nope", "uint8", "8").startsWith("Error: No stack named 'nope'"));
		assertTrue(Macros.convertType(db, "nope", "float16", "8").startsWith("Error: "));
		assertTrue(Macros.applyRolling(db, "nope", "Blend", "false", "8").startsWith(
			"Error: Unknown rolling operation 'Blend'"));
		assertTrue(Macros.importSequence(dir.resolve("none").toString(), "*", db, "x", "uint8", "false", "8")
			.startsWith("Error: "));
	}

	@Test
	void aDistributedMapFromAMacroGivesWhatApplyToEveryPlaneGives() {
		final String db = dir.resolve("d").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 6; i++)
				s.addImage(AbstractImageStackTest.ramp(i * 40, 12, 9));
			s.saveState();
		}
		assertTrue(Macros.copyStack(db, "s", "reference").startsWith("Copied"));
		final String code = "for (y = 0; y < getHeight(); y++) for (x = 0; x < getWidth(); x++) setPixel(x, y, " +
			"(getPixel(x, y) + 9) * 1.5);";
		final String reference = Macros.applyToEveryPlane(db, "reference", "", "", code, "8");
		assertTrue(reference.startsWith("Applied"), reference);
		final String r = Macros.applyDistributed(db, "s", "brighten", "", "", code);
		assertTrue(r.startsWith("Applied the macro to 6 planes of stack 's'") && r.endsWith("(job 'brighten': 6/6 " +
			"planes done)"), r);
		assertEquals("6/6", Macros.jobProgress(db, "s", "brighten"));
		assertTrue(Macros.jobProgress(db, "s", "other").startsWith("Error: Stack 's' in "), Macros.jobProgress(db, "s",
			"other"));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s"); SqlImageStack ref = SqlImageStack
			.loadFromDatabase(db, "reference"))
		{
			for (int i = 0; i < 6; i++)
				assertEquals(AbstractImageStackTest.pixels(ref.get(i)), AbstractImageStackTest.pixels(s.get(i)));
			assertEquals((int) ((40 + 9) * 1.5), s.get(1).getAt(0, 0).getRealDouble(), "setPixel truncates");
		}
	}

	@Test
	void cancellingLeavesTheLastSavedState() {
		final String db = dir.resolve("c").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 5; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 8, 8));
			s.saveState();
		}
		final int[] updates = { 0 };
		final Progress escAfterTwo = new Progress() {

			@Override
			public void update(final int done, final int total) {
				updates[0] = done;
			}

			@Override
			public boolean cancelled() {
				return updates[0] >= 2; // the user pressed Esc after two planes
			}
		};
		org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
			() -> new DefaultImageStackService().applyToEveryPlane(db, "s", "", "", "changeValues(0, 255, 0);", 1, escAfterTwo));
		assertEquals(2, updates[0]);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			for (int i = 0; i < 5; i++)
				assertEquals(i, s.get(i).getAt(0, 0).getRealDouble(), "plane " + i + " as saved");
		}
	}
}
