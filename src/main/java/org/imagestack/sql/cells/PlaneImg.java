package org.imagestack.sql.cells;

import java.util.function.LongFunction;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.NativeType;

import org.imagestack.convert.CellArrays;
import org.imagestack.convert.Planes;

/**
 * One plane of a database stack as an ImgLib2 cell image: its cells come from the stack's cell cache when first
 * touched (reading a region loads only the cells it crosses), and a pixel written through it marks its cell changed,
 * to be written back with the stack. It is the stack's plane, not a copy: see {@code SqlImageStack.get(int)}.
 */
public final class PlaneImg<T extends NativeType<T>, A extends DataAccess> extends LazyCellImg<T, A> implements
	CellArrays
{

	private final Object owner;
	private final long planeId;
	private final LongFunction<Object> once;

	/**
	 * @param get the cell of an index, through the cache
	 * @param once the array of a cell for one read, not kept (see {@link CellArrays})
	 */
	public PlaneImg(final Object owner, final long planeId, final CellGrid grid, final T type, final Get<Cell<A>> get,
		final LongFunction<Object> once)
	{
		super(grid, type, get);
		this.owner = owner;
		this.planeId = planeId;
		this.once = once;
	}

	@Override
	public Object cellArray(final long index) {
		return once.apply(index);
	}

	/** @return whether this is plane {@code id} of the stack whose planes are {@code planes} */
	boolean is(final Object planes, final long id) {
		return owner == planes && planeId == id;
	}

	/**
	 * @return an independent array image with this plane's pixels (the one whole-plane allocation; cells the cache
	 *         does not hold are read for it without being kept)
	 */
	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public Img<T> copy() {
		return (Img<T>) Planes.asArrayImg((RandomAccessibleInterval) this); // not an array image: this is a copy
	}
}
