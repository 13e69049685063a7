package org.imagestack.jython;

import org.python.core.Py;
import org.python.core.PyObject;

import org.imagestack.imagej.ProcessorFunction;
import org.imagestack.imagej.ProcessorFunctions.RollingProcessorFunction;

/**
 * Any Python callable (a function, a bound method, a {@code functools.partial}) as a function of ImageJ processors,
 * for {@link org.imagestack.imagej.ProcessorFunctions}. Jython itself turns plain functions and lambdas into
 * {@link ProcessorFunction}s; this is for the other callables:
 *
 * <pre>
 * from org.imagestack.jython import PythonProcessors
 * stack.executeFunction(ProcessorFunctions.wrap(PythonProcessors.of(functools.partial(blur, sigma=2))))
 * </pre>
 */
public final class PythonProcessors {

	private PythonProcessors() {}
	/**
	 * @param f a Python callable of one ImageJ processor
	 * @return a processor function calling it (None: changed in place)
	 */
	public static ProcessorFunction of(final Object f) {
		final PyObject callable = callable(f);
		return ip -> processor(callable.__call__(Py.java2py(ip)));
	}

	/**
	 * @param f a Python callable of two ImageJ processors (previous, current)
	 * @return a rolling processor function calling it (None: current changed in place)
	 */
	public static RollingProcessorFunction ofRolling(final Object f)
	{
		final PyObject callable = callable(f);
		return (a, b) -> processor(callable.__call__(Py.java2py(a), Py.java2py(b)));
	}

	private static PyObject callable(final Object f) {
		final PyObject py = f instanceof PyObject ? (PyObject) f : Py.java2py(f);
		if (!py.isCallable()) throw Py.TypeError("expected a function of processors, got '" + py.getType()
			.fastGetName() + "' object, which is not callable");
		return py;
	}

	private static ij.process.ImageProcessor processor(final PyObject out) {
		if (out == Py.None) return null;
		final Object java = out.__tojava__(ij.process.ImageProcessor.class);
		if (java == Py.NoConversion) throw Py.TypeError("the function must return an ImageProcessor (or None after " +
			"changing it in place), not '" + out.getType().fastGetName() + "'");
		return (ij.process.ImageProcessor) java;
	}
}
