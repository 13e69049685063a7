package org.imagestack.jython;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringWriter;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.python.core.PyObject;
import org.python.util.PythonInterpreter;

import org.imagestack.ImageStack;
import org.imagestack.memory.MemoryImageStack;

/** Runs src/test/resources/jython/idioms.py in real Jython 2.7 against each stack kind. */
public class JythonIdiomsTest {

	/** Runs the idioms script with {@code Stack(typeName)} making stacks of one kind. */
	static String runIdioms(final String label, final Function<String, ImageStack> factory) throws Exception {
		try (PythonInterpreter py = new PythonInterpreter();
			InputStream script = JythonIdiomsTest.class.getResourceAsStream("/jython/idioms.py"))
		{
			final StringWriter out = new StringWriter();
			py.setOut(out);
			py.set("label", label);
			py.set("Stack", new PyObject() {

				@Override
				public PyObject __call__(final PyObject arg) {
					return org.python.core.Py.java2py(factory.apply(arg.asString()));
				}
			});
			py.execfile(script, "idioms.py");
			return out.toString();
		}
	}

	@org.junit.jupiter.api.io.TempDir
	java.nio.file.Path dir;

	@Test
	public void sqlStackIdioms() throws Exception {
		final String db = dir.resolve("idioms").toString();
		final java.util.List<org.imagestack.sql.SqlImageStack> made = new java.util.ArrayList<>();
		try {
			final String out = runIdioms("sql", type -> {
				// a tiny budget: every idiom pages through the database
				final org.imagestack.sql.SqlImageStack s = org.imagestack.sql.SqlImageStack.create(db, "s" + made.size(), type,
					0.0001);
				made.add(s);
				return s;
			});
			assertTrue(out.contains("sql: all idioms passed"), out);
		}
		finally {
			for (final org.imagestack.sql.SqlImageStack s : made)
				s.close();
		}
	}

	@Test
	public void memoryStackIdioms() throws Exception {
		final String out = runIdioms("memory", MemoryImageStack::new);
		assertTrue(out.contains("memory: all idioms passed"), out);
	}
}
