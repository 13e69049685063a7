package org.imagestack.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.Macro;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

import org.imagestack.ij1.Macros;
import org.imagestack.service.CommandSpec.Param;

/** The three front ends are built from one description per command, so their keys, labels and choices agree. */
class CommandSpecTest {

	private static Context context;

	@BeforeAll
	static void context() {
		context = new Context();
	}

	@AfterAll
	static void dispose() {
		context.dispose();
	}

	@Test
	void imageJ1LabelsGiveTheMacroKeys() {
		for (final CommandSpec c : CommandSpec.values())
			for (final Param p : c.params())
				assertEquals(p.key, Macro.trimKey(p.ij1Label()), c + " " + p.label);
		assertEquals("New stack name", CommandSpec.COPY.param("new").ij1Label());
		assertEquals("On_close", CommandSpec.OPEN.param("on_close").ij1Label());
	}

	@Test
	void theServiceIsFoundInAContext() {
		final ImageStackService s = context.service(ImageStackService.class);
		assertTrue(s instanceof DefaultImageStackService);
	}

	/** Each SciJava command has one input per parameter, with the spec's key, label, default and choices. */
	@Test
	void sciJavaCommandsAreBuiltFromTheSpecs() {
		final CommandService commands = context.service(CommandService.class);
		final ModuleService modules = context.service(ModuleService.class);
		int found = 0;
		for (final CommandInfo info : commands.getCommands()) {
			if (info.getMenuPath() == null || info.getMenuPath().size() < 2 || !"ImageStack H2".equals(info.getMenuPath()
				.get(1).getName())) continue;
			final CommandSpec spec = CommandSpec.byLabel(info.getMenuPath().getLeaf().getName());
			assertNotNull(spec, info.getMenuPath().toString());
			found++;
			final Module module = modules.createModule(info);
			final List<String> keys = new ArrayList<>();
			for (final ModuleItem<?> input : module.getInfo().inputs())
				if (spec.param(input.getName()) != null) {
					keys.add(input.getName());
					final Param p = spec.param(input.getName());
					assertTrue(input.getLabel().startsWith(p.label), input.getLabel());
					if (p.kind == CommandSpec.Kind.CHOICE) assertEquals(List.of(p.choices()), input.getChoices());
				}
			final List<String> expected = new ArrayList<>();
			for (final Param p : spec.params())
				expected.add(p.key);
			assertEquals(expected, keys, spec.label());
		}
		assertEquals(CommandSpec.values().length, found);
	}

	/** Each macro entry point takes the spec's parameters, in order. */
	@Test
	void macroEntryPointsTakeTheSpecsParameters() throws Exception {
		final String[][] entries = { { "saveImage", "SAVE" }, { "openStack", "OPEN" }, { "importSequence", "IMPORT" }, {
			"convertType", "CONVERT" }, { "applyToEveryPlane", "APPLY" }, { "applyRolling", "ROLLING" }, { "copyStack",
				"COPY" }, { "deleteStack", "DELETE" }, { "compactDatabase", "COMPACT" }, { "listStacks", "LIST" } };
		int publicMethods = 0;
		for (final Method m : Macros.class.getDeclaredMethods())
			if (Modifier.isPublic(m.getModifiers())) publicMethods++;
		// and the distributed map's two, which are no menu command (applyDistributed, jobProgress), and the in-place
		// forms (no output stack) of Convert, Apply and Apply Rolling, as macros of version 0.1 call them, and Save and
		// Import without the compression, as macros before it call them
		assertEquals(entries.length + 2 + 3 + 2, publicMethods);
		for (final String[] e : entries) {
			Method method = null;
			for (final Method m : Macros.class.getMethods())
				if (m.getName().equals(e[0]) && (method == null || m.getParameterCount() > method.getParameterCount()))
					method = m;
			assertNotNull(method, e[0]);
			assertEquals(CommandSpec.valueOf(e[1]).params().size(), method.getParameterCount(), e[0]);
		}
	}

	/** plugins.config names each command once, by its label, with the spec's name as argument. */
	@Test
	void pluginsConfigFollowsTheSpecs() throws Exception {
		final Matcher m = Pattern.compile("Plugins>ImageStack H2, \"([^\"]+)\", org\\.imagestack\\.ij1\\.ImageStackH2\\(\"(" +
			"\\w+)\"\\)").matcher(new String(Files.readAllBytes(Path.of("plugins.config"))));
		int n = 0;
		while (m.find()) {
			assertEquals(CommandSpec.byLabel(m.group(1)), CommandSpec.valueOf(m.group(2).toUpperCase()), m.group());
			n++;
		}
		assertEquals(CommandSpec.values().length, n);
	}

	/** Each dialog's Help button opens the README at a section that is there. */
	@Test
	void helpPointsAtTheReadmeSection() throws Exception {
		assertEquals("https://github.com/imagestack-h2/imagestack-h2/blob/main/README.md#apply-to-every-plane",
			CommandSpec.APPLY.helpUrl());
		final String readme = new String(Files.readAllBytes(Path.of("README.md")));
		for (final CommandSpec c : CommandSpec.values()) {
			assertTrue(readme.contains("\n### " + c.title() + "\n"), "README has a section '" + c.title() + "'");
			final Matcher line = Pattern.compile("run\\(\"" + Pattern.quote(c.label()) + "\", \"([^\"]*)\"\\);").matcher(
				readme);
			assertTrue(line.find(), "README shows a macro line for " + c.label());
			for (final String word : line.group(1).split(" (?![^\\[]*\\])"))
				assertNotNull(c.param(word.split("=")[0]), c.label() + ": README's key " + word);
		}
		// README points at nothing outside the repository
		assertTrue(!readme.contains("../") && !readme.contains("~/.m2"), "README points outside the repository");
		final Matcher pictures = Pattern.compile("\\]\\((doc/[^)]+)\\)").matcher(readme);
		int n = 0;
		while (pictures.find()) {
			assertTrue(Files.size(Path.of(pictures.group(1))) < 100_000, pictures.group(1));
			n++;
		}
		assertTrue(n >= 4, "README shows the screenshots");
	}
}
