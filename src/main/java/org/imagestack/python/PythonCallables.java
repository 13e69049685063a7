package org.imagestack.python;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.python.core.Py;
import org.python.core.PyObject;

import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;

/**
 * Turns any Python callable (a function, a lambda, a bound method, a {@code functools.partial}) into a
 * {@link PlaneFunction} or {@link RollingFunction}. Jython itself coerces plain functions and lambdas to those
 * interfaces, but not other callables such as {@code functools.partial} objects; the stacks' {@code Object}-taking
 * {@code executeFunction} overloads come here.
 * <p>
 * A callable that returns {@code None} is taken to have changed its (current) plane in place.
 * </p>
 */
public final class PythonCallables {

	private PythonCallables() {}

	/**
	 * @param f a {@link PlaneFunction} or a Python callable of one plane
	 * @return a plane function calling it
	 */
	public static PlaneFunction planeFunction(final Object f) {
		if (f instanceof PlaneFunction) return (PlaneFunction) f;
		final PyObject callable = callable(f);
		return img -> result(callable.__call__(Py.java2py(img)), img);
	}

	/**
	 * @param f a {@link RollingFunction} or a Python callable of two planes (previous, current)
	 * @return a rolling function calling it
	 */
	public static RollingFunction rollingFunction(final Object f) {
		if (f instanceof RollingFunction) return (RollingFunction) f;
		final PyObject callable = callable(f);
		return (previous, current) -> result(callable.__call__(Py.java2py(previous), Py.java2py(current)),
			current);
	}

	static PyObject callable(final Object f) {
		final PyObject py = f instanceof PyObject ? (PyObject) f : Py.java2py(f);
		if (!py.isCallable()) throw Py.TypeError("expected a function of planes, got '" + py.getType()
			.fastGetName() + "' object, which is not callable");
		return py;
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends RealType<?>> result(final PyObject out,
		final Img<? extends RealType<?>> inPlace)
	{
		if (out == Py.None) return inPlace;
		final Object java = out.__tojava__(RandomAccessibleInterval.class);
		if (java == Py.NoConversion) throw Py.TypeError("the function must return an ImgLib2 image (or None " +
			"after changing the plane in place), not '" + out.getType().fastGetName() + "'");
		return (RandomAccessibleInterval<? extends RealType<?>>) java;
	}
}
