package org.imagestack.ij1;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.PixelType;
import org.imagestack.io.ImageFiles;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.StackRecord;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Issue 24: Fiji as a macro user lives it, in a real ImageJ 1 under Xvfb with openbox (the tests that play a person:
 * {@link GuiProbePerson} clicks the menu, types into the dialogs, presses OK, Cancel and Esc), and in batch mode (the
 * leak). Screenshots go to a temporary folder, or to {@code -Dimagestack.screenshots=doc/screenshots}.
 */
@Tag("slow")
class MacroUserTest {

	/** Debian's ImageJ (package imagej): 1.53t, whatever the jar's file name says. */
	static final Path DEBIAN_IJ = Paths.get("/usr/share/java/ij.jar");

	@TempDir
	Path dir;

	private static void requireDisplay() {
		Required.present(ImageJ1MacroTest.xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		Required.present(new File("/usr/bin/openbox").canExecute(), "openbox is not installed (.ci/run installs it)");
		Required.present(new File("/usr/bin/xprop").canExecute(), "xprop is not installed (.ci/run installs x11-utils)");
	}

	private static Path ijJar(final String which) {
		if (which.equals("debian")) {
			Required.present(Files.isReadable(DEBIAN_IJ), "Debian's imagej package is not installed");
			return DEBIAN_IJ;
		}
		return ImageJ1MacroTest.onClassPath("ij-");
	}

	private Path shots() throws Exception {
		final String screenshots = System.getProperty("imagestack.screenshots");
		return screenshots == null ? Files.createDirectories(dir.resolve("shots")) : Files.createDirectories(Paths.get(
			screenshots).toAbsolutePath());
	}

	private Path photos() throws Exception {
		final Path photos = Files.createDirectories(dir.resolve("photos"));
		for (int i = 1; i <= 4; i++)
			ImageFiles.write(photos.resolve("p" + i + ".png"), AbstractImageStackTest.ramp(i * 30, 64, 48));
		return photos;
	}

	/** Starts a {@link GuiProbePerson} session from a one-line macro, ImageJ with its window under openbox. */
	private String session(final Path ijJar, final Path imagej, final String session, final String argument,
		final Path log, final int seconds) throws Exception
	{
		final Path macro = dir.resolve(session + ".ijm");
		Files.write(macro, ("call(\"org.imagestack.ij1.GuiProbePerson.start\", \"" + session + "\", getArgument());\n")
			.getBytes(StandardCharsets.UTF_8));
		ImageJ1MacroTest.runImageJ(ijJar, dir, imagej, "-Xmx" + ImageJ1MacroTest.HEAP_MB + "m", "-macro", macro,
			argument + "|" + log, seconds);
		final String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		System.out.println("ImageJ's Log:\n" + text);
		return text;
	}

	/**
	 * Item 1: each of the ten commands run from its dialog with the Recorder open records a line with every setting;
	 * the recorded lines replayed in a new ImageJ (batch mode) on a fresh database give the same catalog and pixels.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "maven", "debian" })
	void theRecorderRecordsEverySettingAndItsLinesReplay(final String which) throws Exception {
		requireDisplay();
		final Path ijJar = ijJar(which);
		final Path imagej = ImageJ1MacroTest.imageJ(dir);
		final Path photos = photos();
		final String recordedDb = dir.resolve("recorded").toString();
		final Path recorded = dir.resolve("recorded.ijm");
		final String log = session(ijJar, imagej, "record", photos + "|" + recordedDb + "|" + recorded + "|" + shots(),
			dir.resolve("record-log.txt"), 240);
		assertFalse(log.contains("PROBE session failed") || log.contains("FAIL"), log);
		final String macro = new String(Files.readAllBytes(recorded), StandardCharsets.UTF_8);
		// every setting in the line, not a bare run("Copy Stack...")
		for (final String line : new String[] { "run(\"Import Image Sequence to Database...\", \"folder=", "filter=*.png",
			"stack=specimen type=uint8 as_gray budget=16", "run(\"Save Stack to Database...\", \"database=",
			"stack=saved16 type=uint16 budget=16", "stack=saved16 output=conv type=float32 budget=16",
			"stack=specimen output=blur command=[Gaussian Blur...] options=",
			"stack=blur output=diff operation=Difference keep_first budget=16", "stack=diff new=diff-copy",
			"run(\"Delete Stack...\", \"database=", "stack=conv\");", "run(\"Compact Database...\", \"database=",
			"run(\"List Stacks...\", \"database=" })
			assertTrue(macro.contains(line), "recorded: " + line + "\n" + macro);
		assertFalse(macro.contains("...\");"), "no command recorded bare:\n" + macro);

		// replayed in a new ImageJ, with the database path changed
		final String replayedDb = dir.resolve("replayed").toString();
		final Path replay = dir.resolve("replay.ijm");
		Files.write(replay, ("setBatchMode(true);\n" + macro.replace(recordedDb, replayedDb) + "\nprint(\"REPLAYED\");\n")
			.getBytes(StandardCharsets.UTF_8));
		final String out = ImageJ1MacroTest.runImageJ(ijJar, dir, imagej, "-Xmx" + ImageJ1MacroTest.HEAP_MB + "m",
			"-batch", replay, "", 180);
		assertTrue(out.contains("REPLAYED"), out);
		assertSameStacks(recordedDb, replayedDb);
		assertEquals(List.of("specimen", "saved16", "blur", "diff", "diff-copy"), SqlImageStack.stackNames(replayedDb));
	}

	/** Same catalog (names, types, plane counts) and the same pixels. */
	static void assertSameStacks(final String a, final String b) {
		final List<StackRecord> ra = SqlImageStack.listStacks(a), rb = SqlImageStack.listStacks(b);
		assertEquals(ra.size(), rb.size(), "stacks");
		for (int i = 0; i < ra.size(); i++) {
			assertEquals(ra.get(i).name(), rb.get(i).name());
			assertEquals(ra.get(i).type(), rb.get(i).type(), ra.get(i).name());
			assertEquals(ra.get(i).planeCount(), rb.get(i).planeCount(), ra.get(i).name());
			try (SqlImageStack sa = SqlImageStack.loadFromDatabase(a, ra.get(i).name()); SqlImageStack sb = SqlImageStack
				.loadFromDatabase(b, ra.get(i).name()))
			{
				for (int p = 0; p < sa.size(); p++)
					assertSamePixels(sa.get(p), sb.get(p), ra.get(i).name() + " plane " + p);
			}
		}
	}

	private static void assertSamePixels(final Img<? extends RealType<?>> a, final Img<? extends RealType<?>> b,
		final String what)
	{
		final Cursor<? extends RealType<?>> ca = a.localizingCursor();
		final net.imglib2.RandomAccess<? extends RealType<?>> rb = b.randomAccess();
		while (ca.hasNext()) {
			ca.fwd();
			rb.setPosition(ca);
			if (ca.get().getRealDouble() != rb.get().getRealDouble()) throw new org.opentest4j.AssertionFailedError(
				what + ": pixel " + java.util.Arrays.toString(ca.positionAsLongArray()) + " differs");
		}
	}

	/**
	 * Items 2, 4, 5, 6 from the menus: Esc in ImageJ's window while Gaussian Blur runs is a cancel; Delete neither
	 * pre-selects an open stack nor asks before refusing it; a window on a converted stack shows the new type and
	 * saves; a missing folder is named and not remembered; the stack choice follows the database field; the Stacks
	 * table refreshes after Copy.
	 */
	@Test
	void asAMacroUserLivesIt() throws Exception {
		requireDisplay();
		final Path imagej = ImageJ1MacroTest.imageJ(dir);
		final String db = dir.resolve("crack").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "gv", PixelType.UINT8, 0)) {
			for (int i = 0; i < 5; i++)
				s.addImage(AbstractImageStackTest.ramp(i * 40, 320, 240));
			s.saveState();
		}
		ImageJ1MacroTest.noise(db, "many", 12, 1024, 5);
		try (SqlImageStack s = SqlImageStack.create(db, "gdel", PixelType.UINT8, 0)) {
			s.addImage(AbstractImageStackTest.ramp(1, 8, 8));
			s.saveState();
		}
		final String other = dir.resolve("other").toString();
		try (SqlImageStack s = SqlImageStack.create(other, "o1", PixelType.UINT8, 0)) {
			s.addImage(AbstractImageStackTest.ramp(1, 8, 8));
			s.saveState();
		}
		final String missing = dir.resolve("no").resolve("such").resolve("crack").toString();
		final String log = session(ijJar("maven"), imagej, "person", db + "|" + other + "|" + missing + "|" + photos() +
			"|" + shots(), dir.resolve("person-log.txt"), 300);
		assertFalse(log.contains("PROBE session failed") || log.contains("PROBE FAIL"), log);
		// Esc while the filter runs: the user's cancel, no error
		assertTrue(log.contains("Cancelled: stack 'many' left at its last save"), log);
		assertFalse(log.contains("error in Apply to Every Plane"), log);
		assertTrue(log.contains("PROBE dialogs after Esc: []"), log);
		// Delete: not pre-selected, refused before any question
		final Matcher pre = Pattern.compile("PROBE Delete pre-selects '([^']*)'").matcher(log);
		assertTrue(pre.find(), log);
		assertFalse(pre.group(1).equals("gv"), "Delete pre-selected the open stack");
		assertTrue(log.contains("PROBE after Delete of an open stack: 'Delete Stack' says: Stack 'gv' is open in image"),
			log);
		// Convert: the window shows the new type and saves
		assertTrue(log.contains("PROBE window bit depth before Convert: 8"), log);
		assertTrue(log.contains("PROBE window bit depth after Convert: 32"), log);
		assertTrue(log.contains("PROBE status after Save: Saved 5 planes of stack 'gv'"), log);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "gv")) {
			assertEquals(PixelType.FLOAT32, s.pixelType());
		}
		// a missing folder
		assertTrue(log.contains("PROBE missing folder says: No folder " + Paths.get(missing).getParent()), log);
		assertFalse(Files.exists(dir.resolve("no")), "no folder made");
		assertFalse(log.contains("PROBE remembered after the failure: " + missing), log);
		// the stack choice follows the database field
		assertTrue(log.contains("PROBE choices for the other database: o1\n"), log);
		assertTrue(log.contains("PROBE choices for no database: []"), log);
		// the table
		assertTrue(log.contains("PROBE table rows after Copy: 4"), log);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "many")) {
			assertEquals(12, s.size());
		}
	}

	/**
	 * Item 2: Cancel in a dialog of a macro run as ImageJ's macro editor runs it does what ImageJ's own commands do
	 * (Gaussian Blur's dialog, same macro): no Macro Error, no error in the Log.
	 */
	@Test
	void cancelInAMacrosDialogEndsItQuietly() throws Exception {
		requireDisplay();
		final Path imagej = ImageJ1MacroTest.imageJ(dir);
		final String own = session(ijJar("maven"), imagej, "cancel", "Gaussian Blur...|Gaussian Blur...", dir.resolve(
			"own-log.txt"), 120);
		// what ImageJ's own command does after Cancel (1.54p: the macro goes on), ours does too, without an error
		final String text = session(ijJar("maven"), imagej, "cancel", "Copy Stack...|Copy Stack", dir.resolve(
			"cancel-log.txt"), 120);
		assertTrue(text.contains("BEFORE") && text.contains("PROBE pressed Cancel in 'Copy Stack'"), text);
		assertEquals(own.contains("AFTER THE CANCEL"), text.contains("AFTER THE CANCEL"), "as ImageJ's own command");
		assertFalse(text.contains("ImageStack-H2 error"), "Cancel is no error: " + text);
		assertTrue(text.contains("PROBE dialogs after Cancel: []"), "no Macro Error: " + text);
	}

	/**
	 * Item 3: a virtual stack opened and closed in batch mode is released each time: thirty cycles end where ten did
	 * (the live heap after a full collection, within 40 MB).
	 */
	@Test
	void batchModeVirtualStacksAreReleased() throws Exception {
		Required.present(ImageJ1MacroTest.xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		final Path imagej = ImageJ1MacroTest.imageJ(dir);
		final String db = dir.resolve("leak").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "big", PixelType.FLOAT32, 32)) {
			for (int i = 0; i < 12; i++)
				s.addImage(ArrayImgs.floats(new float[2048 * 2048], 2048, 2048));
			s.saveState();
		}
		final Path macro = dir.resolve("leak.ijm");
		Files.write(macro, ("setBatchMode(true);\n" +
			"function heap() { call(\"java.lang.System.gc\"); wait(200); call(\"java.lang.System.gc\"); " +
			"return parseInt(IJ.currentMemory()) / 1048576; }\n" + //
			"for (i = 1; i <= 30; i++) {\n" + //
			"  run(\"Open Stack from Database...\", \"database=[" + db + "] stack=big virtual on_close=discard budget=32\");\n" +
			"  setSlice(5); v = getPixel(3, 3);\n" + //
			"  close();\n" + //
			"  if (i == 10) { wait(1500); print(\"HEAP10 \" + heap()); }\n" + //
			"}\n" + //
			"wait(1500);\n" + // the watcher releases what no macro holds any more
			"print(\"HEAP30 \" + heap());\n" + //
			"print(\"OPEN \" + call(\"org.imagestack.ij1.GuiProbe.openVirtualStacks\"));\n").getBytes(
				StandardCharsets.UTF_8));
		final String out = ImageJ1MacroTest.runMacro(dir, imagej, macro, "", 180);
		final Matcher h10 = Pattern.compile("HEAP10 ([0-9.]+)").matcher(out), h30 = Pattern.compile("HEAP30 ([0-9.]+)")
			.matcher(out);
		assertTrue(h10.find() && h30.find(), out);
		final double ten = Double.parseDouble(h10.group(1)), thirty = Double.parseDouble(h30.group(1));
		System.out.println("live heap after 10 cycles " + ten + " MB, after 30 " + thirty + " MB");
		assertTrue(thirty - ten < 40, "thirty cycles end where ten did: " + ten + " MB -> " + thirty + " MB");
		assertTrue(out.contains("OPEN 0"), "every virtual stack released: " + out);
	}
}
