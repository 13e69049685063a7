package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** The planes of a database stack as a user orders, replaces and rolls them back, read after a reload. */
class PagedPlanesTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("planes").toString();
	}

	private static List<Double> firstPixels(final SqlImageStack s) {
		final List<Double> out = new ArrayList<>();
		for (int i = 0; i < s.size(); i++)
			out.add(AbstractImageStackTest.at(s.get(i), 0, 0));
		return out;
	}

	@Test
	void manyPlanesInsertedAtOnePlaceKeepTheirOrderOnceTheGapsBetweenPositionsAreUsedUp() {
		final List<Double> expected = new ArrayList<>();
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(-1, 4, 4));
			s.addImage(AbstractImageStackTest.constant(-2, 4, 4));
			s.saveState();
			expected.add(-1.0);
			expected.add(-2.0);
			// 30 planes, each inserted just before the last one: the gap between two positions halves every time
			for (int i = 0; i < 30; i++) {
				s.add(s.size() - 1, AbstractImageStackTest.constant(i, 4, 4));
				expected.add(expected.size() - 1, (double) i);
			}
			s.add(0, AbstractImageStackTest.constant(100, 4, 4)); // and one in front
			expected.add(0, 100.0);
			assertEquals(expected, firstPixels(s));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(expected, firstPixels(r), "the order as saved");
		}
	}

	@Test
	void aRemovedPlaneHandedOutBeforeStillReadsAndSavesWithItsEditsAfterAFailedMap() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 0.25)) { // one 256 x 256 cell
			s.addImage(AbstractImageStackTest.constant(1, 512, 512));
			s.addImage(AbstractImageStackTest.constant(2, 512, 512));
			s.saveState();
			final Img<? extends RealType<?>> first = s.get(0);
			first.randomAccess().setPositionAndGet(new long[] { 0, 0 }).setReal(9); // an edit in place
			s.remove(0); // retired until the next save; the edit is written into the transaction
			assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
				throw new IllegalStateException("boom");
			}, false)); // rolled back to before the map
			for (final long[] at : new long[][] { { 511, 511 }, { 0, 511 }, { 511, 0 } })
				assertEquals(1, AbstractImageStackTest.at(first, at), "the removed plane");
			assertEquals(9, AbstractImageStackTest.at(first, 0, 0), "with its edit");
			s.add(first); // put back elsewhere, with its edit
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(List.of(2.0, 9.0), firstPixels(r));
		}
	}
	@Test
	void theThreeDViewOfPlanesOfManyCellsReadsAndWritesEveryCellInPlace() {
		// float32 700 x 300: cells of 256 x 256, three by two per plane
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			for (int z = 0; z < 3; z++)
				s.addImage(AbstractImageStackTest.ramp(z, 700, 300));
			final Img<? extends RealType<?>> view = s.asImg();
			assertEquals(List.of(700L, 300L, 3L), List.of(view.dimension(0), view.dimension(1), view.dimension(2)));
			for (int z = 0; z < 3; z++)
				for (final long[] xy : new long[][] { { 0, 0 }, { 699, 299 }, { 300, 10 }, { 10, 280 }, { 600, 260 } })
					assertEquals(AbstractImageStackTest.at(s.get(z), xy), AbstractImageStackTest.at(view, xy[0], xy[1], z),
						"pixel " + xy[0] + "," + xy[1] + " of plane " + z);
			view.getAt(650, 270, 2).setReal(-3); // in place, through the view
			assertEquals(-3, AbstractImageStackTest.at(s.get(2), 650, 270));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(-3, AbstractImageStackTest.at(r.get(2), 650, 270));
		}
	}

	@Test
	void noThreeDViewOfAnEmptyStackOrOfPlanesOfDifferentSizes() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			assertEquals("Stack 's' is empty: no view to make", assertThrows(IllegalStateException.class, s::asImg)
				.getMessage());
			s.addImage(AbstractImageStackTest.ramp(0, 4, 3));
			s.addImage(AbstractImageStackTest.ramp(0, 3, 4));
			assertEquals("Stack 's' has planes of different sizes ([4, 3] and [3, 4]): a 3D view needs one size",
				assertThrows(IllegalStateException.class, s::asImg).getMessage());
		}
	}
}
