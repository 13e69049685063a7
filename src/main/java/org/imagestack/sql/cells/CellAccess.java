package org.imagestack.sql.cells;

import net.imglib2.Dirty;
import net.imglib2.img.basictypeaccess.DataAccess;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.DirtyBooleanArray;
import net.imglib2.img.basictypeaccess.array.DirtyByteArray;
import net.imglib2.img.basictypeaccess.array.DirtyDoubleArray;
import net.imglib2.img.basictypeaccess.array.DirtyFloatArray;
import net.imglib2.img.basictypeaccess.array.DirtyIntArray;
import net.imglib2.img.basictypeaccess.array.DirtyLongArray;
import net.imglib2.img.basictypeaccess.array.DirtyShortArray;
import net.imglib2.img.cell.Cell;

import org.imagestack.PixelType;

/** A cell's pixel array as ImgLib2 sees it: one of its {@code Dirty*Array}s, which note every pixel written. */
public final class CellAccess {

	private CellAccess() {}

	/** @return a dirty-tracking access sharing (not copying) a primitive array */
	public static DataAccess wrap(final PixelType type, final Object array) {
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

	/** @return the cell's access, which is {@link Dirty} */
	static Dirty dirty(final Cell<DataAccess> cell) {
		return (Dirty) cell.getData();
	}

	/** @return the primitive array of an access */
	static Object array(final Object access) {
		return ((ArrayDataAccess<?>) access).getCurrentStorageArray();
	}

	/** @return bytes of a cell's pixels on the heap, from its array's element type */
	static long bytes(final Dirty access) {
		final Object a = array(access);
		final int n = java.lang.reflect.Array.getLength(a);
		if (a instanceof boolean[] || a instanceof byte[]) return n;
		if (a instanceof short[]) return 2L * n;
		if (a instanceof int[] || a instanceof float[]) return 4L * n;
		return 8L * n;
	}
}
