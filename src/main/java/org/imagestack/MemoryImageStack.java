package org.imagestack;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

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

	/**
	 * Reads image files into a new stack: the seed's {@code ImageStack.from_paths}.
	 *
	 * @param paths image files (TIFF, PNG, BMP, JPEG, GIF) as {@code Path}s, {@code File}s or strings, in order
	 * @param type the stack's pixel type name, or null for the first image's type
	 * @param asGray whether to turn colour images to grey ({@code rgb2gray}, as {@code imread(as_gray=True)})
	 * @return the stack
	 * @throws java.io.IOException naming a file that cannot be read
	 */
	public static MemoryImageStack fromPaths(final Iterable<?> paths, final String type, final boolean asGray)
		throws java.io.IOException
	{
		MemoryImageStack s = type == null ? null : new MemoryImageStack(type);
		for (final java.nio.file.Path p : org.imagestack.io.ImageFiles.paths(paths)) {
			final RandomAccessibleInterval<? extends RealType<?>> img = org.imagestack.io.ImageFiles.read(p, asGray);
			if (s == null) s = new MemoryImageStack(PixelType.of(img));
			s.addImage(img);
		}
		return s != null ? s : new MemoryImageStack();
	}

	/**
	 * Reads the image files of a folder whose names match a glob, in natural order ({@code img2} before
	 * {@code img10}).
	 *
	 * @param folder the folder
	 * @param glob e.g. {@code "*.bmp"} (null: every file)
	 * @param type the stack's pixel type name, or null for the first image's type
	 * @param asGray whether to turn colour images to grey
	 * @return the stack
	 * @throws java.io.IOException naming a file that cannot be read, or the missing folder
	 */
	public static MemoryImageStack fromFolder(final Object folder, final String glob, final String type,
		final boolean asGray) throws java.io.IOException
	{
		return fromPaths(org.imagestack.io.ImageFiles.list(org.imagestack.io.ImageFiles.paths(folder).get(0), glob),
			type, asGray);
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
			converted.add(new PlaneRef(newType.convert(ref.img)));
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
