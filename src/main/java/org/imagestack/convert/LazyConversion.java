package org.imagestack.convert;

import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.imagestack.PixelType;

/**
 * scikit-image's conversion of an image of any size, one cell at a time: the whole-image facts are gathered in one
 * pass over the source's cells ({@link ImageStats}), and the result is a lazy cell image whose cells are converted
 * when first read. Nothing larger than one cell is allocated, so a plane larger than the heap converts as well as a
 * small one (as long as the source itself is read lazily).
 */
public final class LazyConversion {

	private LazyConversion() {}

	/**
	 * @param src an image of one of the eleven pixel types
	 * @param to the target type
	 * @param cellDims the cells' dimensions (one per dimension of {@code src})
	 * @return a lazy image of type {@code to} over {@code src}; each cell read converts that region of {@code src}
	 *         anew, so read it once (e.g. copy it into storage)
	 * @throws IllegalArgumentException as {@link DtypeConversion#convert}, before any cell is converted
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static Img<? extends RealType<?>> convert(final RandomAccessibleInterval<? extends RealType<?>> src,
		final PixelType to, final int[] cellDims)
	{
		final PixelType from = PixelType.of(src);
		final RandomAccessibleInterval<? extends RealType<?>> zero = Views.isZeroMin(src) ? src : Views.zeroMin(src);
		final CellGrid grid = new CellGrid(Intervals.dimensionsAsLongArray(src), cellDims);
		final ImageStats stats = new ImageStats(from);
		if (needsStats(from, to)) {
			for (long i = 0; i < Intervals.numElements(grid.getGridDimensions()); i++)
				stats.accept(Regions.copy(zero, cell(grid, i)));
		}
		final ChunkConverter plan = DtypeConversion.plan(from, to, stats);
		final LazyCellImg.Get<Cell<ArrayDataAccess<?>>> get = index -> {
			final Interval region = cell(grid, index);
			final Object in = Regions.copy(zero, region);
			final ArrayImg<?, ?> out = to.createImg(Intervals.dimensionsAsLongArray(region));
			final ArrayDataAccess<?> access = (ArrayDataAccess<?>) out.update(null);
			plan.convert(in, access.getCurrentStorageArray());
			return new Cell<>(Intervals.dimensionsAsIntArray(region), Intervals.minAsLongArray(region), access);
		};
		return new LazyCellImg(grid, (NativeType) to.createType(), get);
	}

	/** @return whether the rules for this pair look at the whole image (a maximum or a range) */
	static boolean needsStats(final PixelType from, final PixelType to) {
		return from.isInteger() && to.isInteger() || from.isFloat() && to.isInteger();
	}

	/** @return the interval of cell {@code index} of a grid */
	public static Interval cell(final CellGrid grid, final long index) {
		final int n = grid.numDimensions();
		final long[] min = new long[n];
		final int[] dims = new int[n];
		grid.getCellDimensions(index, min, dims);
		final long[] max = new long[n];
		for (int d = 0; d < n; d++)
			max[d] = min[d] + dims[d] - 1;
		return new FinalInterval(min, max);
	}
}
