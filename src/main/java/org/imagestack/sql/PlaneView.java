package org.imagestack.sql;

import java.util.function.LongFunction;

import net.imglib2.Dirty;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.basictypeaccess.array.DirtyBooleanArray;
import net.imglib2.img.basictypeaccess.array.DirtyByteArray;
import net.imglib2.img.basictypeaccess.array.DirtyDoubleArray;
import net.imglib2.img.basictypeaccess.array.DirtyFloatArray;
import net.imglib2.img.basictypeaccess.array.DirtyIntArray;
import net.imglib2.img.basictypeaccess.array.DirtyLongArray;
import net.imglib2.img.basictypeaccess.array.DirtyShortArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.convert.Planes;

/**
 * A lazy ImgLib2 view of a stack's planes: a {@link LazyCellImg} whose cells are whole planes (X, Y[, C], Z = plane
 * index), each fetched through the stack's plane cache when first touched. A cell's storage is the cached plane's own
 * array wrapped in one of ImgLib2's {@code Dirty*Array}s, so a pixel written through the view marks its plane
 * changed, to be written back on eviction or save.
 * <p>
 * A cursor keeps the plane it is on; when the stack's cache evicts that plane meanwhile, writes made after the
 * eviction through that same cursor are lost. Keep a view's cursors within one pass over the data.
 * </p>
 */
final class PlaneView {

	/** Tells the cache that a view may write into a plane through an access. */
	interface Watch {

		void watch(long planeId, Dirty access);
	}

	private PlaneView() {}

	/**
	 * @param type pixel type of the planes
	 * @param planeDims dimensions of every plane
	 * @param ids plane ids in stack order
	 * @param planes fetches the cache's instance of a plane by id
	 * @param watch registers the dirty access of a fetched plane
	 * @return the view
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static Img<? extends RealType<?>> create(final PixelType type, final long[] planeDims, final long[] ids,
		final LongFunction<Img<? extends RealType<?>>> planes, final Watch watch)
	{
		final int n = planeDims.length;
		final long[] dims = java.util.Arrays.copyOf(planeDims, n + 1);
		dims[n] = ids.length;
		final int[] cell = new int[n + 1];
		for (int d = 0; d < n; d++)
			cell[d] = Math.toIntExact(planeDims[d]);
		cell[n] = 1;
		final CellGrid grid = new CellGrid(dims, cell);
		final LazyCellImg.Get<Cell<DataAccess>> get = index -> {
			final long id = ids[(int) index];
			final ArrayImg<?, ?> plane = Planes.asArrayImg(planes.apply(id));
			final DataAccess access = dirtyAccess(type, Planes.storage(plane));
			watch.watch(id, (Dirty) access);
			final long[] min = new long[n + 1];
			min[n] = index;
			return new Cell<>(cell, min, access);
		};
		return new LazyCellImg(grid, (NativeType) type.createType(), get);
	}

	/** A dirty-tracking access sharing (not copying) a plane's primitive array. */
	private static DataAccess dirtyAccess(final PixelType type, final Object array) {
		switch (type) {
			case BOOL: return new DirtyBooleanArray((boolean[]) array);
			case UINT8:
			case INT8: return new DirtyByteArray((byte[]) array);
			case UINT16:
			case INT16: return new DirtyShortArray((short[]) array);
			case UINT32:
			case INT32: return new DirtyIntArray((int[]) array);
			case UINT64:
			case INT64: return new DirtyLongArray((long[]) array);
			case FLOAT32: return new DirtyFloatArray((float[]) array);
			default: return new DirtyDoubleArray((double[]) array);
		}
	}
}
