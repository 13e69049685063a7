package org.imagestack.python;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PySlice;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;

/**
 * Python's sequence protocol for image stacks in Jython: what {@code s[i]}, {@code s[a:b:c]}, {@code s[i] = img},
 * {@code s[a:b] = images} and {@code del s[...]} do, with the seed's semantics and Python's errors
 * ({@code IndexError}, {@code ValueError}, {@code TypeError}), so that {@code except IndexError} works.
 * <p>
 * Jython calls a Java class's {@code __getitem__}, {@code __setitem__} and {@code __delitem__} methods;
 * {@code org.imagestack.stack.AbstractImageStack} declares them and delegates here. Only Jython calls them, so this class (and Jython)
 * is loaded only inside Jython.
 * </p>
 */
public final class PythonSequence {

	private PythonSequence() {}

	/**
	 * {@code s[key]}.
	 *
	 * @param stack the stack
	 * @param key an int (negative counts from the end) or a slice
	 * @return the plane, or a new stack of the same pixel type for a slice (see
	 *         {@link ImageStack#slice(int[])})
	 */
	public static Object getItem(final ImageStack stack, final Object key) {
		if (key instanceof PySlice) return stack.slice(indices((PySlice) key, stack.size()));
		return stack.get(index(stack, key));
	}

	/**
	 * {@code s[key] = value}: the value is converted to the stack's type.
	 *
	 * @param stack the stack
	 * @param key an int or a slice
	 * @param value an image, or for a slice an iterable of exactly as many images as the slice selects
	 * @param assign stores images at indices, all or nothing (every image converted first)
	 */
	public static void setItem(final ImageStack stack, final Object key, final Object value,
		final Assignment assign)
	{
		if (!(key instanceof PySlice)) {
			stack.set(index(stack, key), image(value));
			return;
		}
		final int[] targets = indices((PySlice) key, stack.size());
		final List<Img<? extends RealType<?>>> images = images(value);
		if (images.size() != targets.length) throw Py.ValueError(images.size() + " images provided to override " +
			targets.length + " images!");
		assign.assign(targets, images);
	}

	/** What stores a slice's images: all of them or, when one fails, none. */
	@FunctionalInterface
	public interface Assignment {

		/**
		 * @param targets valid indices
		 * @param images as many images
		 */
		void assign(int[] targets, List<Img<? extends RealType<?>>> images);
	}

	/**
	 * {@code del s[key]}.
	 *
	 * @param stack the stack
	 * @param key an int (negative counts from the end) or a slice
	 */
	public static void delItem(final ImageStack stack, final Object key) {
		if (key instanceof PySlice) {
			final int[] targets = indices((PySlice) key, stack.size());
			java.util.Arrays.sort(targets);
			for (int k = targets.length - 1; k >= 0; k--)
				stack.remove(targets[k]);
			return;
		}
		stack.removeImage(index(stack, key));
	}

	/**
	 * {@code s.append(img)} (Jython's own list support passes the Python wrapper, which a Java list cannot hold).
	 *
	 * @param stack the stack
	 * @param value an image
	 */
	public static void append(final ImageStack stack, final Object value) {
		stack.add(image(value));
	}

	/**
	 * {@code s.insert(i, img)}: as Python's list, an index past either end inserts at that end.
	 *
	 * @param stack the stack
	 * @param index where, negative counting from the end
	 * @param value an image
	 */
	public static void insert(final ImageStack stack, final int index, final Object value) {
		final int size = stack.size();
		final int at = index < 0 ? Math.max(0, index + size) : Math.min(index, size);
		stack.add(at, image(value));
	}

	/**
	 * {@code s.extend(images)}: all or nothing, as {@code addAll}.
	 *
	 * @param stack the stack
	 * @param values an iterable of images
	 */
	public static void extend(final ImageStack stack, final Object values) {
		stack.addAll(images(values)); // every image converted first: a bad one adds nothing
	}

	/**
	 * {@code s.pop(i)}.
	 *
	 * @param stack the stack
	 * @param index which plane, negative counting from the end
	 * @return the removed plane
	 */
	public static Img<? extends RealType<?>> pop(final ImageStack stack, final int index) {
		if (stack.isEmpty()) throw Py.IndexError("pop from empty stack");
		return stack.remove(index(stack, index));
	}

	/**
	 * @param slice a Python slice
	 * @param size the sequence's length
	 * @return the indices it selects, in its order
	 */
	static int[] indices(final PySlice slice, final int size) {
		final int[] sss = slice.indicesEx(size); // start, stop, step, length
		final int[] out = new int[sss[3]];
		for (int k = 0; k < out.length; k++)
			out[k] = sss[0] + k * sss[2];
		return out;
	}

	private static int index(final ImageStack stack, final Object key) {
		final long i;
		if (key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte) i =
			((Number) key).longValue();
		else if (key instanceof java.math.BigInteger) {
			final java.math.BigInteger big = (java.math.BigInteger) key;
			if (big.bitLength() > 62) throw Py.IndexError("stack index " + big + " out of range for " + stack
				.size() + " images");
			i = big.longValue();
		}
		else throw Py.TypeError("stack indices must be integers or slices, not " + typeName(key));
		final int size = stack.size();
		final long resolved = i < 0 ? i + size : i;
		if (resolved < 0 || resolved >= size) throw Py.IndexError("stack index " + i + " out of range for " +
			size + " images");
		return (int) resolved;
	}

	@SuppressWarnings("unchecked")
	private static Img<? extends RealType<?>> image(final Object value) {
		final Object v = value instanceof PyObject ? ((PyObject) value).__tojava__(Object.class) : value;
		if (v instanceof Img) return (Img<? extends RealType<?>>) v;
		if (v instanceof RandomAccessibleInterval) return imageOf((RandomAccessibleInterval<?>) v);
		throw Py.TypeError("expected an ImgLib2 image, got " + typeName(value));
	}

	@SuppressWarnings("unchecked")
	private static Img<? extends RealType<?>> imageOf(final RandomAccessibleInterval<?> rai) {
		// a view: copy it into an image of its own type; the stack converts it on the way in
		return DtypeConversion.convert((RandomAccessibleInterval<? extends RealType<?>>) rai, PixelType.of(rai));
	}

	private static List<Img<? extends RealType<?>>> images(final Object value) {
		final Object v = value instanceof PyObject ? ((PyObject) value).__tojava__(Object.class) : value;
		final List<Img<? extends RealType<?>>> out = new ArrayList<>();
		if (v instanceof Iterable) {
			for (final Object o : (Iterable<?>) v)
				out.add(image(o));
			return out;
		}
		if (value instanceof PyObject) {
			try {
				for (final PyObject o : ((PyObject) value).asIterable())
					out.add(image(o));
				return out;
			}
			catch (final PyException e) {
				// not iterable: fall through to the TypeError below
			}
		}
		throw Py.TypeError("expected an iterable of images, not " + typeName(value));
	}

	private static String typeName(final Object o) {
		if (o == null) return "None";
		if (o instanceof PyObject) return ((PyObject) o).getType().fastGetName();
		return o.getClass().getName();
	}
}
