package org.imagestack.stack;

import java.util.AbstractList;
import java.util.Collection;
import java.util.function.Supplier;

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
 * of planes at a time so that a paged backend keeps its memory bound ({@code PlaneMaps}).
 * <p>
 * A backend implements five primitives on planes that are already of the stack's type: {@link #size()},
 * {@link #getPlane(int)}, {@link #storePlane(int, Img)}, {@link #insertPlane(int, Img)} and
 * {@link #deletePlane(int)}.
 * </p>
 * <p>
 * Stacks compare by identity ({@code equals} does not load and compare pixels).
 * </p>
 * <p>
 * <b>Threads.</b> A stack may be used from several threads (ImageJ runs filters on worker threads): every public
 * method of this class holds the stack's lock, a {@link java.util.concurrent.locks.ReentrantLock} shared with the
 * stack's views ({@link StackView}), for its whole run, so each call is atomic (e.g. an {@code addImage} from each of
 * four threads adds four planes, in some order). Backends take the same lock in their own public methods with
 * {@link #lockStack()} / {@link #unlockStack()}. Uncontended, the lock costs about 10 ns a call, nothing beside work
 * on pixels. Iterating while another thread adds or removes planes fails fast where it can
 * ({@code ConcurrentModificationException}), as {@code java.util.List} iterators do; compound steps (read, change,
 * put back) need a lock of the caller's own.
 * </p>
 * <p>
 * <b>Maps.</b> {@link #executeFunction} and {@link #executeRollingFunction} hold the lock for their whole run and are
 * all or nothing when the backend makes them so ({@link #allOrNothing}): whatever the function throws, checked
 * exceptions included, comes out as it was thrown, and the stack is as before the call. A function may read the
 * stack it maps when the map is sequential; changing that stack (adding, setting, removing planes, changing the type,
 * mapping it again) is an {@code IllegalStateException}, and so is any use of it from a function run in parallel
 * (the map's thread holds the lock and waits for the function).
 * </p>
 */
public abstract class AbstractImageStack extends AbstractList<Img<? extends RealType<?>>> implements ImageStack {

	private final StackLock lock;

	/** A stack with a lock of its own. */
	protected AbstractImageStack() {
		lock = new StackLock();
	}

	/** @param parent the stack whose lock this one shares (a view of it) */
	protected AbstractImageStack(final AbstractImageStack parent) {
		lock = parent.lock;
	}

	/**
	 * Takes this stack's lock (reentrant; shared with its views), waiting while another thread holds it. Always pair
	 * with {@link #unlockStack()} in a {@code finally} block.
	 *
	 * @throws IllegalStateException when called from a function that a parallel map of this stack runs
	 */
	protected final void lockStack() {
		lock.acquire();
	}

	/** @return whether the current thread holds this stack's lock (a cheap test, no lock taken) */
	protected final boolean holdsStackLock() {
		return lock.isHeldByCurrentThread();
	}

	/** Releases the lock taken by {@link #lockStack()}. */
	protected final void unlockStack() {
		lock.unlock();
	}

	/**
	 * Runs a body under the stack's lock ({@link #lockStack()}, then {@link #unlockStack()} whatever happens).
	 *
	 * @param body what to run
	 * @return its result
	 */
	protected final <T> T locked(final Supplier<T> body) {
		lockStack();
		try {
			return body.get();
		}
		finally {
			unlockStack();
		}
	}

	/** @param body what to run under the stack's lock, as {@link #locked(Supplier)} */
	protected final void lockedRun(final Runnable body) {
		lockStack();
		try {
			body.run();
		}
		finally {
			unlockStack();
		}
	}

	/**
	 * For a backend's own changing methods (e.g. {@code changeType}), under the lock.
	 *
	 * @param operation the method's name, for the message
	 * @throws IllegalStateException when a function run by a map of this stack calls it
	 */
	protected final void checkNotMapping(final String operation) {
		lock.checkNotMapping(operation);
	}

	/**
	 * Runs a change of many planes (a map, a rolling map) so that, whatever it throws, the stack is left as before it.
	 * Called with the stack's lock held. The default just runs the change, with no undo: a backend that can restore
	 * its planes overrides this (the in-memory stack keeps the replaced planes until the end; a database stack can
	 * use a savepoint). The override must restore on every {@link Throwable}, checked exceptions thrown sneakily by
	 * the function included, and rethrow it unchanged.
	 *
	 * @param change the change
	 */
	protected void allOrNothing(final Runnable change) {
		change.run();
	}

	/**
	 * @param index a valid index
	 * @return the plane at that index, which the caller may change in place without changing any other stack
	 */
	protected abstract Img<? extends RealType<?>> getPlane(int index);

	/**
	 * A plane to read from and not keep ({@link #readRegion}). By default {@link #getPlane(int)}; a backend whose
	 * {@code getPlane} copies (copy-on-write) may hand out its own instance instead.
	 *
	 * @param index a valid index
	 * @return the plane, which the caller must not change
	 */
	protected Img<? extends RealType<?>> peekPlane(final int index) {
		return getPlane(index);
	}

	/**
	 * Hands out a plane that the caller is about to replace with {@link #storePlane} (possibly from a worker thread):
	 * a backend may give away its own instance (no copy). By default {@link #getPlane(int)}.
	 *
	 * @param index a valid index
	 * @return the plane, which the caller may change in place
	 */
	protected Img<? extends RealType<?>> takePlane(final int index) {
		return getPlane(index);
	}

	/**
	 * Replaces a plane. During a map, workers call this for different indices at once.
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
	 * Checks an image's shape and converts it to the stack's type. A backend may convert lazily (a database stack
	 * converts large images one cell at a time as it stores them).
	 *
	 * @param img a 2D (X, Y) or colour (X, Y, C) image with 3 (RGB) or 4 (RGBA) channels
	 * @return the image in the stack's type
	 * @throws IllegalArgumentException for any other shape (e.g. a volume X, Y, Z), naming it
	 */
	protected Img<? extends RealType<?>> toStackType(final RandomAccessibleInterval<? extends RealType<?>> img) {
		checkShape(img);
		return DtypeConversion.convert(img, pixelType());
	}

	/**
	 * @param img an image to take in as a plane
	 * @throws NullPointerException when it is null
	 * @throws IllegalArgumentException when it is neither 2D (X, Y) nor colour (X, Y, C)
	 */
	public static void checkShape(final RandomAccessibleInterval<? extends RealType<?>> img) {
		if (img == null) throw new NullPointerException("image is null");
		final int n = img.numDimensions();
		final long channels = n == 3 ? img.dimension(2) : 0;
		if (n != 2 && !(n == 3 && (channels == 3 || channels == 4))) throw new IllegalArgumentException(
			"A plane must be 2D (X, Y) or colour (X, Y, C) with 3 or 4 channels; got " + n + "D " + java.util.Arrays
				.toString(Intervals.dimensionsAsLongArray(img)) + ". Add a volume or a stack plane by plane, e.g. " +
				"Views.hyperSlice(img, 2, z) for each z");
	}

	@Override
	public void addImage(final RandomAccessibleInterval<? extends RealType<?>> img) {
		lockedRun(() -> {
			checkNotMapping("addImage");
			insertPlane(size(), toStackType(img));
			modCount++;
		});
	}

	@Override
	public boolean add(final Img<? extends RealType<?>> img) {
		addImage(img);
		return true;
	}

	@Override
	public void add(final int index, final Img<? extends RealType<?>> img) {
		lockedRun(() -> {
			checkNotMapping("add");
			if (index < 0 || index > size()) throw outOfBounds(index);
			insertPlane(index, toStackType(img));
			modCount++;
		});
	}

	/** Adds every image, atomically for other threads (all of them, one after the other). */
	@Override
	public boolean addAll(final Collection<? extends Img<? extends RealType<?>>> images) {
		return locked(() -> super.addAll(images));
	}

	/** Inserts every image, atomically for other threads. */
	@Override
	public boolean addAll(final int index, final Collection<? extends Img<? extends RealType<?>>> images) {
		return locked(() -> super.addAll(index, images));
	}

	@Override
	public Img<? extends RealType<?>> get(final int index) {
		return locked(() -> {
			checkIndex(index);
			return getPlane(index);
		});
	}

	@Override
	public Object readRegion(final int plane, final long x, final long y, final int width, final int height) {
		return locked(() -> {
			checkIndex(plane);
			return PlaneRegions.read(peekPlane(plane), plane, x, y, width, height);
		});
	}

	@Override
	public Img<? extends RealType<?>> set(final int index, final Img<? extends RealType<?>> img) {
		return locked(() -> {
			checkNotMapping("set");
			checkIndex(index);
			final Img<? extends RealType<?>> converted = toStackType(img);
			final Img<? extends RealType<?>> old = getPlane(index);
			storePlane(index, converted);
			return old;
		});
	}

	@Override
	public Img<? extends RealType<?>> remove(final int index) {
		return locked(() -> {
			checkNotMapping("remove");
			checkIndex(index);
			final Img<? extends RealType<?>> old = getPlane(index);
			deletePlane(index);
			modCount++;
			return old;
		});
	}

	@Override
	public void removeImage(final int i) {
		lockedRun(() -> {
			checkNotMapping("removeImage");
			deletePlane(pythonIndex(i));
			modCount++;
		});
	}

	@Override
	protected void removeRange(final int fromIndex, final int toIndex) {
		lockedRun(() -> {
			checkNotMapping("removing planes");
			for (int i = toIndex - 1; i >= fromIndex; i--)
				deletePlane(i);
			modCount++;
		});
	}

	@Override
	public void clear() {
		lockedRun(() -> removeRange(0, size()));
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

	/**
	 * {@inheritDoc}
	 * <p>
	 * All or nothing as far as the backend's {@link #allOrNothing} makes it: whatever {@code f} throws (checked
	 * exceptions too) comes out unchanged, with the stack as before the call. In parallel, a failure lets no function
	 * of the call run after it returns (see {@link PlaneWorkers#map}).
	 * </p>
	 */
	@Override
	public void executeFunction(final PlaneFunction f, final boolean parallel) {
		mapAtomically("executeFunction", () -> PlaneMaps.map(this, f, parallel));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * All or nothing as far as the backend's {@link #allOrNothing} makes it, as {@link #executeFunction}.
	 * </p>
	 */
	@Override
	public void executeRollingFunction(final RollingFunction f, final boolean keepFirst, final boolean parallel) {
		mapAtomically("executeRollingFunction", () -> {
			PlaneMaps.roll(this, f, keepFirst, parallel);
			if (!keepFirst) modCount++;
		});
	}

	/** Runs a map under the lock, marked as a map (see {@link #checkNotMapping}), all or nothing. */
	private void mapAtomically(final String operation, final Runnable map) {
		lockedRun(() -> {
			checkNotMapping(operation);
			lock.beginMap();
			try {
				allOrNothing(map);
			}
			finally {
				lock.endMap();
			}
		});
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
		return locked(() -> {
			for (int i = 0; i < size(); i++)
				if (Planes.samePixels(img, getPlane(i))) return i;
			return -1;
		});
	}

	@Override
	@SuppressWarnings("unchecked")
	public int lastIndexOf(final Object o) {
		if (!(o instanceof RandomAccessibleInterval)) return -1;
		final RandomAccessibleInterval<? extends RealType<?>> img = (RandomAccessibleInterval<? extends RealType<?>>) o;
		return locked(() -> {
			for (int i = size() - 1; i >= 0; i--)
				if (Planes.samePixels(img, getPlane(i))) return i;
			return -1;
		});
	}

	@Override
	public boolean contains(final Object o) {
		return indexOf(o) >= 0;
	}

	/** Removes the first plane with the same pixels (see {@link #indexOf}). */
	@Override
	public boolean remove(final Object o) {
		return locked(() -> {
			final int i = indexOf(o);
			if (i < 0) return false;
			remove(i);
			return true;
		});
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
		return locked(() -> new StackView(this, indices));
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
		lockedRun(() -> PythonSequence.setItem(this, key, value));
	}

	/**
	 * Jython's {@code del s[i]} and {@code del s[a:b]}.
	 *
	 * @param key an int or a Python slice
	 */
	public void __delitem__(final Object key) {
		lockedRun(() -> PythonSequence.delItem(this, key));
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
		lockedRun(() -> PythonSequence.insert(this, index, img));
	}

	/** @param images Jython's {@code s.extend(images)}: any iterable of images */
	public void extend(final Object images) {
		lockedRun(() -> PythonSequence.extend(this, images));
	}

	/** @return Jython's {@code s.pop()}: the last plane, removed */
	public Img<? extends RealType<?>> pop() {
		return pop(-1);
	}

	/**
	 * @param index Jython's {@code s.pop(i)}, negative counting from the end
	 * @return the plane, removed
	 */
	public Img<? extends RealType<?>> pop(final int index) {
		return locked(() -> PythonSequence.pop(this, index));
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
		return locked(() -> {
			final int n = size();
			return "ImageStack: " + n + (n == 1 ? " image, " : " images, ") + pixelType().numpyName();
		});
	}
}
