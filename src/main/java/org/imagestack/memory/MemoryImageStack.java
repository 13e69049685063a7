package org.imagestack.memory;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;
import org.imagestack.stack.AbstractImageStack;

/**
 * An image stack that holds every plane on the heap: the seed's {@code ImageStack}.
 * <p>
 * {@link #copy()} is cheap: both stacks share their planes until one of them hands a plane out
 * ({@link #get(int)}, iteration, {@link #executeFunction}), which first gives it a private copy of that plane
 * (copy-on-write), so editing one stack never changes the other.
 * </p>
 * <p>
 * An image added in the stack's own type is kept as it is, not copied (as the seed keeps the numpy array): later
 * changes to that image object show in the stack.
 * </p>
 */
public class MemoryImageStack extends AbstractImageStack {

	/** A plane and how many stacks share it. */
	private static final class PlaneRef {

		final Img<? extends RealType<?>> img;
		int owners = 1;

		PlaneRef(final Img<? extends RealType<?>> img) {
			this.img = img;
		}
	}

	private final List<PlaneRef> planes = new ArrayList<>();
	private PixelType type;

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
		return planes.size();
	}

	@Override
	protected Img<? extends RealType<?>> getPlane(final int index) {
		PlaneRef ref = planes.get(index);
		synchronized (ref) {
			if (ref.owners == 1) return ref.img;
			ref.owners--;
		}
		ref = new PlaneRef(Planes.copy(ref.img));
		planes.set(index, ref);
		return ref.img;
	}

	@Override
	protected void storePlane(final int index, final Img<? extends RealType<?>> plane) {
		release(planes.set(index, new PlaneRef(plane)));
	}

	@Override
	protected void insertPlane(final int index, final Img<? extends RealType<?>> plane) {
		planes.add(index, new PlaneRef(plane));
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

	@Override
	public long nbytes() {
		long sum = 0;
		for (final PlaneRef ref : planes)
			sum += Planes.nbytes(ref.img);
		return sum;
	}

	/**
	 * Converts every plane; all or nothing: when one plane cannot be converted (a float plane outside [-1, 1] to an
	 * integer type), the stack is left unchanged.
	 */
	@Override
	public void changeType(final PixelType newType) {
		if (newType == null) throw new NullPointerException("pixel type is null");
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
	}

	@Override
	public MemoryImageStack copy() {
		return share(planes);
	}

	/** A new stack sharing the selected planes copy-on-write, as the seed's slice shares its arrays. */
	@Override
	public MemoryImageStack slice(final int... indices) {
		final List<PlaneRef> selected = new ArrayList<>(indices.length);
		for (final int i : indices) {
			checkIndex(i);
			selected.add(planes.get(i));
		}
		return share(selected);
	}

	@Override
	protected MemoryImageStack detach(final int... indices) {
		return slice(indices);
	}

	private MemoryImageStack share(final List<PlaneRef> refs) {
		final MemoryImageStack copy = new MemoryImageStack(type);
		for (final PlaneRef ref : refs) {
			synchronized (ref) {
				ref.owners++;
			}
			copy.planes.add(ref);
		}
		return copy;
	}
}
