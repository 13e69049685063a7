package org.imagestack.jython;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.python.util.PythonInterpreter;

import org.imagestack.PixelType;
import org.imagestack.demo.SyntheticSpecimen;
import org.imagestack.io.ImageFiles;
import org.imagestack.sql.SqlImageStack;

/**
 * Runs the Fiji script templates (src/main/resources/script_templates/ImageStack_H2) and the Python-idiom scripts in
 * real Jython 2.7.4, with the scripts' {@code #@} parameters supplied as Fiji would, on synthetic data and on the
 * real crack photographs.
 */
class JythonScriptsTest {

	static final Path TEMPLATES = Paths.get("src", "main", "resources", "script_templates", "ImageStack_H2");
	static final Path PHOTOS = Paths.get("..", "shared", "data", "crackdect-example-images");

	@TempDir
	Path dir;

	/** Runs a script file with the given variables set; returns what it printed. */
	static String run(final Path script, final Map<String, Object> parameters, final Map<String, Object> outputs)
		throws Exception
	{
		try (PythonInterpreter py = new PythonInterpreter()) {
			final StringWriter out = new StringWriter();
			py.setOut(out);
			parameters.forEach(py::set);
			try (InputStream in = Files.newInputStream(script)) {
				py.execfile(in, script.getFileName().toString());
			}
			if (outputs != null) for (final String name : outputs.keySet())
				outputs.put(name, py.get(name, Object.class));
			return out.toString();
		}
	}

