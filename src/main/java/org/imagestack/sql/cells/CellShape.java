package org.imagestack.sql.cells;

import java.util.Arrays;
import java.util.stream.Collectors;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.LazyConversion;
import org.imagestack.stack.AbstractImageStack;

/**
 * The shape of a plane's cells: the unit that is stored as one database row and held on the heap as one array. By
 * default a cell has at most 256 KiB of pixels (256×256 float32, 512×512 uint8, 512×256 uint16, 256×128 float64;
 * colour planes keep all their channels in each cell and have fewer pixels per cell), a power of two on each side,
 * and no larger than the plane.
 * <p>
 * Why 256 KiB: G1 allocates an array larger than half a heap region as a "humongous" object in whole contiguous
 * regions; regions are 1 MiB for heaps below 2 GB, so a 1 MiB cell took two regions and fragmented small heaps
 * (H2's own 24 MB write buffer then found no room at -Xmx256m). H2 writes 256 KiB and 1 MiB values equally fast.
 * </p>
 */
public final class CellShape {

	/** Bytes of one cell by default. */
	public static final int DEFAULT_CELL_BYTES = 256 << 10;

	private CellShape() {}

	/**
	 * @param type the plane's pixel type
	 * @param planeDims the plane's dimensions (X, Y[, C])
	 * @param cellBytes the most bytes one cell may have
	 * @return the cell dimensions (X, Y[, C]: all channels in every cell)
	 */
	public static int[] cellDims(final PixelType type, final long[] planeDims, final int cellBytes) {
		final long channels = planeDims.length > 2 ? planeDims[2] : 1;
		final long pixels = Math.max(1, cellBytes / (type.bytesPerPixel() * channels));
		final long square = Long.highestOneBit(pixels);
		final int log = Long.numberOfTrailingZeros(square);
		final long w = 1L << (log + 1) / 2;
		final long h = square / w;
		final int[] cell = new int[planeDims.length];
		cell[0] = (int) Math.min(w, Math.max(1, planeDims[0]));
		cell[1] = (int) Math.min(h, Math.max(1, planeDims[1]));
		if (planeDims.length > 2) cell[2] = (int) channels;
		return cell;
	}

	/** @return the grid of a plane's cells */
	public static CellGrid grid(final long[] planeDims, final int[] cellDims) {
		return new CellGrid(planeDims, cellDims);
	}

	/** @return the number of cells of a grid */
	public static int cellCount(final CellGrid grid) {
		long n = 1;
		for (final long d : grid.getGridDimensions())
			n *= d;
		return Math.toIntExact(n);
	}

	/** @return dimensions as stored: {@code "1600,1200"} */
	public static String text(final long[] dims) {
		return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(","));
	}

	/** @return dimensions as stored: {@code "512,512"} */
	public static String text(final int[] dims) {
		return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(","));
	}

	public static long[] parseLongs(final String text) {
		return Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
	}

	public static int[] parseInts(final String text) {
		return Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
	}

	/**
	 * Converts an image to {@code type} for storing as cells: an image larger than one cell is converted lazily, one
	 * cell at a time, as it is stored (so a plane larger than the heap converts too).
	 */
	public static Img<? extends RealType<?>> toType(final RandomAccessibleInterval<? extends RealType<?>> img,
		final PixelType type)
	{
		AbstractImageStack.checkShape(img);
		if (img instanceof Img && PixelType.of(img) == type) return (Img<? extends RealType<?>>) img;
		final long[] dims = Intervals.dimensionsAsLongArray(img);
		final int[] cells = CellShape.cellDims(type, dims, CellShape.DEFAULT_CELL_BYTES);
		if (Intervals.numElements(dims) <= Intervals.numElements(cells)) return DtypeConversion.convert(img, type);
		return LazyConversion.convert(img, type, cells);
	}
}
