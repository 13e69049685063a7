package org.imagestack.cpython;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.cell.AbstractCellImg;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.imagestack.PixelType;
import org.imagestack.convert.CellArrays;

/**
 * Planes between a stack and the memory of a numpy array, in one copy each way: a plane's cells (or its array) are
 * copied straight into a direct {@link ByteBuffer} over the numpy array's memory, and a numpy array's bytes straight
 * into the primitive array of a new plane. numpy's layout is C order: rows of pixels (H x W), a colour plane's
 * channels interleaved (H x W x C); a plane here is X fastest, then Y, then C (its channels planar), so a colour
 * plane is interleaved on the way. Pixels keep their bits (uint8 is Java's {@code byte}, bool one byte 0 or 1),
 * written in the machine's byte order, as numpy's native arrays.
 * <p>
 * A database plane's cells that its stack's cache does not hold are read for the copy without being kept (through
 * {@link CellArrays}), on all cores, as the Java side's own whole-plane copies read them.
 * </p>
 */
public final class NumpyPlanes {

	/** Planes of at least this many bytes are copied on all cores. */
	private static final long PARALLEL_BYTES = 1 << 20;

	private NumpyPlanes() {}

	/**
	 * @param plane a plane (X, Y) or colour plane (X, Y, C)
	 * @return its numpy shape: {@code [H, W]} or {@code [H, W, C]}
	 */
	public static long[] shape(final RandomAccessibleInterval<?> plane) {
		final int n = plane.numDimensions();
		if (n == 2) return new long[] { plane.dimension(1), plane.dimension(0) };
		if (n == 3) return new long[] { plane.dimension(1), plane.dimension(0), plane.dimension(2) };
		throw new IllegalArgumentException("A plane is 2D (X, Y) or colour (X, Y, C); got " + n + "D");
	}

	/** @return numpy's name of a plane's pixel type, e.g. {@code "float32"} */
	public static String dtype(final RandomAccessibleInterval<?> plane) {
		return PixelType.of(plane).numpyName();
	}

	/** @return the bytes numpy needs for a plane */
	public static long nbytes(final RandomAccessibleInterval<?> plane) {
		long n = 1;
		for (int d = 0; d < plane.numDimensions(); d++)
			n *= plane.dimension(d);
		return n * PixelType.of(plane).bytesPerPixel();
	}

	/**
	 * Copies a plane into numpy's memory (C order, H x W or H x W x C, native byte order).
	 *
	 * @param plane a plane of a stack
	 * @param dst a direct buffer of exactly {@link #nbytes} bytes over a numpy array's memory
	 */
	public static void read(final RandomAccessibleInterval<? extends RealType<?>> plane, final ByteBuffer dst) {
		final PixelType type = PixelType.of(plane);
		final Layout out = layout(plane, dst);
		if (plane instanceof ArrayImg) {
			final Object a = storage((ArrayImg<?, ?>) plane);
			if (a != null && Rows.matches(a, type)) {
				copyBlock(a, 0, 0, (int) out.width, (int) out.height, out, Rows.of(type, out.buffer));
				return;
			}
		}
		if (plane instanceof AbstractCellImg && readCells((AbstractCellImg<?, ?, ?, ?>) plane, type, out)) return;
		readAny(plane, type, out);
	}

	/**
	 * A new plane (an array image) holding a numpy array's pixels, of the array's own type: the stack converts it
	 * on the way in when its type differs.
	 *
	 * @param dtype numpy's name of the array's type
	 * @param shape the array's shape, {@code [H, W]} or {@code [H, W, C]}
	 * @param src a direct buffer over the array's memory (C-contiguous, native byte order)
	 * @return the plane
	 */
	public static Img<? extends RealType<?>> image(final String dtype, final long[] shape, final ByteBuffer src) {
		final PixelType type = PixelType.parse(dtype);
		if (shape.length != 2 && shape.length != 3) throw new IllegalArgumentException(
			"A plane is 2D (H, W) or colour (H, W, C); got shape " + java.util.Arrays.toString(shape));
		final long[] dims = shape.length == 2 ? new long[] { shape[1], shape[0] } : new long[] { shape[1], shape[0],
			shape[2] };
		final Img<? extends RealType<?>> img = newImg(type, dims);
		final Object a = storage((ArrayImg<?, ?>) img);
		final Layout in = layout(img, src);
		final Rows rows = Rows.of(type, in.buffer);
		final int w = (int) in.width, h = (int) in.height, c = in.channels;
		if (c == 1) rows.get(0, a, 0, w * h);
		else for (int y = 0; y < h; y++)
			rows.deinterleave(y * w * c, a, y * w, w * h, c, w);
		return img;
	}

	// -- internals --

	/** Where a plane's pixels go in numpy's memory. */
	private static final class Layout {

		final ByteBuffer buffer;
		final long width, height;
		final int channels;

		Layout(final ByteBuffer buffer, final long width, final long height, final int channels) {
			this.buffer = buffer;
			this.width = width;
			this.height = height;
			this.channels = channels;
		}
	}

