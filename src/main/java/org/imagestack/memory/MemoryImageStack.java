package org.imagestack.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;
import org.imagestack.stack.AbstractImageStack;

/**
 * An image stack that holds every plane on the heap: the seed's {@code ImageStack}.
 * <p>
 * {@link #copy()} and {@link #slice(int...)} are cheap: both stacks share their planes until one of them hands a
 * plane out ({@link #get(int)}, iteration, {@link #executeFunction}), which first gives it a private copy of that
 * plane (copy-on-write), so editing one stack never changes the other. A plane already handed out (which its holder
 * may still edit in place, changing this stack) is copied at once for the new stack instead. Putting a plane of a
 * stack into a stack ({@code s.set(1, s.get(0))}, {@code s.addAll(s)}, {@code c.add(s.get(0))}) stores a copy of it:
 * one plane is never two.
 * </p>
 * <p>
 * An image added in the stack's own type is kept as it is, not copied (as the seed keeps the numpy array): later
 * changes to that image object show in the stack (and, until one of them hands the plane out, in copies made of it
 * meanwhile: take the plane back with {@code get} to go on editing it).
 * </p>
 * <p>
 * {@link #executeFunction}, {@link #executeRollingFunction} and {@link #changeType} are all or nothing: whatever
 * fails (the function throws anything, checked exceptions included; a plane cannot be converted; memory runs out),
 * the stack is left with the planes, pixel values and type it had before the call. A map keeps the planes it
 * replaces until it ends, sharing them copy-on-write (the function works on a private copy of each plane), so it
 * needs up to twice the stack's pixel bytes until it returns, and nothing more.
 * </p>
 * <p>
 * Safe for use from several threads; see {@link AbstractImageStack} for the lock.
 * </p>
 */
public class MemoryImageStack extends AbstractImageStack {

	/** A plane and how many stacks share it. */
	private static final class PlaneRef {

		final Img<? extends RealType<?>> img;
		int owners = 1;
		/** Whether {@code img} was noted in {@link #HANDED_OUT} (so that a second get notes nothing). */
		boolean handedOut;

		PlaneRef(final Img<? extends RealType<?>> img) {
			this.img = img;
		}
	}

	/** Planes some memory stack handed out with {@code get}: their holder may still change them in place. */
	private static final Map<Img<?>, Boolean> HANDED_OUT = Collections.synchronizedMap(new WeakHashMap<>());

	private final List<PlaneRef> planes = new ArrayList<>();
	private volatile PixelType type;

	/** A new empty stack of {@link PixelType#FLOAT32}, the seed's default. */
	public MemoryImageStack() {
		this(PixelType.FLOAT32);
	}

	/** @param type the pixel type every plane is converted to */
	public MemoryImageStack(final PixelType type) {
		if (type == null) throw new NullPointerException("pixel type is null");
		this.type = type;
	}

	/** @param typeName numpy's name of the pixel type, e.g. {@code "uint8"} */
	public MemoryImageStack(final String typeName) {
		this(PixelType.parse(typeName));
	}

	@Override
	public PixelType pixelType() {
		return type;
	}

	@Override
	public int size() {
		return holdsStackLock() ? planes.size() : locked(planes::size);
	}

	@Override
	protected Img<? extends RealType<?>> peekPlane(final int index) {
		return planes.get(index).img; // shared planes are read, not copied
	}

	@Override
	protected Img<? extends RealType<?>> getPlane(final int index) {
		final Img<? extends RealType<?>> img = own(index);
		final PlaneRef ref = planes.get(index);
		if (!ref.handedOut) {
			HANDED_OUT.put(img, Boolean.TRUE);
			ref.handedOut = true;
		}
		return img;
	}

	/** The plane for a map to replace: its own (private) instance, not marked as handed out. */
	@Override
	protected Img<? extends RealType<?>> takePlane(final int index) {
		return own(index);
	}

	/** @return plane {@code index}, made this stack's own first (copy-on-write) */
	private Img<? extends RealType<?>> own(final int index) {
		final PlaneRef shared = planes.get(index);
		final PlaneRef own;
		synchronized (shared) { // copied while still shared, so that no other owner changes it in place meanwhile
			if (shared.owners == 1) return shared.img;
			own = new PlaneRef(Planes.copy(shared.img));
			shared.owners--;
		}
		planes.set(index, own);
		return own.img;
	}

