package org.imagestack.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
class ImageJ1MacroTest {

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

	/** An ImageJ folder whose plugins folder holds our jar and, in plugins/jars, H2 and ImgLib2. */
	static Path imageJ(final Path dir) throws IOException {
		final Path ij = Files.createDirectories(dir.resolve("ImageJ"));
		final Path jars = Files.createDirectories(ij.resolve("plugins").resolve("jars"));
		jar(Paths.get("target", "classes"), ij.resolve("plugins").resolve("ImageStack_H2-test.jar"));
		for (final String dep : new String[] { "h2-", "imglib2-" })
			Files.copy(onClassPath(dep), jars.resolve(onClassPath(dep).getFileName()));
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
		final List<String> cmd = new ArrayList<>(Arrays.asList("xvfb-run", "-a", Paths.get(System.getProperty(
			"java.home"), "bin", "java").toString(), "-Xmx" + HEAP_MB + "m", "-jar", onClassPath("ij-").toString(), "-ijpath", ij
				.toString(), "-batch", macro.toString(), argument));
		final Path log = dir.resolve("imagej-out.txt");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		final boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
		if (!finished) p.destroyForcibly().waitFor();
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		System.out.println("ImageJ 1 said:\n" + out);
		assertTrue(finished, "ImageJ finished within " + seconds + " s (a dialog would hang it)");
		return out;
	}

	static boolean xvfb() {
		return new File("/usr/bin/xvfb-run").canExecute();
	}

	@Test
	void everyCommandRunsFromAMacro() throws Exception {
		assumeTrue(xvfb(), "xvfb-run is not installed (.ci/run installs xvfb)");
		final Path ij = imageJ(dir);
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
		final Path macro = dir.resolve("commands.ijm");
		try (java.io.InputStream in = getClass().getResourceAsStream("/ij1/commands.ijm")) {
			Files.copy(in, macro);
		}
		final String out = runMacro(dir, ij, macro, photos + "|" + db + "|" + big, 150);
		assertTrue(out.contains("DONE"), "the macro ran to its end");
		assertFalse(out.contains("FAIL") || out.contains("MISSING") || out.contains("error"), out);
		assertTrue(out.contains("OK all labels installed") && out.contains("OK virtual stack opened"), out);

		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "seq")) {
			assertEquals(3, s.size());
			assertEquals(PixelType.FLOAT32, s.pixelType());
		}
		assertEquals(Arrays.asList("seq", "fromimage"), SqlImageStack.stackNames(db));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "fromimage")) {
			assertEquals(PixelType.UINT16, s.pixelType());
			assertEquals(3, s.size());
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(big, "big", 32)) {
			for (final int i : new int[] { 0, 1, 2, 39, 78, 79 })
				assertEquals(i / 100f + 0.25f, s.get(i).getAt(2000, 1000).getRealDouble(), 1e-6, "plane " + i);
		}
	}
}
