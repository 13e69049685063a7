package org.imagestack.stack;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.ImageStack;
import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;

/**
 * The parts of an {@link ImageStack} that every backend shares: conversion on the way in, Python-style indices,
 * {@code java.util.List} semantics, and the (optionally parallel) map and rolling map, which work through a window
 * of planes at a time so that a paged backend keeps its memory bound.
 * <p>
 * A backend implements five primitives on planes that are already of the stack's type: {@link #size()},
 * {@link #getPlane(int)}, {@link #storePlane(int, Img)}, {@link #insertPlane(int, Img)} and
 * {@link #deletePlane(int)}.
 * </p>
 * <p>
 * Stacks compare by identity ({@code equals} does not load and compare pixels). Not thread-safe.
 * </p>
 */
public abstract class AbstractImageStack extends AbstractList<Img<? extends RealType<?>>> implements ImageStack {

	/**
	 * @param index a valid index
	 * @return the plane at that index, which the caller may change in place without changing any other stack
	 */
	protected abstract Img<? extends RealType<?>> getPlane(int index);

	/**
	 * Hands out a plane that the caller is about to replace with {@link #storePlane}: a backend may give away its
	 * own instance (no copy) and forget it until the replacement arrives. By default {@link #getPlane(int)}.
	 *
	 * @param index a valid index
	 * @return the plane, which the caller may change in place
	 */
	protected Img<? extends RealType<?>> takePlane(final int index) {
		return getPlane(index);
	}

	/**
	 * Replaces a plane.
	 *
	 * @param index a valid index
	 * @param plane a plane already of the stack's type, now owned by the stack
	 */
	protected abstract void storePlane(int index, Img<? extends RealType<?>> plane);

	/**
	 * Inserts a plane.
	 *
	 * @param index 0..size
	 * @param plane a plane already of the stack's type, now owned by the stack
	 */
	protected abstract void insertPlane(int index, Img<? extends RealType<?>> plane);

	/**
	 * Removes a plane without loading it.
	 *
	 * @param index a valid index
	 */
	protected abstract void deletePlane(int index);

	/**
	 * Checks an image's shape and converts it to the stack's type.
	 *
	 * @param img a 2D (X, Y) or colour (X, Y, C) image with 3 (RGB) or 4 (RGBA) channels
	 * @return the image in the stack's type
	 * @throws IllegalArgumentException for any other shape (e.g. a volume X, Y, Z), naming it
	 */
	protected Img<? extends RealType<?>> toStackType(final RandomAccessibleInterval<? extends RealType<?>> img) {
		if (img == null) throw new NullPointerException("image is null");
		final int n = img.numDimensions();
		final long channels = n == 3 ? img.dimension(2) : 0;
		if (n != 2 && !(n == 3 && (channels == 3 || channels == 4))) throw new IllegalArgumentException(
			"A plane must be 2D (X, Y) or colour (X, Y, C) with 3 or 4 channels; got " + n + "D " + java.util.Arrays
				.toString(Intervals.dimensionsAsLongArray(img)) + ". Add a volume or a stack plane by plane, e.g. " +
				"Views.hyperSlice(img, 2, z) for each z");
		return DtypeConversion.convert(img, pixelType());
	}

	@Override
	public void addImage(final RandomAccessibleInterval<? extends RealType<?>> img) {
		insertPlane(size(), toStackType(img));
		modCount++;
	}

	@Override
	public boolean add(final Img<? extends RealType<?>> img) {
		addImage(img);
		return true;
	}

	@Override
	public void add(final int index, final Img<? extends RealType<?>> img) {
		if (index < 0 || index > size()) throw outOfBounds(index);
		insertPlane(index, toStackType(img));
		modCount++;
	}

	@Override
	public Img<? extends RealType<?>> get(final int index) {
		checkIndex(index);
		return getPlane(index);
	}

	@Override
	public Img<? extends RealType<?>> set(final int index, final Img<? extends RealType<?>> img) {
		checkIndex(index);
		final Img<? extends RealType<?>> converted = toStackType(img);
		final Img<? extends RealType<?>> old = getPlane(index);
		storePlane(index, converted);
		return old;
	}

	@Override
	public Img<? extends RealType<?>> remove(final int index) {
		checkIndex(index);
		final Img<? extends RealType<?>> old = getPlane(index);
		deletePlane(index);
		modCount++;
		return old;
	}

	@Override
	public void removeImage(final int i) {
		deletePlane(pythonIndex(i));
		modCount++;
	}

	@Override
	protected void removeRange(final int fromIndex, final int toIndex) {
		for (int i = toIndex - 1; i >= fromIndex; i--)
			deletePlane(i);
		modCount++;
	}

