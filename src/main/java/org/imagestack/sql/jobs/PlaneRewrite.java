package org.imagestack.sql.jobs;

import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.convert.LazyConversion;
import org.imagestack.convert.Regions;
import org.imagestack.sql.cells.CellAccess;
import org.imagestack.sql.cells.CellKey;
import org.imagestack.sql.cells.CellShape;
import org.imagestack.sql.cells.PlaneImg;
import org.imagestack.sql.cells.PlaneRow;
import org.imagestack.sql.store.CellStore;

/**
 * One saved plane read whole and replaced, outside any stack handle and its cache: what a distributed map's worker
 * does with the plane it claimed. The plane is handed to the function as the stack hands its planes (a cell image of
 * dirty-tracking arrays), and the result is stored as the stack stores a replaced plane (a new plane id at the same
 * position, cells of the stack's cell size and compression), so the outcome is bit for bit that of
 * {@code executeFunction}. Everything goes into the caller's open transaction; nothing here commits.
 */
final class PlaneRewrite {

	private PlaneRewrite() {}

	/** @return plane {@code row} of {@code stack} as a cell image over cells read now (the caller's own copy) */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Img<? extends RealType<?>> read(final CellStore store, final StackRecord stack, final PlaneRow row) {
		final CellGrid grid = CellShape.grid(row.dims, row.legacy() ? CellShape.cellDims(row.type, row.dims, stack
			.cellBytes()) : row.cellDims);
		final int n = CellShape.cellCount(grid);
		final String plane = "plane " + row.planeId + " of stack '" + stack.name() + "'";
		final Object[] arrays = row.legacy() ? store.readLegacyPlane(stack.id(), row.planeId, row.type, grid, plane)
			: new Object[n];
		final Cell<?>[] cells = new Cell<?>[n];
		for (int k = 0; k < n; k++) {
			final Interval region = LazyConversion.cell(grid, k);
			if (arrays[k] == null) arrays[k] = store.readCell(stack.id(), new CellKey(row.planeId, k), row.type,
				(int) Intervals.numElements(region), stack.name());
			cells[k] = new Cell<DataAccess>(Intervals.dimensionsAsIntArray(region), Intervals.minAsLongArray(region),
				CellAccess.wrap(row.type, arrays[k]));
		}
		return (Img<? extends RealType<?>>) new PlaneImg(PlaneRewrite.class, row.planeId, grid, (NativeType) row.type
			.createType(), index -> cells[(int) index], index -> arrays[(int) index]);
	}

	/**
	 * Stores {@code img} (any of the eleven types: converted to the stack's) in place of plane {@code row}: a new plane
	 * at its position, and the old plane deleted.
	 *
	 * @return the new plane's id
	 */
	static long replace(final CellStore store, final StackRecord stack, final PlaneRow row,
		final RandomAccessibleInterval<? extends RealType<?>> img)
	{
		final RandomAccessibleInterval<? extends RealType<?>> converted = CellShape.toType(img, stack.type());
		final RandomAccessibleInterval<? extends RealType<?>> src = Views.isZeroMin(converted) ? converted : Views
			.zeroMin(converted);
		final PixelType type = PixelType.of(src);
		final long[] dims = Intervals.dimensionsAsLongArray(src);
		final PlaneRow out = new PlaneRow(store.newPlaneId(), row.pos, dims, type, CellShape.cellDims(type, dims, stack
			.cellBytes()));
		store.insertPlane(stack.id(), out);
		final CellGrid grid = CellShape.grid(dims, out.cellDims);
		for (int k = 0; k < CellShape.cellCount(grid); k++)
			store.writeCell(stack.id(), new CellKey(out.planeId, k), type, Regions.copy(src, LazyConversion.cell(grid, k)),
				stack.compression(), false);
		store.deletePlane(stack.id(), row.planeId);
		return out.planeId;
	}
}
