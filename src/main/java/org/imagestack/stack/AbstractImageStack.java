package org.imagestack.stack;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ImageStack;
import org.imagestack.PlaneFunction;
import org.imagestack.python.PythonCallables;
import org.imagestack.python.PythonSequence;
import org.imagestack.RollingFunction;

/**
 * The parts of an {@link ImageStack} that every backend shares (on {@link ListStack} and {@link StackPrimitives}): conversion on the way in, Python-style indices,
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
public abstract class AbstractImageStack extends ListStack {

	/** A stack with a lock of its own. */
	protected AbstractImageStack() {}

	/** @param parent the stack whose lock this one shares (a view of it) */
	protected AbstractImageStack(final AbstractImageStack parent) {
		super(parent);
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
		lockedRun(() -> PythonSequence.setItem(this, key, value, this::assignAll));
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
	public String toString() {
		return locked(() -> {
			final int n = size();
			return "ImageStack: " + n + (n == 1 ? " image, " : " images, ") + pixelType().numpyName();
		});
	}
}
