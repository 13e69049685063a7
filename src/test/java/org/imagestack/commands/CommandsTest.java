package org.imagestack.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.imagestack.PixelType;
import org.imagestack.io.ImageFiles;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** Every Fiji command run through SciJava's CommandService in a real Context, results checked in the database. */
class CommandsTest {

	private static Context context;
	private static CommandService commands;

	@TempDir
	Path dir;

	@BeforeAll
	static void context() {
		context = new Context();
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	/** Runs a command with all pre- and postprocessing, as Fiji does, and waits for it. */
	private Module run(final Class<? extends org.scijava.command.Command> c, final Object... inputs)
		throws Exception
	{
		// through the module service: a DynamicCommand (Copy Stack) is its own module, not a CommandModule
		return context.service(ModuleService.class).run(commands.getCommand(c), true, inputs).get();
	}

	private File db() {
		return dir.resolve("crack").toFile();
	}

	private static ImagePlus threeSlices() {
		final ImageStack st = new ImageStack(8, 6);
		for (int i = 0; i < 3; i++) {
			final ByteProcessor bp = new ByteProcessor(8, 6);
			bp.setValue(40 * (i + 1));
			bp.fill();
			st.addSlice(bp);
		}
		return new ImagePlus("three", st);
	}

	@Test
	void saveOpenConvertCopyListDeleteCompact() throws Exception {
		run(SaveStackToDatabase.class, "imp", threeSlices(), "database", db(), "stack", "s", "type", "same",
			"budget", 16.0);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db().getPath(), "s")) {
			assertEquals(3, s.size());
			assertEquals(PixelType.UINT8, s.pixelType());
			assertEquals(120, s.get(2).getAt(3, 3).getRealDouble());
		}
		final ImagePlus opened = (ImagePlus) run(OpenStackFromDatabase.class, "database", db(), "stack", "s",
			"virtual", false, "on_close", "discard", "budget", 16.0).getOutput("image");
		assertEquals(3, opened.getStackSize());
		assertEquals(80, opened.getStack().getProcessor(2).get(0, 0));