	@Override
	public void clear() {
		removeRange(0, size());
	}

	/**
	 * Resolves a Python-style index.
	 *
	 * @param i an index, negative counting from the end
	 * @return the non-negative index
	 * @throws IndexOutOfBoundsException naming the index and size when there is no such plane
	 */
	protected int pythonIndex(final int i) {
		final int resolved = i < 0 ? i + size() : i;
		if (resolved < 0 || resolved >= size()) throw outOfBounds(i);
		return resolved;
	}

	/** @param index a 0-based index to check */
	protected void checkIndex(final int index) {
		if (index < 0 || index >= size()) throw outOfBounds(index);
	}

	private IndexOutOfBoundsException outOfBounds(final int index) {
		return new IndexOutOfBoundsException("Index " + index + " out of range for a stack of " + size() +
			" images");
	}

	@Override
	public void executeFunction(final PlaneFunction f, final boolean parallel) {
		final int n = size();
		final int window = PlaneWorkers.window(parallel);
		for (int start = 0; start < n; start += window) {
			final int end = Math.min(n, start + window);
			final List<Img<? extends RealType<?>>> inputs = new ArrayList<>(end - start);
			for (int i = start; i < end; i++)
				inputs.add(takePlane(i));
			final List<Img<? extends RealType<?>>> results = PlaneWorkers.map(inputs.size(), parallel,
				k -> toStackType(orInPlace(f.apply(inputs.get(k)), inputs.get(k))));
			inputs.clear();
			for (int k = 0; k < results.size(); k++)
				storePlane(start + k, results.get(k));
		}
	}

	@Override
	public void executeRollingFunction(final RollingFunction f, final boolean keepFirst, final boolean parallel) {
		final int n = size();
		if (n == 0) return;
		final int window = PlaneWorkers.window(parallel);
		// Backwards, so that planes n-1 and n are both still original when plane n is computed, while only a
		// window of planes is held at once.
		for (int hi = n - 1; hi >= 1; hi -= window) {
			final int lo = Math.max(1, hi - window + 1);
			final List<Img<? extends RealType<?>>> planes = new ArrayList<>(hi - lo + 2);
			planes.add(getPlane(lo - 1)); // only read here: the next window replaces it
			for (int i = lo; i <= hi; i++)
				planes.add(takePlane(i));
			final int count = hi - lo + 1;
			// Task j computes plane hi - j: tasks run from the top down, so that on one thread a function changing its
			// current plane in place has already been given that plane as "previous" by the task above. In parallel,
			// a plane is "current" for one task and "previous" for another: give every current plane that another
			// task also reads a private copy.
			final List<Img<? extends RealType<?>>> results = PlaneWorkers.map(count, parallel, j -> {
				final int k = count - 1 - j;
				final Img<? extends RealType<?>> current = planes.get(k + 1);
				final Img<? extends RealType<?>> safe = parallel && k + 1 < count ? current.copy() : current;
				return toStackType(orInPlace(f.apply(planes.get(k), safe), safe));
			});
			planes.clear();
			for (int j = 0; j < count; j++)
				storePlane(hi - j, results.get(j));
		}
		if (!keepFirst) {
			deletePlane(0);
			modCount++;
		}
	}

	/** A function's result, or for {@code null} (Python's None) the plane it changed in place. */
	private static RandomAccessibleInterval<? extends RealType<?>> orInPlace(
		final RandomAccessibleInterval<? extends RealType<?>> result, final Img<? extends RealType<?>> plane)
	{
		return result == null ? plane : result;
	}

	/**
	 * A plane is "in" a stack when one of its planes has the same size, type and pixel values (a database stack hands
	 * out copies, so identity would never match; numpy arrays have no single truth value for {@code ==}). Reads
	 * planes one at a time until it finds one.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public int indexOf(final Object o) {
		if (!(o instanceof RandomAccessibleInterval)) return -1;
		final RandomAccessibleInterval<? extends RealType<?>> img = (RandomAccessibleInterval<? extends RealType<?>>) o;
		for (int i = 0; i < size(); i++)
			if (Planes.samePixels(img, getPlane(i))) return i;
		return -1;
	}

	@Override
	@SuppressWarnings("unchecked")
	public int lastIndexOf(final Object o) {
		if (!(o instanceof RandomAccessibleInterval)) return -1;
		final RandomAccessibleInterval<? extends RealType<?>> img = (RandomAccessibleInterval<? extends RealType<?>>) o;
		for (int i = size() - 1; i >= 0; i--)
			if (Planes.samePixels(img, getPlane(i))) return i;
		return -1;
	}

	@Override
	public boolean contains(final Object o) {
		return indexOf(o) >= 0;
	}

	/** Removes the first plane with the same pixels (see {@link #indexOf}). */
	@Override
	public boolean remove(final Object o) {
		final int i = indexOf(o);
		if (i < 0) return false;
		remove(i);
		return true;
	}

