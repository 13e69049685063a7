package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.cell.CellGrid;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

/**
 * {@code get(0).copy()} of a database plane over 2^31 pixels (issue 23, item 22): a message saying why and what to do,
 * not a bare {@code ArithmeticException: integer overflow}. The plane is a real {@link PlaneImg} of 50,000 x 50,000
 * uint8 pixels in cells of 1 MiB, none of which is ever read (the check comes before any).
 */
class HugePlaneCopyTest {

	@Test
	void copyingAPlaneLargerThanOneArraySaysWhatToDo() {
		final CellGrid grid = new CellGrid(new long[] { 50_000, 50_000 }, new int[] { 1024, 1024 });
		final PlaneImg<UnsignedByteType, ?> plane = new PlaneImg<>(this, 1, grid, new UnsignedByteType(), index -> {
			throw new AssertionError("no cell is read");
		}, index -> {
			throw new AssertionError("no cell is read");
		});
		final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, plane::copy);
		assertTrue(e.getMessage().contains("[50000, 50000] = 2500000000 pixels") && e.getMessage().contains(
			"larger than one Java array") && e.getMessage().contains("a region at a time"), e.getMessage());
	}
}