	private static Layout layout(final RandomAccessibleInterval<?> plane, final ByteBuffer buffer) {
		final long[] shape = shape(plane);
		final long bytes = nbytes(plane);
		if (!buffer.isDirect()) throw new IllegalArgumentException("numpy's memory comes as a direct buffer");
		if (buffer.capacity() != bytes) throw new IllegalArgumentException("A plane of shape " + java.util.Arrays
			.toString(shape) + " takes " + bytes + " bytes; the buffer has " + buffer.capacity());
		if (bytes / PixelType.of(plane).bytesPerPixel() > Integer.MAX_VALUE) throw new IllegalArgumentException(
			"A plane of more than 2^31 - 1 pixels cannot be copied in one piece");
		return new Layout(buffer.duplicate().order(ByteOrder.nativeOrder()), shape[1], shape[0], shape.length == 3
			? (int) shape[2] : 1);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Img<? extends RealType<?>> newImg(final PixelType type, final long[] dims) {
		return (Img) type.createImg(dims);
	}

	private static Object storage(final ArrayImg<?, ?> img) {
		final Object access = img.update(null);
		return access instanceof ArrayDataAccess ? ((ArrayDataAccess<?>) access).getCurrentStorageArray() : null;
	}

	/** A cell's array by its index in the grid (X fastest). */
	private interface CellAt {

		Object array(long index);
	}

	/** @return false when the image's cells do not hold whole channels or arrays of the expected class */
	private static boolean readCells(final AbstractCellImg<?, ?, ?, ?> img, final PixelType type, final Layout out) {
		final CellGrid grid = img.getCellGrid();
		final int n = grid.numDimensions();
		for (int d = 2; d < n; d++)
			if (grid.cellDimension(d) != img.dimension(d)) return false;
		final long columns = grid.getGridDimensions()[0];
		final int count = Math.toIntExact(grid.getGridDimensions()[0] * grid.getGridDimensions()[1]);
		final boolean once = img instanceof CellArrays;
		final IntPredicate copy = new IntPredicate() {

			@Override
			public boolean test(final int i, final CellAt cells, final Rows rows) {
				final long cx = i % columns, cy = i / columns;
				final Object a = cells.array(i);
				if (a == null || !Rows.matches(a, type)) return false;
				final long mx = cx * grid.cellDimension(0), my = cy * grid.cellDimension(1);
				final int cw = (int) Math.min(grid.cellDimension(0), out.width - mx);
				final int ch = (int) Math.min(grid.cellDimension(1), out.height - my);
				copyBlock(a, (int) mx, (int) my, cw, ch, out, rows);
				return true;
			}
		};
		final boolean parallel = count > 1 && nbytes(img) >= PARALLEL_BYTES;
		if (parallel) {
			// each task its own view of the buffer and (for cells through the cache) its own random access
			final boolean ok = IntStream.range(0, count).parallel().allMatch(i -> copy.test(i, cellsOf(img, once, n),
				Rows.of(type, out.buffer)));
			if (!ok) throw new IllegalStateException("A cell's pixels are not an array of " + type);
			return true;
		}
		final CellAt cells = cellsOf(img, once, n);
		final Rows rows = Rows.of(type, out.buffer);
		for (int i = 0; i < count; i++)
			if (!copy.test(i, cells, rows)) {
				if (i == 0) return false;
				throw new IllegalStateException("A cell's pixels are not an array of " + type);
			}
		return true;
	}

	private interface IntPredicate {

		boolean test(int i, CellAt cells, Rows rows);
	}

	private static CellAt cellsOf(final AbstractCellImg<?, ?, ?, ?> img, final boolean once, final int n) {
		if (once) return index -> ((CellArrays) img).cellArray(index);
		final CellGrid grid = img.getCellGrid();
		final long columns = grid.getGridDimensions()[0];
		final RandomAccess<? extends Cell<?>> access = img.getCells().randomAccess();
		final long[] pos = new long[n];
		return index -> {
			pos[0] = index % columns;
			pos[1] = index / columns;
			access.setPosition(pos);
			final Object data = access.get().getData();
			return data instanceof ArrayDataAccess ? ((ArrayDataAccess<?>) data).getCurrentStorageArray() : null;
		};
	}

	/** Copies a block (a cell, or a whole array plane) at (mx, my), w x h pixels, its channels planar. */
	private static void copyBlock(final Object a, final int mx, final int my, final int w, final int h,
		final Layout out, final Rows rows)
	{
		final int c = out.channels;
		final int width = (int) out.width;
		if (c == 1 && w == width) {
			rows.put(a, 0, (long) my * width, w * h);
			return;
		}
		for (int y = 0; y < h; y++) {
			final long dst = ((long) (my + y) * width + mx) * c;
			if (c == 1) rows.put(a, y * w, dst, w);
			else rows.interleave(a, y * w, w * h, c, dst, w);
		}
	}

	/**
	 * Any other image (not a stack's own plane): copied into an array plane of its type through ImgLib2 first.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void readAny(final RandomAccessibleInterval<? extends RealType<?>> plane, final PixelType type,
		final Layout out)
	{
		final long[] dims = new long[plane.numDimensions()];
		plane.dimensions(dims);
		final Img<? extends RealType<?>> copy = newImg(type, dims);
		final Cursor<? extends RealType<?>> from = Views.flatIterable(plane).cursor();
		final Cursor<? extends RealType<?>> to = Views.flatIterable(copy).cursor();
		while (from.hasNext()) {
			final RealType a = from.next(), b = to.next();
			if (a.getClass() == b.getClass()) b.set(a);
			else b.setReal(a.getRealDouble());
		}
		copyBlock(storage((ArrayImg<?, ?>) copy), 0, 0, (int) out.width, (int) out.height, out, Rows.of(type,
			out.buffer));
	}
}