	private static Map<String, Object> params(final Object... kv) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	/** @return a folder of {@code steps} PNGs {@code step1.png}, ... of the specimen's load steps */
	private Path series(final SyntheticSpecimen specimen, final int steps) throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("series"));
		for (int i = 0; i < steps; i++)
			ImageFiles.write(folder.resolve("step" + (i + 1) + ".png"), specimen.plane(i, steps));
		return folder;
	}

	@Test
	void everyTemplateOnASyntheticSeries() throws Exception {
		final Path folder = series(new SyntheticSpecimen(160, 120, 12, 3), 6);
		final File db = dir.resolve("crack").toFile();

		String out = run(TEMPLATES.resolve("Ingest_Folder_to_Database.py"), params("folder", folder.toFile(),
			"pattern", "*.png", "database", db, "stack_name", "specimen", "pixel_type", "float32", "budget", 1,
			"as_gray", true), null);
		assertTrue(out.contains("ingested 6 images"), out);

		final double before;
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db.getPath(), "specimen")) {
			before = variance(s.get(5));
		}
		out = run(TEMPLATES.resolve("Apply_Filter_to_Every_Plane.py"), params("database", db, "stack_name",
			"specimen", "sigma", 2.0, "parallel", true), null);
		assertTrue(out.contains("blurred 6 planes"), out);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db.getPath(), "specimen")) {
			assertTrue(variance(s.get(5)) < before / 2, "blurring lowers the texture's variance");
		}

		out = run(TEMPLATES.resolve("Rolling_Difference.py"), params("database", db, "stack_name", "specimen",
			"diff_name", "specimen-diff"), null);
		assertTrue(out.contains("specimen-diff: 5 difference planes"), out);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db.getPath(), "specimen"); SqlImageStack d = SqlImageStack
			.loadFromDatabase(db.getPath(), "specimen-diff"))
		{ // plane n of the difference = max(plane n - plane n+1, 0) of the specimen: what appeared darker
			assertEquals(5, d.size());
			double darkened = 0;
			for (int n = 0; n < 5; n++)
				for (int y = 0; y < 120; y += 7)
					for (int x = 0; x < 160; x += 5) {
						final double expected = Math.max(s.get(n).getAt(x, y).getRealDouble() - s.get(n + 1).getAt(x, y)
							.getRealDouble(), 0);
						assertEquals(expected, d.get(n).getAt(x, y).getRealDouble(), 1e-6, "plane " + n + " at " + x + "," +
							y);
						darkened += expected;
					}
			assertTrue(darkened > 0, "cracks appear between the load steps: the check is not vacuous");
		}

		final Path export = Files.createDirectories(dir.resolve("export"));
		out = run(TEMPLATES.resolve("Export_Stack_to_TIFF.py"), params("database", db, "stack_name", "specimen",
			"output", export.toFile()), null);
		assertTrue(out.contains("exported 6 planes"), out);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db.getPath(), "specimen")) {
			final Img<? extends RealType<?>> tif = ImageFiles.read(export.resolve("plane-0003.tif"));
			assertEquals(PixelType.FLOAT32, PixelType.of(tif));
			assertEquals(s.get(2).getAt(40, 30).getRealDouble(), tif.getAt(40, 30).getRealDouble());
		}

		final Map<String, Object> outputs = params("densities", null);
		out = run(TEMPLATES.resolve("Crack_Density.py"), params("folder", folder.toFile(), "pattern", "*.png",
			"threshold", 100.0), outputs);
		final String[] lines = outputs.get("densities").toString().split("\n");
		assertEquals(6, lines.length, out);
		assertTrue(fraction(lines[0]) == 0 && fraction(lines[5]) > fraction(lines[2]), outputs.toString());
	}

	@Test
	void twoDistributedWorkersGiveWhatOneFilterRunGives() throws Exception {
		final Path folder = series(new SyntheticSpecimen(96, 72, 8, 5), 8);
		final String db = dir.resolve("shared").toString();
		run(TEMPLATES.resolve("Ingest_Folder_to_Database.py"), params("folder", folder.toFile(), "pattern", "*.png",
			"database", new File(db), "stack_name", "specimen", "pixel_type", "float32", "budget", 1, "as_gray", true),
			null);
		SqlImageStack.loadFromDatabase(db, "specimen").copy("reference").close();
		run(TEMPLATES.resolve("Apply_Filter_to_Every_Plane.py"), params("database", new File(db), "stack_name",
			"reference", "sigma", 1.5, "parallel", false), null);
		final List<Map<String, Object>> mine = new ArrayList<>();
		final Thread[] workers = new Thread[2];
		for (int w = 0; w < 2; w++) {
			final Map<String, Object> outputs = params("mine", null);
			mine.add(outputs);
			workers[w] = new Thread(() -> {
				try {
					run(TEMPLATES.resolve("Distributed_Filter_Worker.py"), params("database", db, "stack_name",
						"specimen", "job", "blur", "sigma", 1.5), outputs);
				}
				catch (final Exception e) {
					outputs.put("mine", e);
				}
			});
			workers[w].start();
		}
		for (int w = 0; w < 2; w++)
			workers[w].join();
		assertEquals(8, ((Number) mine.get(0).get("mine")).intValue() + ((Number) mine.get(1).get("mine")).intValue(),
			mine.toString());
		assertEquals("8/8", SqlImageStack.jobProgress(db, "specimen", "blur").toString());
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "specimen"); SqlImageStack r = SqlImageStack
			.loadFromDatabase(db, "reference"))
		{
			for (int i = 0; i < 8; i++)
				assertEquals(org.imagestack.stack.AbstractImageStackTest.pixels(r.get(i)), org.imagestack.stack
					.AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
	}

	@Test
	void crackDensityOnTheRealPhotographs() throws Exception {
		Required.present(Files.isDirectory(PHOTOS), "crack photographs not found at " + PHOTOS.toAbsolutePath() +
			": skipped");
		final Map<String, Object> outputs = params("densities", null);
		run(TEMPLATES.resolve("Crack_Density.py"), params("folder", PHOTOS.toFile(), "pattern", "*.bmp", "threshold",
			100.0), outputs);
		final String[] lines = outputs.get("densities").toString().split("\n");
		assertEquals(6, lines.length);
		// dark-pixel fraction grows with the load: about 0.048 in the first photograph, 0.093 in the last
		assertEquals(0.048, fraction(lines[0]), 0.01);
		assertEquals(0.093, fraction(lines[5]), 0.01);
		final String out = run(TEMPLATES.resolve("Ingest_Folder_to_Database.py"), params("folder", PHOTOS.toFile(),
			"pattern", "*.bmp", "database", dir.resolve("photos").toFile(), "stack_name", "specimen", "pixel_type",
			"uint8", "budget", 8, "as_gray", true), null);
		assertTrue(out.contains("ingested 6 images"), out);
	}

	@Test
	void sqlIdioms() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("pngs"));
		final SyntheticSpecimen specimen = new SyntheticSpecimen(64, 48, 4, 9);
		for (int i = 0; i < 4; i++)
			ImageFiles.write(folder.resolve("img" + i + ".png"), specimen.plane(i, 4));
		final Path script = dir.resolve("sql_idioms.py");
		try (InputStream in = getClass().getResourceAsStream("/jython/sql_idioms.py")) {
			Files.copy(in, script);
		}
		final String out = run(script, params("db", dir.resolve("idioms").toString(), "folder", folder.toString(),
			"label", "sql"), null);
		assertTrue(out.contains("sql: sql idioms passed"), out);
	}

	private static double fraction(final String line) {
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	private static double variance(final Img<? extends RealType<?>> img) {
		double sum = 0, sum2 = 0;
		long n = 0;
		for (final RealType<?> t : img) {
			final double v = t.getRealDouble();
			sum += v;
			sum2 += v * v;
			n++;
		}
		return sum2 / n - (sum / n) * (sum / n);
	}
}
