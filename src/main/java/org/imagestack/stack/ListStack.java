package org.imagestack.stack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ImageStack;
import org.imagestack.convert.Planes;

/**
 * {@code java.util.List} on a stack's primitives ({@link StackPrimitives}), every method under the stack's lock. Plane
 * equality is decided once: two planes are equal when they have the same size, type and pixel values (a database stack
 * hands out a new image of a plane on every {@code get}, so identity would never match; numpy arrays have no single
 * truth value for {@code ==}), and {@code indexOf}, {@code contains}, {@code remove(Object)}, {@code containsAll},
 * {@code removeAll} and {@code retainAll} all use it, on every backend. Stacks themselves compare by identity
 * ({@code equals} does not load and compare pixels). A collection of images handed to {@code addAll},
 * {@code removeAll}, {@code retainAll} may be the stack itself or a view of it.
 */
public abstract class ListStack extends StackPrimitives implements ImageStack {

	/** A stack with a lock of its own. */
	protected ListStack() {}

	/** @param parent the stack whose lock this one shares (a view of it) */
	protected ListStack(final ListStack parent) {
		super(parent);
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

	/**
	 * Adds every image, atomically for other threads: every image is converted first (a bad one adds nothing), then
	 * all are added. The collection may be this stack or a view of it ({@code s.addAll(s)} doubles the stack, each
	 * plane its own).
	 */
	@Override
	public boolean addAll(final Collection<? extends Img<? extends RealType<?>>> images) {
		return locked(() -> insertAll(size(), images));
	}

	/** Inserts every image, atomically for other threads, as {@link #addAll(Collection)}. */
	@Override
	public boolean addAll(final int index, final Collection<? extends Img<? extends RealType<?>>> images) {
		return locked(() -> {
			if (index < 0 || index > size()) throw outOfBounds(index);
			return insertAll(index, images);
		});
	}

	private boolean insertAll(final int index, final Collection<? extends Img<? extends RealType<?>>> images) {
		checkNotMapping("addAll");
		final List<Img<? extends RealType<?>>> converted = new ArrayList<>();
		for (final Object img : images.toArray()) // a snapshot: the collection may be this stack
			converted.add(toStackType(asImage(img)));
		for (int k = 0; k < converted.size(); k++)
			insertPlane(index + k, converted.get(k));
		if (!converted.isEmpty()) modCount++;
		return !converted.isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static RandomAccessibleInterval<? extends RealType<?>> asImage(final Object o) {
		if (o == null || o instanceof RandomAccessibleInterval) return (RandomAccessibleInterval<
			? extends RealType<?>>) o;
		throw new ClassCastException("not an image: " + o.getClass().getName());
	}

	/**
	 * Replaces planes {@code targets[k]} with {@code images[k]}, all or nothing: every image is converted first (a
	 * bad one changes nothing), then all are stored, through {@link #allOrNothing}. What Python's
	 * {@code s[a:b] = images} does.
	 *
	 * @param targets valid indices
	 * @param images as many images
	 */
	protected final void assignAll(final int[] targets, final List<? extends RandomAccessibleInterval<
		? extends RealType<?>>> images)
	{
		lockedRun(() -> {
			checkNotMapping("set");
			if (targets.length != images.size()) throw new IllegalArgumentException(images.size() +
				" images provided to override " + targets.length + " images!");
			for (final int t : targets)
				checkIndex(t);
			final List<Img<? extends RealType<?>>> converted = new ArrayList<>(images.size());
			for (final RandomAccessibleInterval<? extends RealType<?>> img : images)
				converted.add(toStackType(img));
			allOrNothing(() -> {
				for (int k = 0; k < targets.length; k++)
					storePlane(targets[k], converted.get(k));
			});
		});
	}

	@Override
	public Img<? extends RealType<?>> get(final int index) {
		return locked(() -> {
			checkIndex(index);
			return getPlane(index);
		});
	}

	/**
	 * As {@code ArrayList.subList}: a view that reads and writes through; used after the stack changed structurally
	 * other than through it, it fails fast with a {@code ConcurrentModificationException} that says so.
	 */
	@Override
	public List<Img<? extends RealType<?>>> subList(final int fromIndex, final int toIndex) {
		return new StackSubList(super.subList(fromIndex, toIndex), this, fromIndex, toIndex);
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
				if (Planes.samePixels(img, peekPlane(i))) return i;
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
				if (Planes.samePixels(img, peekPlane(i))) return i;
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
	 * Removes every plane equal (same size, type and pixels, as {@link #indexOf}) to an element of {@code c}; the
	 * collection may be this stack or a view of it.
	 */
	@Override
	public boolean removeAll(final Collection<?> c) {
		return locked(() -> removeWhere(c, true));
	}

	/** Keeps only the planes equal (same size, type and pixels, as {@link #indexOf}) to an element of {@code c}. */
	@Override
	public boolean retainAll(final Collection<?> c) {
		return locked(() -> removeWhere(c, false));
	}

	private boolean removeWhere(final Collection<?> c, final boolean found) {
		checkNotMapping(found ? "removeAll" : "retainAll");
		final Object[] others = c.toArray(); // a snapshot: the collection may be this stack
		boolean changed = false;
		for (int i = size() - 1; i >= 0; i--)
			if (containsPixels(others, peekPlane(i)) == found) {
				deletePlane(i);
				changed = true;
			}
		if (changed) modCount++;
		return changed;
	}

	@SuppressWarnings("unchecked")
	private static boolean containsPixels(final Object[] images, final RandomAccessibleInterval<
		? extends RealType<?>> plane)
	{
		for (final Object o : images)
			if (o instanceof RandomAccessibleInterval && Planes.samePixels(
				(RandomAccessibleInterval<? extends RealType<?>>) o, plane)) return true;
		return false;
	}

	@Override
	public boolean equals(final Object o) {
		return this == o;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}
}
