package org.imagestack.stack;

import java.util.AbstractList;
import java.util.function.Supplier;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;

/**
 * What every stack stands on: its lock (a {@link java.util.concurrent.locks.ReentrantLock} shared with its views, see
 * {@link AbstractImageStack} for the rules) and the five primitives a backend implements on planes already of the
 * stack's type ({@link #size()}, {@link #getPlane(int)}, {@link #storePlane(int, Img)}, {@link #insertPlane(int, Img)},
 * {@link #deletePlane(int)}), with conversion on the way in, index checks and the all-or-nothing hook.
 * {@link ListStack} builds {@code java.util.List} on them, {@link AbstractImageStack} the maps and Python's protocol.
 */
public abstract class StackPrimitives extends AbstractList<Img<? extends RealType<?>>> {

	private final StackLock lock;

	/** @return the type every plane has */
	public abstract PixelType pixelType();

	/** A stack with a lock of its own. */
	protected StackPrimitives() {
		lock = new StackLock();
	}

	/** @param parent the stack whose lock this one shares (a view of it) */
	protected StackPrimitives(final StackPrimitives parent) {
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

	/** Releases the lock taken by {@link #lockStack()}; {@link #released()} runs when the thread no longer holds it. */
	protected final void unlockStack() {
		lock.unlock();
		if (!lock.isHeldByCurrentThread()) released();
	}

	/**
	 * Runs at the end of every outermost call under the stack's lock, whatever it returned or threw, in the calling
	 * thread (the database stack sets the thread's interrupt flag again when its file layer absorbed an interrupt).
	 * Does nothing by default; must not throw.
	 */
	protected void released() {}

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
	 * A plane to read from and not keep or hand to a caller (comparing pixels, reading sizes,
	 * {@code readRegion}). By default {@link #getPlane(int)}; a backend whose {@code getPlane} copies
	 * (copy-on-write) or notes what it hands out may give its own instance instead.
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

	/** @return a number that changes whenever planes are added or removed (or the type changes, or a reload) */
	final int structureVersion() {
		return modCount;
	}

	/** @param index a 0-based index to check */
	protected void checkIndex(final int index) {
		if (index < 0 || index >= size()) throw outOfBounds(index);
	}

	final IndexOutOfBoundsException outOfBounds(final int index) {
		return new IndexOutOfBoundsException("Index " + index + " out of range for a stack of " + size() +
			" images");
	}

	/** Runs a map under the lock, marked as a map (see {@link #checkNotMapping}), all or nothing. */
	final void mapAtomically(final String operation, final Runnable map) {
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
}
