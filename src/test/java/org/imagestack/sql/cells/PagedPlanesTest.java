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
}
