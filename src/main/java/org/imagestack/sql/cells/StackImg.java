package org.imagestack.sql.cells;

import java.util.Arrays;

import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;

/**
 * The 3D view of a database stack (X, Y[, C], Z = plane): a lazy cell image whose cells are the planes' own cells,
 * taken from the stack's cache, so that pixels written through it change the planes. The counterpart of
 * {@link PlaneImg} for the whole stack.
 */
final class StackImg {

	/** Where the view takes a plane's cell from: the stack's cache, loading the cell when needed. */
	interface Cells {

		Cell<DataAccess> get(PlaneSlot plane, int index);
	}

	private StackImg() {}

	/**
	 * @param planes the stack's planes, in order
	 * @param cellBytes the stack's cell size
	 * @param type the stack's pixel type
	 * @param name the stack's name, for messages
	 * @param cells the planes' cells
	 * @return a lazy 3D view over the planes' cells
	 * @throws IllegalStateException when there are no planes or they differ in size
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static Img<? extends RealType<?>> of(final PlaneSlot[] planes, final int cellBytes, final PixelType type,
		final String name, final Cells cells)
	{
		if (planes.length == 0) throw new IllegalStateException("Stack '" + name + "' is empty: no view to make");
		final long[] dims = planes[0].dims;
		for (final PlaneSlot s : planes)
			if (!Arrays.equals(s.dims, dims)) throw new IllegalStateException("Stack '" + name +
				"' has planes of different sizes (" + Arrays.toString(dims) + " and " + Arrays.toString(s.dims) +
				"): a 3D view needs one size");
		final CellGrid planeGrid = planes[0].grid(cellBytes);
		final int perPlane = CellShape.cellCount(planeGrid);
		final int n = dims.length;
		final long[] all = Arrays.copyOf(dims, n + 1);
		all[n] = planes.length;
		final int[] cell = new int[n + 1];
		planeGrid.cellDimensions(cell);
		cell[n] = 1;
		final LazyCellImg.Get<Cell<DataAccess>> get = index -> {
			final int z = (int) (index / perPlane);
			final Cell<DataAccess> c = cells.get(planes[z], (int) (index % perPlane));
			final long[] min = new long[n + 1];
			final int[] size = new int[n + 1];
			for (int d = 0; d < n; d++) {
				min[d] = c.min(d);
				size[d] = (int) c.dimension(d);
			}
			min[n] = z;
			size[n] = 1;
			return new ViewCell(size, min, c);
		};
		return new LazyCellImg(new CellGrid(all, cell), (NativeType) type.createType(), get);
	}

	/** A plane's cell placed in the 3D view; it keeps the plane's cell reachable, so the cache finds it in use. */
	private static final class ViewCell extends Cell<DataAccess> {

		private static final long serialVersionUID = 1L;

		@SuppressWarnings("unused")
		private final Cell<DataAccess> source;

		ViewCell(final int[] dims, final long[] min, final Cell<DataAccess> source) {
			super(dims, min, source.getData());
			this.source = source;
		}
	}
}
