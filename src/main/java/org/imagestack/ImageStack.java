package org.imagestack;

import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

/**
 * An ordered list of 2D images (planes, optionally with a colour channel as a third axis) that all share one
 * {@link PixelType}: the seed's {@code ImageStack}/{@code ImageStackSQL} interface.
 * <p>
 * Every image that enters a stack ({@link #addImage}, {@link #add}, {@link #set}, results of
 * {@link #executeFunction}) is converted to the stack's pixel type with {@link PixelType#convert}. Planes may differ
 * in size (as in the seed). Indices of {@code java.util.List} methods are 0-based and non-negative; the seed's
 * methods ({@link #removeImage(int)}) also accept negative indices counting from the end, as in Python.
 * </p>
 * <p>
 * A plane returned by {@link #get(int)} belongs to the caller to read; to change a plane, put the changed image
 * back with {@link #set(int, Object)} (the in-memory stack hands out private copies where planes are shared, so
 * editing one never changes another stack).
 * </p>
 */
public interface ImageStack extends List<Img<? extends RealType<?>>> {

	/** @return the pixel type every plane of this stack has. */
	PixelType pixelType();

	/**
	 * Converts an image to the stack's type and appends it.
	 *
	 * @param img a 2D image (X, Y) or a colour image (X, Y, C)
	 */
	void addImage(RandomAccessibleInterval<? extends RealType<?>> img);

	/** Removes the last image. @throws IndexOutOfBoundsException when the stack is empty */
	default void removeImage() {
		removeImage(-1);
	}

	/**
	 * Removes the image at an index.
	 *
	 * @param i the index; negative counts from the end ({@code -1} is the last image), as in Python
	 * @throws IndexOutOfBoundsException naming the index and the size when there is no such image
	 */
	void removeImage(int i);

	/**
	 * @return the bytes of pixel data this stack holds on the heap (for the in-memory stack: all planes; for a
	 *         database stack: the planes currently cached)
	 */
	long nbytes();

	/**
	 * Converts every plane to another type; later images are converted to it on the way in.
	 *
	 * @param type the new type (same type: nothing happens)
	 */
	void changeType(PixelType type);

	/**
	 * As {@link #changeType(PixelType)}, with numpy's type name.
	 *
	 * @param typeName e.g. {@code "uint8"}
	 */
	default void changeType(final String typeName) {
		changeType(PixelType.parse(typeName));
	}

	/**
	 * Reads a rectangle of one plane into a new primitive array, without loading the rest of the plane: a database
	 * stack reads only the cells the rectangle touches (as they were last saved, or as changed since in this stack).
	 * The array is of the stack's type ({@code float[]} for float32, {@code short[]} for int16 and uint16,
	 * {@code byte[]} for uint8, int8 and bool, {@code int[]}, {@code long[]}, {@code double[]} likewise), X fastest,
	 * then Y; a colour plane's channels follow one another (C slowest), every channel whole.
	 *
	 * @param plane the plane's 0-based index
	 * @param x the rectangle's left column (0-based)
	 * @param y the rectangle's top row (0-based)
	 * @param width its width in pixels (at least 1)
	 * @param height its height in pixels (at least 1)
	 * @return a new array of {@code width × height} (× channels) pixels, which the caller owns
	 * @throws IndexOutOfBoundsException naming the index and the size when there is no such plane
	 * @throws IllegalArgumentException naming the rectangle and the plane's size when the rectangle is empty or does
	 *           not lie inside the plane
	 */
	Object readRegion(int plane, long x, long y, int width, int height);

	/** @return an independent stack of the same type and planes: changing one never changes the other */
	ImageStack copy();

	/**
	 * Selects planes, as Python's {@code s[a:b:c]} does (Jython calls this for slices): a stack of the same pixel
	 * type. The in-memory stack gives an independent stack sharing the planes copy-on-write (as the seed's slice);
	 * a database stack gives a lazy view that loads planes only when read (see
	 * {@link org.imagestack.stack.StackView}).
	 *
	 * @param indices 0-based indices, in the order wanted
	 * @return the selection
	 */
	ImageStack slice(int... indices);

	/**
	 * Replaces every plane with {@code f(plane)}, converted back to the stack's type, one plane at a time.
	 *
	 * @param f the function
	 */
	default void executeFunction(final PlaneFunction f) {
		executeFunction(f, false);
	}

	/**
	 * Replaces every plane with {@code f(plane)}, converted back to the stack's type.
	 *
	 * @param f the function
	 * @param parallel whether to run {@code f} on all cores at once (results are still stored in order; {@code f}
	 *          must then be thread-safe)
	 */
	void executeFunction(PlaneFunction f, boolean parallel);

	/**
	 * Rolling operation: plane n becomes {@code f(plane n-1, plane n)} for n = 1..size-1, using the planes as they
	 * were before the call; plane 0 is then removed unless {@code keepFirst}.
	 *
	 * @param f the function
	 * @param keepFirst whether to keep the unchanged first plane
	 */
	default void executeRollingFunction(final RollingFunction f, final boolean keepFirst) {
		executeRollingFunction(f, keepFirst, false);
	}

	/**
	 * As {@link #executeRollingFunction(RollingFunction, boolean)}, optionally on all cores.
	 *
	 * @param f the function (thread-safe when {@code parallel})
	 * @param keepFirst whether to keep the unchanged first plane
	 * @param parallel whether to run {@code f} on all cores at once (results are still stored in order)
	 */
	void executeRollingFunction(RollingFunction f, boolean keepFirst, boolean parallel);
}