	@Override
	protected void storePlane(final int index, final Img<? extends RealType<?>> plane) {
		if (planes.get(index).img == plane) return; // put back where it is (changed in place)
		release(planes.set(index, new PlaneRef(unshared(plane))));
	}

	@Override
	protected void insertPlane(final int index, final Img<? extends RealType<?>> plane) {
		planes.add(index, new PlaneRef(unshared(plane)));
	}

	/** @return the plane, or a copy of it when it is a plane of this stack or one handed out by a stack */
	private Img<? extends RealType<?>> unshared(final Img<? extends RealType<?>> plane) {
		if (HANDED_OUT.containsKey(plane)) return Planes.copy(plane);
		for (final PlaneRef ref : planes)
			if (ref.img == plane) return Planes.copy(plane);
		return plane;
	}

	@Override
	protected void deletePlane(final int index) {
		release(planes.remove(index));
	}

	private static void release(final PlaneRef ref) {
		synchronized (ref) {
			ref.owners--;
		}
	}

	private static void share(final PlaneRef ref) {
		synchronized (ref) {
			ref.owners++;
		}
	}

	/**
	 * Keeps every plane (shared, copy-on-write) until the change ends: on any throwable the kept planes come back,
	 * with the type; on success they are let go.
	 */
	@Override
	protected void allOrNothing(final Runnable change) {
		final List<PlaneRef> before = new ArrayList<>(planes);
		for (final PlaneRef ref : before)
			share(ref);
		final PixelType typeBefore = type;
		boolean done = false;
		try {
			change.run();
			done = true;
		}
		finally {
			final List<PlaneRef> dropped = done ? before : new ArrayList<>(planes);
			if (!done) {
				planes.clear();
				planes.addAll(before); // the references kept for the undo become the stack's again
				type = typeBefore;
				modCount++;
			}
			for (final PlaneRef ref : dropped)
				release(ref);
		}
	}

	@Override
	public long nbytes() {
		return locked(() -> {
			long sum = 0;
			for (final PlaneRef ref : planes)
				sum += Planes.nbytes(ref.img);
			return sum;
		});
	}

	/**
	 * Converts every plane; all or nothing: when one plane cannot be converted (a float plane outside [-1, 1] to an
	 * integer type), the stack is left unchanged.
	 */
	@Override
	public void changeType(final PixelType newType) {
		if (newType == null) throw new NullPointerException("pixel type is null");
		lockedRun(() -> {
			checkNotMapping("changeType");
			if (newType == type) return;
			final List<PlaneRef> converted = new ArrayList<>(planes.size());
			for (final PlaneRef ref : planes)
				converted.add(new PlaneRef(DtypeConversion.convert(ref.img, newType)));
			for (final PlaneRef ref : planes)
				release(ref);
			planes.clear();
			planes.addAll(converted);
			type = newType;
			modCount++;
		});
	}

	@Override
	public MemoryImageStack copy() {
		return locked(() -> share(planes));
	}

	/** A new stack sharing the selected planes copy-on-write, as the seed's slice shares its arrays. */
	@Override
	public MemoryImageStack slice(final int... indices) {
		return locked(() -> {
			final List<PlaneRef> selected = new ArrayList<>(indices.length);
			for (final int i : indices) {
				checkIndex(i);
				selected.add(planes.get(i));
			}
			return share(selected);
		});
	}

	@Override
	protected MemoryImageStack detach(final int... indices) {
		return slice(indices);
	}

	private MemoryImageStack share(final List<PlaneRef> refs) {
		final MemoryImageStack copy = new MemoryImageStack(type);
		for (final PlaneRef ref : refs) {
			if (HANDED_OUT.containsKey(ref.img)) { // its holder may still change it: the copy gets its own now
				copy.planes.add(new PlaneRef(Planes.copy(ref.img)));
				continue;
			}
			share(ref);
			copy.planes.add(ref);
		}
		return copy;
	}
}