	/**
	 * Copies some planes into a new independent stack: what {@code copy()} of a slice gives. The in-memory stack
	 * shares them copy-on-write; a database stack gives an in-memory stack of copies.
	 *
	 * @param indices valid indices, in the order wanted
	 * @return the new stack
	 */
	protected abstract ImageStack detach(int... indices);

	@Override
	public ImageStack slice(final int... indices) {
		return new StackView(this, indices);
	}

	/**
	 * As {@link #executeFunction(PlaneFunction)} for any Python callable (Jython passes plain functions and lambdas
	 * as {@link PlaneFunction}, but not e.g. {@code functools.partial} objects).
	 *
	 * @param f a {@link PlaneFunction} or a Python callable of one plane
	 */
	public void executeFunction(final Object f) {
		executeFunction(PythonCallables.planeFunction(f), false);
	}

	/**
	 * As {@link #executeFunction(PlaneFunction, boolean)} for any Python callable.
	 *
	 * @param f a {@link PlaneFunction} or a Python callable of one plane
	 * @param parallel whether to use all cores
	 */
	public void executeFunction(final Object f, final boolean parallel) {
		executeFunction(PythonCallables.planeFunction(f), parallel);
	}

	/**
	 * As {@link #executeRollingFunction(RollingFunction, boolean)} for any Python callable.
	 *
	 * @param f a {@link RollingFunction} or a Python callable of two planes
	 * @param keepFirst whether to keep the first plane
	 */
	public void executeRollingFunction(final Object f, final boolean keepFirst) {
		executeRollingFunction(PythonCallables.rollingFunction(f), keepFirst, false);
	}

	/**
	 * As {@link #executeRollingFunction(RollingFunction, boolean, boolean)} for any Python callable.
	 *
	 * @param f a {@link RollingFunction} or a Python callable of two planes
	 * @param keepFirst whether to keep the first plane
	 * @param parallel whether to use all cores
	 */
	public void executeRollingFunction(final Object f, final boolean keepFirst, final boolean parallel) {
		executeRollingFunction(PythonCallables.rollingFunction(f), keepFirst, parallel);
	}

	// -- Jython's sequence protocol (see PythonSequence; only Jython calls these) --

	/**
	 * Jython's {@code s[i]} (negative counts from the end) and {@code s[a:b:c]} (see {@link #slice(int...)}).
	 *
	 * @param key an int or a Python slice
	 * @return a plane, or a stack for a slice
	 */
	public Object __getitem__(final Object key) {
		return PythonSequence.getItem(this, key);
	}

	/**
	 * Jython's {@code s[i] = img} and {@code s[a:b] = images} (which must match the slice's length, as in the seed:
	 * {@code ValueError} otherwise).
	 *
	 * @param key an int or a Python slice
	 * @param value an image, or an iterable of images
	 */
	public void __setitem__(final Object key, final Object value) {
		PythonSequence.setItem(this, key, value);
	}

	/**
	 * Jython's {@code del s[i]} and {@code del s[a:b]}.
	 *
	 * @param key an int or a Python slice
	 */
	public void __delitem__(final Object key) {
		PythonSequence.delItem(this, key);
	}

	/** @param img Jython's {@code s.append(img)}: an image, converted to the stack's type */
	public void append(final Object img) {
		PythonSequence.append(this, img);
	}

	/**
	 * Jython's {@code s.insert(i, img)}.
	 *
	 * @param index where, negative counting from the end
	 * @param img an image, converted to the stack's type
	 */
	public void insert(final int index, final Object img) {
		PythonSequence.insert(this, index, img);
	}

	/** @param images Jython's {@code s.extend(images)}: any iterable of images */
	public void extend(final Object images) {
		PythonSequence.extend(this, images);
	}

	/** @return Jython's {@code s.pop()}: the last plane, removed */
	public Img<? extends RealType<?>> pop() {
		return PythonSequence.pop(this, -1);
	}

	/**
	 * @param index Jython's {@code s.pop(i)}, negative counting from the end
	 * @return the plane, removed
	 */
	public Img<? extends RealType<?>> pop(final int index) {
		return PythonSequence.pop(this, index);
	}

	/** @return Jython's {@code repr(s)}: {@link #toString()}, without reading any plane */
	public String __repr__() {
		return toString();
	}

	@Override
	public boolean equals(final Object o) {
		return this == o;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	@Override
	public String toString() {
		final int n = size();
		return "ImageStack: " + n + (n == 1 ? " image, " : " images, ") + pixelType().numpyName();
	}
}
