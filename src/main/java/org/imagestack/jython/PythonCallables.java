package org.imagestack.jython;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;
import org.python.core.Py;
import org.python.core.PyObject;

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

	private static PyObject callable(final Object f) {
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

	/**
	 * @param f a Python callable of one ImageJ processor
	 * @return a processor function calling it (None: changed in place)
	 */
	public static org.imagestack.ij.ProcessorFunction processorFunction(final Object f) {
		final PyObject callable = callable(f);
		return ip -> processor(callable.__call__(Py.java2py(ip)));
	}

	/**
	 * @param f a Python callable of two ImageJ processors (previous, current)
	 * @return a rolling processor function calling it (None: current changed in place)
	 */
	public static org.imagestack.ij.ProcessorFunctions.RollingProcessorFunction rollingProcessorFunction(
		final Object f)
	{
		final PyObject callable = callable(f);
		return (a, b) -> processor(callable.__call__(Py.java2py(a), Py.java2py(b)));
	}

	private static ij.process.ImageProcessor processor(final PyObject out) {
		if (out == Py.None) return null;
		final Object java = out.__tojava__(ij.process.ImageProcessor.class);
		if (java == Py.NoConversion) throw Py.TypeError("the function must return an ImageProcessor (or None after " +
			"changing it in place), not '" + out.getType().fastGetName() + "'");
		return (ij.process.ImageProcessor) java;
	}
}