		run(ConvertStackType.class, "database", db(), "stack", "s", "type", "uint16", "budget", 16.0);
		run(CopyStack.class, "database", db(), "stack", "s", "new", "s-copy");
		final String listing = (String) run(ListStacks.class, "database", db()).getOutput("stacks");
		assertTrue(listing.startsWith("s\tuint16\t3\t") && listing.contains("\ns-copy\tuint16\t3\t"), listing);
		run(DeleteStack.class, "database", db(), "stack", "s-copy");
		run(CompactDatabase.class, "database", db());
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db().getPath(), "s")) {
			assertEquals(PixelType.UINT16, s.pixelType());
			assertEquals(120 * 257, s.get(2).getAt(3, 3).getRealDouble());
		}
		assertEquals(List.of("s"), SqlImageStack.stackNames(db().getPath()));
	}

	@Test
	void importApplyAndRolling() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("photos"));
		for (final int i : new int[] { 10, 2, 1 })
			ImageFiles.write(folder.resolve("img" + i + ".tif"), AbstractImageStackTest.ramp(i, 16, 12));
		Files.write(folder.resolve("notes.txt"), new byte[] { 1 });
		run(ImportImageSequenceToDatabase.class, "folder", folder.toFile(), "filter", "*.tif", "database", db(),
			"stack", "p", "type", "same", "as_gray", false, "budget", 16.0);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db().getPath(), "p")) {
			assertEquals(3, s.size());
			assertEquals(List.of(1.0, 2.0, 10.0), firstPixels(s), "natural order");
		}
		// macro code on every plane (no dialog needed, so this runs headless too)
		run(ApplyToEveryPlane.class, "database", db(), "stack", "p", "command", "", "options", "", "macro",
			"changeValues(0, 5, 200);", "budget", 16.0);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db().getPath(), "p")) {
			assertEquals(List.of(200.0, 200.0, 10.0), firstPixels(s));
		}
		run(ApplyRollingOperation.class, "database", db(), "stack", "p", "operation", "Difference", "keep_first",
			false, "budget", 16.0);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db().getPath(), "p")) {
			assertEquals(2, s.size());
			assertEquals(List.of(0.0, 190.0), firstPixels(s), "|n-1 - n| of the original planes");
		}
	}

	static List<Double> firstPixels(final List<Img<? extends RealType<?>>> planes) {
		final List<Double> out = new ArrayList<>();
		for (final Img<? extends RealType<?>> p : planes)
			out.add(p.firstElement().getRealDouble());
		return out;
	}

	/** Compact is checked by what it is for: after deleting a stack, the file is no larger than what is left. */
	@Test
	void compactGivesSpaceBack() throws Exception {
		final String db = db().getPath();
		org.imagestack.ij1.ImageJ1MacroTest.noise(db, "bulk", 16, 512, 1); // 16 MB that do not compress
		final long before = Files.size(Path.of(db + ".mv.db"));
		run(DeleteStack.class, "database", db(), "stack", "bulk");
		final Module m = run(CompactDatabase.class, "database", db());
		final long after = Files.size(Path.of(db + ".mv.db"));
		assertTrue(before - after > 15_000_000L && after < 1_000_000L, before + " -> " + after);
		assertTrue(((String) m.getOutput("report")).startsWith("Compacted " + db + ": "), (String) m.getOutput(
			"report"));
	}

	@Test
	void errorsNameTheProblem() throws Exception {
		final Exception none = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> run(
			ConvertStackType.class, "database", db(), "stack", "missing", "type", "uint8", "budget", 16.0));
		assertTrue(String.valueOf(rootMessage(none)).contains("No database at"), rootMessage(none));
		org.imagestack.sql.SqlImageStack.create(db().toString(), "other", "uint8").close();
		final Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> run(
			ConvertStackType.class, "database", db(), "stack", "missing", "type", "uint8", "budget", 16.0));
		assertTrue(String.valueOf(rootMessage(e)).contains("No stack named 'missing'"), rootMessage(e));
	}

	@Test
	@org.junit.jupiter.api.Tag("server")
	void serverUrlsPassThroughAndPasswordsAreRefused() throws Exception {
		final String url = org.imagestack.servers.H2TestServer.get().newDatabase();
		run(SaveStackToDatabase.class, "imp", threeSlices(), "database", url, "stack", "s", "type", "same", "budget",
			16.0);
		run(CopyStack.class, "database", url, "stack", "s", "new", "t");
		final String listing = (String) run(ListStacks.class, "database", url).getOutput("stacks");
		assertTrue(listing.startsWith("s\tuint8\t3\t") && listing.contains("\nt\tuint8\t3\t"), listing);
		final Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> run(ListStacks.class,
			"database", url + ";PASSWORD=swordfish"));
		assertTrue(rootMessage(e).contains("holds a password, which would be recorded"), rootMessage(e));
		assertTrue(!rootMessage(e).contains("swordfish"), rootMessage(e));
	}

	static String rootMessage(Throwable t) {
		while (t.getCause() != null)
			t = t.getCause();
		return t.getMessage();
	}

	@Test
	void pluginsConfigAndTheSciJavaIndexListTheSameLabels() throws Exception {
		final TreeSet<String> ij1 = new TreeSet<>();
		final Matcher m = Pattern.compile("Plugins>ImageStack H2, \"([^\"]+)\"").matcher(new String(Files.readAllBytes(
			Path.of("plugins.config"))));
		while (m.find())
			ij1.add(m.group(1));
		final TreeSet<String> scijava = new TreeSet<>();
		final Matcher j = Pattern.compile("\"menuPath\":\"Plugins>ImageStack H2>([^\"]+)\"").matcher(new String(Files
			.readAllBytes(Path.of("target", "classes", "META-INF", "json", "org.scijava.plugin.Plugin"))));
		while (j.find())
			scijava.add(j.group(1));
		assertEquals(10, ij1.size());
		assertEquals(ij1, scijava);
		// and the jar's copy of plugins.config is the repository's
		assertEquals(new String(Files.readAllBytes(Path.of("plugins.config"))), new String(Files.readAllBytes(Path.of(
			"target", "classes", "plugins.config"))));
	}
}
