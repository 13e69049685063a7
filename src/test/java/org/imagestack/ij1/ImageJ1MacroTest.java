package org.imagestack.ij1;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.io.ImageFiles;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A real ImageJ 1 (the net.imagej:ij jar) with our jar and H2 in its plugins folder runs a macro calling every menu
 * command by label and keys, under Xvfb (ImageJ builds AWT menus to run a command), with a time limit since a macro
 * error would open a modal dialog. ImageJ's exit code says nothing: the macro's printed lines are checked, then the
 * databases from Java.
 */
public class ImageJ1MacroTest {

	/** The heap given to that ImageJ: the virtual stack below is almost twice as large. */
	static final int HEAP_MB = 384;

	@TempDir
	Path dir;

	static Path onClassPath(final String prefix) {
		for (final String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
			final Path p = Paths.get(e);
			if (p.getFileName().toString().startsWith(prefix) && e.endsWith(".jar")) return p;
		}
		throw new IllegalStateException(prefix + "*.jar is not on the test class path");
	}

	/** Our plugin jar, as Maven packages it: target/classes (with plugins.config at its root) in a jar. */
	static void jar(final Path classes, final Path jar) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(
			classes))
		{
			for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	/** What our jar needs beside ImageJ: H2, ImgLib2, and SciJava Common (with Parsington) for the service. */
	static final String[] DEPENDENCIES = { "h2-", "imglib2-", "scijava-common-", "parsington-" };

	/** The test helper {@link GuiProbe}, in a jar of its own (test classes, not shipped). */
	static void probeJar(final Path jar) throws IOException {
		final Path classes = Paths.get("target", "test-classes");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(
			classes.resolve("org/imagestack/ij1")))
		{
			for (final Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("GuiProbe"))::iterator) {
				out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	/** A plain ImageJ folder whose plugins folder holds our jar and, in plugins/jars, its dependencies. */
	static Path imageJ(final Path dir) throws IOException {
		final Path ij = Files.createDirectories(dir.resolve("ImageJ"));
		final Path jars = Files.createDirectories(ij.resolve("plugins").resolve("jars"));
		jar(Paths.get("target", "classes"), ij.resolve("plugins").resolve("ImageStack_H2-test.jar"));
		for (final String dep : DEPENDENCIES)
			Files.copy(onClassPath(dep), jars.resolve(onClassPath(dep).getFileName()));
		probeJar(jars.resolve("imagestack-test-probe.jar"));
		return ij;
	}

	/**
	 * Runs a macro in ImageJ 1 under Xvfb with a {@link #HEAP_MB} heap.
	 *
	 * @return what ImageJ printed
	 */
	static String runMacro(final Path dir, final Path ij, final Path macro, final String argument,
		final int seconds) throws Exception
	{
		return runImageJ(dir, ij, "-batch", macro, argument, seconds);
	}

	/**
	 * Runs ImageJ 1 under Xvfb (a 1280x900 screen) with a window manager when {@code mode} is {@code -macro} (ImageJ's
	 * window and image windows, as a person sees them), or none for {@code -batch}.
	 *
	 * @return what ImageJ printed
	 */
	static String runImageJ(final Path dir, final Path ij, final String mode, final Path macro, final String argument,
		final int seconds) throws Exception
	{
		return runImageJ(dir, ij, "-Xmx" + HEAP_MB + "m", mode, macro, argument, seconds);
	}

	/**
	 * Runs ImageJ 1 as {@link #runImageJ(Path, Path, String, Path, String, int)} does, with the given options for its
	 * JVM (the heap, a GC log).
	 *
	 * @return what ImageJ printed
	 */
	static String runImageJ(final Path dir, final Path ij, final String jvmOptions, final String mode,
		final Path macro, final String argument, final int seconds) throws Exception
	{
		return runImageJ(onClassPath("ij-"), dir, ij, jvmOptions, mode, macro, argument, seconds);
	}

	/**
	 * Runs ImageJ 1 from a given ij.jar (Maven's 1.54p, or Debian's 1.53t in /usr/share/java) as
	 * {@link #runImageJ(Path, Path, String, String, Path, String, int)} does.
	 *
	 * @return what ImageJ printed
	 */
	static String runImageJ(final Path ijJar, final Path dir, final Path ij, final String jvmOptions,
		final String mode, final Path macro, final String argument, final int seconds) throws Exception
	{
		final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		final String imagej = java + " " + jvmOptions + " -jar " + ijJar + " -ijpath " + ij + " " + mode +
			" " + macro + " '" + argument + "'";
		// the window manager started and holding the display (its _NET_SUPPORTING_WM_CHECK on the root window), then
		// ImageJ; openbox is started again when it holds nothing after 10 s (CI twice saw one that never did, under
		// load), three tries at most, and what it said is shown when it never does
		final Path openboxLog = dir.resolve("openbox-out.txt");
		final String held = "xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'";
		final String session = mode.equals("-batch") ? imagej : "for try in 1 2 3; do (openbox >>'" + openboxLog +
			"' 2>&1 &) ; for i in $(seq 100); do " + held + " && break 2; sleep 0.1; done; done; " + held + " || { " +
			"echo 'openbox did not take the display in three tries of 10 s; it said:'; cat '" + openboxLog + "'; " +
			"exit 97; }; " + imagej;
		final List<String> cmd = new ArrayList<>(Arrays.asList("xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
			"bash", "-c", session));
		final Path log = dir.resolve("imagej-out.txt");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		final boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
		if (!finished) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly().waitFor();
		}
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		System.out.println("ImageJ 1 said:\n" + out);
		assertTrue(finished, "ImageJ finished within " + seconds + " s (a dialog would hang it)");
		assertTrue(p.exitValue() != 97, "ImageJ never started: no window manager held the display:\n" + out);
		return out;
	}

	static boolean xvfb() {
		return new File("/usr/bin/xvfb-run").canExecute();
	}

	@Test
	@Tag("slow")
	void everyCommandRunsFromAMacro() throws Exception {
		Required.present(xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		final Path imagej = imageJ(dir);
		final Path photos = Files.createDirectories(dir.resolve("photos"));
		for (int i = 1; i <= 4; i++)
			ImageFiles.write(photos.resolve("p" + i + ".png"), AbstractImageStackTest.ramp(i * 30, 64, 48));
		final String db = dir.resolve("crack").toString();
		final String big = dir.resolve("big").toString();
		try (SqlImageStack s = SqlImageStack.create(big, "big", PixelType.FLOAT32, 32)) {
			for (int i = 0; i < 80; i++) { // 80 x 8 MiB = 671 MB, almost twice the heap this ImageJ gets
				final float[] px = new float[2048 * 1024];
				Arrays.fill(px, i / 100f);
				s.addImage(ArrayImgs.floats(px, 2048, 1024));
			}
			s.saveState();
		}
		final String compact = dir.resolve("compact").toString();
		noise(compact, "bulk", 24, 512, 3); // 24 MB that do not compress
		final Path macro = dir.resolve("commands.ijm");
		try (java.io.InputStream in = getClass().getResourceAsStream("/ij1/commands.ijm")) {
			Files.copy(in, macro);
		}
		final String[] lockedAfterClose = { "not checked" };
		final Thread checker = lockChecker(big, lockedAfterClose);
		final String out = runMacro(dir, imagej, macro, photos + "|" + db + "|" + big + "|" + dir + "|" + compact, 240);
		checker.join(1000);
		assertTrue(out.contains("DONE"), "the macro ran to its end");
		assertFalse(out.contains("FAIL") || out.contains("MISSING") || out.contains("error"), out);
		assertTrue(out.contains("OK all labels installed") && out.contains("OK virtual stack opened"), out);
		assertEquals("open to others", lockedAfterClose[0], "a virtual stack closed in batch mode releases the database");

		// Apply to Every Plane with Gaussian Blur, both paths: the same pixels as the command on an in-memory copy
		final ij.ImagePlus expected = ij.IJ.openImage(dir.resolve("expected-blur.tif").toString());
		try (SqlImageStack sj = SqlImageStack.loadFromDatabase(db, "seqsj")) {
			assertEquals(4, sj.size());
			for (int i = 0; i < 4; i++)
				assertPixels(expected.getStack().getProcessor(i + 1), sj.get(i), "SciJava path, plane " + i);
		}
		try (SqlImageStack orig = SqlImageStack.create(dir.resolve("check").toString(), "x", PixelType.UINT8, 0)) {
			for (int i = 0; i < 4; i++) // what the blur changed: the check above is not vacuous
				orig.addImage(ImageFiles.read(photos.resolve("p" + (i + 1) + ".png"), false));
			assertTrue(differs(expected.getStack().getProcessor(2), orig.get(1)), "the blur changes pixels");
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "seq")) {
			assertEquals(3, s.size());
			assertEquals(PixelType.FLOAT32, s.pixelType());
			// plane 1 = |blur(p1) - blur(p2)|, from the ImageJ 1 path's blurred planes
			final ij.process.ImageProcessor b1 = expected.getStack().getProcessor(1), b2 = expected.getStack()
				.getProcessor(2);
			for (final int[] xy : new int[][] { { 0, 0 }, { 10, 20 }, { 63, 47 } })
				assertEquals(Math.abs(b1.get(xy[0], xy[1]) - b2.get(xy[0], xy[1])) / 255.0, s.get(0).getAt(xy[0], xy[1])
					.getRealDouble(), 1e-6, "rolling difference of the blurred planes at " + Arrays.toString(xy));
		}
		assertEquals(Arrays.asList("seq", "seqsj", "fromimage"), SqlImageStack.stackNames(db));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "fromimage")) {
			assertEquals(PixelType.UINT16, s.pixelType());
			assertEquals(3, s.size());
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(big, "big", 32)) {
			for (final int i : new int[] { 0, 1, 2, 39, 78, 79 })
				assertEquals(i / 100f + 0.25f, s.get(i).getAt(2000, 1000).getRealDouble(), 1e-6, "plane " + i);
		}
		final java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("COMPACT (\\d+) (\\d+)").matcher(out);
		assertTrue(sizes.find(), out);
		assertTrue(Long.parseLong(sizes.group(1)) - Long.parseLong(sizes.group(2)) > 20_000_000L,
			"compacting after deleting 25 MB of planes gives them back: " + sizes.group());
		assertEquals(Files.size(Paths.get(compact + ".mv.db")), Long.parseLong(sizes.group(2)));
	}

	/**
	 * Saves a stack of planes of seeded random values in [0, 1) (they do not compress).
	 *
	 * @return the first plane's pixels
	 */
	public static float[] noise(final String database, final String name, final int planes, final int side,
		final long seed)
	{
		final java.util.Random random = new java.util.Random(seed);
		float[] first = null;
		try (SqlImageStack s = SqlImageStack.create(database, name, PixelType.FLOAT32, 8)) {
			for (int i = 0; i < planes; i++) {
				final float[] px = new float[side * side];
				for (int k = 0; k < px.length; k++)
					px[k] = random.nextFloat();
				if (first == null) first = px;
				s.addImage(ArrayImgs.floats(px, side, side));
			}
			s.saveState();
		}
		return first;
	}

	/**
	 * Waits for the macro's {@code closed.txt}, then tries to open the database from this process (another one than
	 * ImageJ: H2 refuses while ImageJ holds it), and answers with {@code checked.txt}.
	 */
	private Thread lockChecker(final String database, final String[] result) {
		final Thread t = new Thread(() -> {
			try {
				final long end = System.currentTimeMillis() + 200_000;
				while (!Files.exists(dir.resolve("closed.txt")) && System.currentTimeMillis() < end)
					Thread.sleep(100);
				// released within 30 s: the watcher polls, and a loaded machine (CI, parallel builds) is slow to close;
				// a stack that is never released stays locked
				final long released = System.currentTimeMillis() + 30_000;
				while (System.currentTimeMillis() < released) {
					try {
						SqlImageStack.stackNames(database);
						result[0] = "open to others";
						break;
					}
					catch (final org.imagestack.DatabaseLockedException e) {
						result[0] = "locked by ImageJ";
						Thread.sleep(100);
					}
				}
				Files.write(dir.resolve("checked.txt"), new byte[0]);
			}
			catch (final Exception e) {
				result[0] = e.toString();
			}
		}, "lock checker");
		t.setDaemon(true);
		t.start();
		return t;
	}

	static void assertPixels(final ij.process.ImageProcessor expected,
		final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> actual,
		final String what)
	{
		final net.imglib2.RandomAccess<? extends net.imglib2.type.numeric.RealType<?>> ra = actual.randomAccess();
		for (int y = 0; y < expected.getHeight(); y++)
			for (int x = 0; x < expected.getWidth(); x++) {
				ra.setPosition(new int[] { x, y });
				if (expected.getf(x, y) != ra.get().getRealFloat()) throw new org.opentest4j.AssertionFailedError(what +
					": pixel (" + x + ", " + y + ") is " + ra.get().getRealFloat() + ", the command on a copy gives " +
					expected.getf(x, y));
			}
	}

	static boolean differs(final ij.process.ImageProcessor a,
		final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> b)
	{
		try {
			assertPixels(a, b, "");
			return false;
		}
		catch (final AssertionError e) {
			return true;
		}
	}

	@Test
	@Tag("slow")
	void anErrorStopsTheMacro() throws Exception {
		Required.present(xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		final Path ij = imageJ(dir);
		final Path macro = dir.resolve("error.ijm");
		Files.write(macro, ("print(\"before\");\n" +
			"run(\"Convert Stack Type...\", \"database=[" + dir.resolve("none") + "] stack=nope type=uint8 budget=0\");\n" +
			"print(\"AFTER THE ERROR\");\n").getBytes(StandardCharsets.UTF_8));
		final long start = System.nanoTime();
		final String out = runMacro(dir, ij, macro, "", 60);
		assertTrue(out.contains("before"), out);
		assertTrue(out.contains("ImageStack-H2 error in Convert Stack Type: No database at " + dir.resolve("none")), out);
		assertFalse(out.contains("AFTER THE ERROR"), "the macro stopped at the failing command: " + out);
		assertTrue(System.nanoTime() - start < 50e9, "no dialog waited for a person");
	}

	/**
	 * ImageJ with its window under a window manager, as a person uses it: the virtual stack's window (scrolling asks
	 * nothing on close; Cancel in the save prompt keeps the window and the edit; Save writes it), one progress bar and
	 * "plane i of N" during Apply to Every Plane, Esc, and, from the menu, the Open dialog and Delete's confirmation.
	 * Screenshots go to a temporary folder, or to {@code -Dimagestack.screenshots=doc/screenshots} (README's pictures).
	 */
	@Test
	@Tag("slow")
	void asAPersonSeesIt() throws Exception {
		Required.present(xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		Required.present(new File("/usr/bin/openbox").canExecute(), "openbox is not installed (.ci/run installs it)");
		Required.present(new File("/usr/bin/xprop").canExecute(), "xprop is not installed (.ci/run installs x11-utils)");
		final Path imagej = imageJ(dir);
		final String db = dir.resolve("crack").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "gv", PixelType.UINT8, 0)) {
			for (int i = 0; i < 5; i++)
				s.addImage(AbstractImageStackTest.ramp(i * 40, 320, 240));
			s.saveState();
		}
		final float[] first = noise(db, "many", 12, 1024, 5);
		try (SqlImageStack s = SqlImageStack.create(db, "gdel", PixelType.UINT8, 0)) {
			s.addImage(AbstractImageStackTest.ramp(1, 8, 8));
			s.saveState();
		}
		final String screenshots = System.getProperty("imagestack.screenshots");
		final Path shots = screenshots == null ? Files.createDirectories(dir.resolve("shots")) : Files
			.createDirectories(Paths.get(screenshots).toAbsolutePath());
		final Path logFile = dir.resolve("gui-log.txt");
		final Path macro = dir.resolve("gui.ijm");
		try (java.io.InputStream in = getClass().getResourceAsStream("/ij1/gui.ijm")) {
			Files.copy(in, macro);
		}
		runImageJ(dir, imagej, "-macro", macro, db + "|" + shots + "|" + logFile, 240);
		final String log = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
		System.out.println("ImageJ's Log:\n" + log);
		assertTrue(log.contains("MACRO DONE"), log);
		assertFalse(log.contains("FAIL") || log.contains("MISSING"), log);
		assertTrue(log.contains("PROBE no dialog 'ImageStack H2'"), "closing after scrolling asked nothing");
		// the whole message, the useful tail (the stacks there are) included, the path as typed
		assertTrue(log.contains("PROBE dialog 'Macro Error' says: No stack named 'nope' in " + db + ".mv.db; its " +
			"stacks: gv, many, gdel"), log);
		assertTrue(log.contains("ImageStack-H2 error in Convert Stack Type: No stack named 'nope' in " + db), log);
		assertFalse(log.contains("AFTER THE ERROR"), "the error stopped the macro");
		assertTrue(log.contains("PROBE pressed Cancel in 'ImageStack H2'") && log.contains(
			"OK Cancel keeps the window") && log.contains("OK Cancel keeps the edit"), log);
		assertTrue(log.contains("PROBE pressed Save in 'ImageStack H2'"), log);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "gv")) {
			assertEquals(40 + 7 + 13 + 50, s.get(1).getAt(1, 1).getRealDouble(), "the edit of slice 2, saved");
			assertEquals(7 + 13, s.get(0).getAt(1, 1).getRealDouble(), "slice 1 untouched");
		}
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("MANY AFTER ESC (\\S+)").matcher(log);
		assertTrue(m.find(), log);
		assertEquals(first[5 * 1024 + 5], Float.parseFloat(m.group(1)), 1e-4, "after Esc: the stack as last saved");
		assertTrue(log.contains("OK status shows plane i of N") && log.contains("OK the bar never went back"), log);
		// the menu: Delete asks; Cancel keeps the stack, Delete deletes it
		assertTrue(log.contains("PROBE picked gdel in 'Delete Stack'"), log);
		assertTrue(log.contains("PROBE pressed Cancel in 'Confirm Delete'") && log.contains(
			"PROBE after Cancel: stacks gv\nmany\ngdel"), log);
		assertTrue(log.contains("PROBE after Delete: stacks gv\nmany\n") && !log.contains("after Delete: stacks gv\nmany\ngdel"), log);
		assertEquals(Arrays.asList("gv", "many"), SqlImageStack.stackNames(db));
		for (final String png : new String[] { "virtual-stack.png", "save-changes.png", "open-dialog.png",
			"delete-confirm.png", "imagej.png", "menu.png" })
		{
			assertTrue(Files.size(shots.resolve(png)) > 1000, png);
			assertTrue(Files.size(shots.resolve(png)) < 100_000, png + " stays small");
		}
	}
}
