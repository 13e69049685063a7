package org.imagestack.python;

import static org.imagestack.python.PythonSequenceTest.assertPyError;
import static org.imagestack.python.PythonSequenceTest.plane;
import static org.imagestack.python.PythonSequenceTest.stack;
import static org.imagestack.python.PythonSequenceTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.util.PythonInterpreter;

import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;
import org.imagestack.stack.AbstractImageStack;

/**
 * Python callables as plane functions, as Jython hands them to the stack's {@code Object}-taking
 * {@code executeFunction}/{@code executeRollingFunction}: functions that return a new plane, functions that change
 * the plane in place and return {@code None}, {@code functools.partial} objects, and what is not callable or
 * returns no image.
 */
class PythonCallablesTest {

	private static PythonInterpreter py;

	/** What the Python functions below call to make and change planes (Jython calls its public methods). */
	public static final class Planes {

		/** @return a new uint8 plane of one value */
		public Img<?> of(final int value) {
			return plane(value);
		}

		/** Adds to every pixel in place. */
		public void add(final RandomAccessibleInterval<? extends RealType<?>> img, final double d) {
			for (final RealType<?> t : net.imglib2.view.Views.flatIterable(img))
				t.setReal(t.getRealDouble() + d);
		}

		/** @return current - previous + 100, as a new plane */
		public Img<?> diff(final RandomAccessibleInterval<? extends RealType<?>> previous,
			final RandomAccessibleInterval<? extends RealType<?>> current)
		{
			final double d = current.getAt(0, 0).getRealDouble() - previous.getAt(0, 0).getRealDouble();
			return plane((int) d + 100);
		}
	}

	@BeforeAll
	static void start() {
		py = new PythonInterpreter();
		py.set("planes", new Planes());
		py.exec(String.join("\n", //
			"import functools", //
			"def plus_one(img):", //
			"    planes.add(img, 1)", //
			"def replace(img, value):", //
			"    return planes.of(value)", //
			"def diff(previous, current):", //
			"    return planes.diff(previous, current)", //
			"def mark(previous, current):", //
			"    planes.add(current, 5)", //
			"seven = functools.partial(replace, value=7)", //
			"def number(img):", //
			"    return 3", //
			"def text(previous, current):", //
			"    return 'plane'"));
	}

	@AfterAll
	static void stop() {
		py.close();
	}

	@Test
	void aFunctionReturningNoneChangedItsPlaneInPlace() {
		final AbstractImageStack s = stack(3);
		s.executeFunction((Object) py.get("plus_one"));
		assertEquals(List.of(1.0, 11.0, 21.0), values(s));
		s.executeFunction((Object) py.get("plus_one"), true);
		assertEquals(List.of(2.0, 12.0, 22.0), values(s));
		final Img<UnsignedByteType> img = plane(4);
		assertSame(img, PythonCallables.planeFunction(py.get("plus_one")).apply(img), "None: the plane itself");
		assertEquals(5, img.firstElement().get());
		final Img<UnsignedByteType> current = plane(8);
		assertSame(current, PythonCallables.rollingFunction(py.get("mark")).apply(plane(1), current));
	}

	@Test
	void aPartialReturningAPlaneReplacesIt() {
		final AbstractImageStack s = stack(2);
		s.executeFunction((Object) py.get("seven"));
		assertEquals(List.of(7.0, 7.0), values(s));
		final PlaneFunction f = PythonCallables.planeFunction(py.get("seven"));
		assertEquals(7.0, f.apply(plane(1)).getAt(0, 0).getRealDouble());
	}

	@Test
	void rollingFunctionsGetPreviousAndCurrent() {
		final AbstractImageStack s = stack(4); // 0, 10, 20, 30
		s.executeRollingFunction((Object) py.get("diff"), true);
		assertEquals(List.of(0.0, 110.0, 110.0, 110.0), values(s), "the first kept, each one against the one before");
		final AbstractImageStack t = stack(3);
		t.executeRollingFunction((Object) py.get("diff"), false);
		assertEquals(List.of(110.0, 110.0), values(t), "the first dropped");
		final AbstractImageStack u = stack(3);
		u.executeRollingFunction((Object) py.get("mark"), true, true);
		assertEquals(List.of(0.0, 15.0, 25.0), values(u), "None: the current plane was changed in place");
	}

	@Test
	void javaFunctionsPassThroughUnwrapped() {
		final PlaneFunction f = img -> img;
		final RollingFunction r = (a, b) -> b;
		assertSame(f, PythonCallables.planeFunction(f));
		assertSame(r, PythonCallables.rollingFunction(r));
	}

	@Test
	void notCallableAndNoImageAreTypeErrorsAndChangeNothing() {
		final AbstractImageStack s = stack(2);
		assertPyError(Py.TypeError, "expected a function of planes, got 'int' object, which is not callable",
			() -> s.executeFunction((Object) Integer.valueOf(3)));
		assertPyError(Py.TypeError, "expected a function of planes, got 'str' object, which is not callable",
			() -> s.executeRollingFunction((Object) Py.newString("f"), true));
		assertPyError(Py.TypeError, "expected a function of planes, got 'unicode' object, which is not callable",
			() -> s.executeRollingFunction((Object) "f", true, false));
		assertPyError(Py.TypeError,
			"the function must return an ImgLib2 image (or None after changing the plane in place), not 'int'",
			() -> s.executeFunction((Object) py.get("number"), false));
		assertPyError(Py.TypeError,
			"the function must return an ImgLib2 image (or None after changing the plane in place), not 'str'",
			() -> s.executeRollingFunction((Object) py.get("text"), false));
		assertEquals(List.of(0.0, 10.0), values(s), "nothing changed");
		final PyObject callable = PythonCallables.callable(py.get("plus_one"));
		assertSame(py.get("plus_one"), callable);
	}
}
