package org.imagestack.convert;

import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import net.imglib2.Interval;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.cell.AbstractCellImg;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.imagestack.PixelType;

/**
 * Copies a rectangular region of an image into a new primitive array (X fastest, then Y, then C): what storing an
 * image cell by cell needs. Array images and cell images are copied row by row with {@code System.arraycopy} (a cell
 * image from the arrays of the cells the region crosses); any other image through ImgLib2's loops.
 */
public final class Regions {

	private Regions() {}

	/**
	 * @param src an image of one of the eleven pixel types
	 * @param region a region inside it (in its coordinates), spanning every dimension beyond X and Y whole
	 * @return a new array of the region's pixels, of {@code src}'s type
	 */
	public static Object copy(final RandomAccessibleInterval<? extends RealType<?>> src, final Interval region) {
		final PixelType type = PixelType.of(src);
		if (src instanceof ArrayImg && PixelArrays.storage((ArrayImg<?, ?>) src).getClass() == arrayClass(type))
			return fromArray((ArrayImg<?, ?>) src, region, type);
		if (src instanceof AbstractCellImg) {
			final Object out = fromCells((AbstractCellImg<?, ?, ?, ?>) src, region, arrayClass(type));
			if (out != null) return out;
		}
		return PixelArrays.storage(PixelArrays.asArrayImg(Views.interval(src, region), type));
	}

	private static Object fromArray(final ArrayImg<?, ?> img, final Interval region, final PixelType type) {
		final Object in = PixelArrays.storage(img);
		final int n = img.numDimensions();
		final int width = (int) img.dimension(0), height = n > 1 ? (int) img.dimension(1) : 1;
		final int x0 = (int) (region.min(0) - img.min(0)), y0 = n > 1 ? (int) (region.min(1) - img.min(1)) : 0;
		final int w = (int) region.dimension(0), h = n > 1 ? (int) region.dimension(1) : 1;
		final long rest = n > 2 ? Intervals.numElements(region) / ((long) w * h) : 1;
		final Object out = java.lang.reflect.Array.newInstance(in.getClass().getComponentType(), Math.toIntExact(
			Intervals.numElements(region)));
		for (int c = 0; c < rest; c++)
			for (int y = 0; y < h; y++)
				System.arraycopy(in, (c * height + y0 + y) * width + x0, out, (c * h + y) * w, w);
		return out;
	}

	/**
	 * Gathers a region from the cells it crosses, row by row; null when the image's cells do not span its dimensions
	 * beyond X and Y whole, or do not hold arrays of the expected class. An image that is also {@link CellArrays}
	 * gives the arrays itself (a database plane reads the cells it does not hold without keeping them).
	 */
	private static Object fromCells(final AbstractCellImg<?, ?, ?, ?> img, final Interval region,
		final Class<?> arrayClass)
	{
		final CellGrid grid = img.getCellGrid();
		final int n = grid.numDimensions();
		if (n < 2) return null;
		for (int d = 2; d < n; d++)
			if (grid.cellDimension(d) != img.dimension(d) || region.dimension(d) != img.dimension(d)) return null;
		final CellAt cells;
		if (img instanceof CellArrays) {
			final long columns = grid.getGridDimensions()[0];
			cells = (cx, cy) -> ((CellArrays) img).cellArray(cy * columns + cx);
		}
		else {
			final RandomAccess<? extends Cell<?>> access = img.getCells().randomAccess();
			final long[] cellPos = new long[n];
			cells = (cx, cy) -> {
				cellPos[0] = cx;
				cellPos[1] = cy;
				access.setPosition(cellPos);
				final Object data = access.get().getData();
				return data instanceof ArrayDataAccess ? ((ArrayDataAccess<?>) data).getCurrentStorageArray() : null;
			};
		}
		return gather(grid, region.min(0) - img.min(0), region.min(1) - img.min(1), region, arrayClass, cells,
			img instanceof CellArrays);
	}

	/** A cell's array by its position in the grid. */
	private interface CellAt {

		Object array(long cx, long cy);
	}

	private static Object gather(final CellGrid grid, final long x0, final long y0, final Interval region,
		final Class<?> arrayClass, final CellAt cells, final boolean parallel)
	{
		final int w = (int) region.dimension(0), h = (int) region.dimension(1);
		final long rest = Intervals.numElements(region) / ((long) w * h);
		final int cw = grid.cellDimension(0), ch = grid.cellDimension(1);
		final long width = grid.imgDimension(0), height = grid.imgDimension(1);
		final Object out = java.lang.reflect.Array.newInstance(arrayClass.getComponentType(), Math.toIntExact(Intervals
			.numElements(region)));
		final long cx0 = x0 / cw, cy0 = y0 / ch, columns = (x0 + w - 1) / cw - cx0 + 1;
		final int count = Math.toIntExact(columns * ((y0 + h - 1) / ch - cy0 + 1));
		final IntPredicate copy = i -> {
			final long cx = cx0 + i % columns, cy = cy0 + i / columns;
			final Object a = cells.array(cx, cy);
			if (a == null || a.getClass() != arrayClass) return false;
			final long mx = cx * cw, my = cy * ch;
			final int cellW = (int) Math.min(cw, width - mx), cellH = (int) Math.min(ch, height - my);
			final long ix0 = Math.max(x0, mx), ix1 = Math.min(x0 + w - 1, mx + cellW - 1);
			final long iy0 = Math.max(y0, my), iy1 = Math.min(y0 + h - 1, my + cellH - 1);
			final int len = (int) (ix1 - ix0 + 1);
			for (int c = 0; c < rest; c++)
				for (long y = iy0; y <= iy1; y++)
					System.arraycopy(a, (int) ((c * cellH + y - my) * cellW + ix0 - mx), out, (int) ((c * h + y - y0) * w +
						ix0 - x0), len);
			return true;
		};
		if (parallel && count > 1) { // cells read from a database, each on a core of its own (rows never overlap)
			if (!IntStream.range(0, count).parallel().allMatch(copy)) throw new IllegalStateException(
				"A cell's pixels are not an array of " + arrayClass.getComponentType());
			return out;
		}
		for (int i = 0; i < count; i++)
			if (!copy.test(i)) return null;
		return out;
	}

	private static Class<?> arrayClass(final PixelType type) {
		return PixelArrays.newArray(type, 0).getClass();
	}

}
