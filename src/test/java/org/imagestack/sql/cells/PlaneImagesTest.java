package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** The images a database stack hands out for its planes: the stack's planes themselves, their copies, the 3D view. */
class PlaneImagesTest {

	@TempDir
	Path dir;

	private String db(final String name) {
		return dir.resolve(name).toString();
	}

	@Test
	void puttingAPlaneBackInItsPlaceKeepsItTheStacksPlane() {
		try (SqlImageStack s = SqlImageStack.create(db("a"), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(1, 8, 8));
			s.addImage(AbstractImageStackTest.constant(2, 8, 8));
			final Img<? extends RealType<?>> first = s.get(0);
			first.getAt(1, 1).setReal(5);
			s.set(0, first); // as a plane function's result is stored
			first.getAt(2, 2).setReal(6); // still the stack's plane
			assertEquals(6, AbstractImageStackTest.at(s.get(0), 2, 2));
			final Img<? extends RealType<?>> second = s.get(1);
			s.set(0, second); // another plane: copied in
			second.getAt(3, 3).setReal(7);
			assertEquals(2, AbstractImageStackTest.at(s.get(0), 3, 3), "a copy of plane 1");
			assertEquals(7, AbstractImageStackTest.at(s.get(1), 3, 3));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db("a"), "s", 1)) {
			assertEquals("2.0 7.0", AbstractImageStackTest.at(r.get(0), 0, 0) + " " + AbstractImageStackTest.at(r.get(1),
				3, 3));
		}
	}

	@Test
	void aPlaneOfAnotherStackIsCopiedInEvenWithTheSamePlaneNumber() {
		try (SqlImageStack a = SqlImageStack.create(db("a"), "s", PixelType.FLOAT32, 1);
			SqlImageStack b = SqlImageStack.create(db("b"), "s", PixelType.FLOAT32, 1))
		{
			a.addImage(AbstractImageStackTest.constant(1, 8, 8)); // each the first plane of a new file
			b.addImage(AbstractImageStackTest.constant(2, 8, 8));
			final Img<? extends RealType<?>> fromB = b.get(0);
			a.set(0, fromB);
			assertEquals(2, AbstractImageStackTest.at(a.get(0), 4, 4));
			fromB.getAt(4, 4).setReal(9);
			assertEquals(2, AbstractImageStackTest.at(a.get(0), 4, 4), "a copy, not b's plane");
		}
	}

	@Test
	void aCopyOfAPlaneHasItsUnsavedEditsWhetherItsCellsAreHeldOrNot() {
		// uint8 1200 x 600: six 512 x 512 cells, a budget of about two
		try (SqlImageStack s = SqlImageStack.create(db("a"), "s", PixelType.UINT8, 0.6)) {
			s.addImage(AbstractImageStackTest.ramp(3, 1200, 600));
			s.saveState();
			s.reload(); // no cell held
			assertTrue(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(3, 1200, 600)).equals(
				AbstractImageStackTest.pixels(s.get(0).copy())), "the saved pixels");
			s.get(0).getAt(1199, 599).setReal(1); // held, changed
			final Img<? extends RealType<?>> copy = s.get(0).copy();
			assertEquals(1, AbstractImageStackTest.at(copy, 1199, 599));
			assertEquals(3 + 7 * 700 + 13 * 100 & 0xff, AbstractImageStackTest.at(copy, 700, 100));
			copy.getAt(0, 0).setReal(99);
			assertEquals(3, AbstractImageStackTest.at(s.get(0), 0, 0), "a copy, not the plane");
		}
	}

	@Test
	void aPlaneRemovedBeforeASaveSaysItsPixelsAreGone() {
		try (SqlImageStack s = SqlImageStack.create(db("a"), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(1, 8, 8));
			s.addImage(AbstractImageStackTest.constant(2, 8, 8));
			s.saveState();
			s.reload();
			final Img<? extends RealType<?>> first = s.get(0); // not read yet
			final Img<? extends RealType<?>> second = s.get(1);
			assertEquals(2, AbstractImageStackTest.at(second, 0, 0)); // read
			s.remove(0);
			s.remove(0);
			s.saveState();
			for (final Img<? extends RealType<?>> gone : List.of(first, second)) {
				final IllegalStateException e = assertThrows(IllegalStateException.class, () -> AbstractImageStackTest.at(
					gone, 0, 0));
				assertEquals(true, e.getMessage().matches("Plane \\d+ of stack 's' was replaced or removed before the " +
					"last save: its pixels are gone"), e.getMessage());
			}
		}
	}

	@Test
	void aPlaneNeverSavedAndRemovedIsGoneAfterTheSaveToo() {
		try (SqlImageStack s = SqlImageStack.create(db("a"), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(1, 8, 8));
			final Img<? extends RealType<?>> first = s.get(0);
			assertEquals(1, AbstractImageStackTest.at(first, 0, 0), "held, never saved");
			s.remove(0);
			assertEquals(1, AbstractImageStackTest.at(first, 0, 0), "still read until the save");
			s.saveState();
			assertThrows(IllegalStateException.class, () -> AbstractImageStackTest.at(first, 0, 0));
		}
	}

	@Test
	void theThreeDViewsCursorWalksEveryPixelOfEveryPlaneWhereItIs() {
		// uint8 520 x 514: four cells of 512 x 512 per plane, three of them cut
		try (SqlImageStack s = SqlImageStack.create(db("a"), "s", PixelType.UINT8, 1)) {
			final List<RandomAccess<? extends RealType<?>>> planes = new ArrayList<>();
			for (int z = 0; z < 2; z++) {
				s.addImage(AbstractImageStackTest.ramp(50 * z, 520, 514));
				planes.add(s.get(z).randomAccess());
			}
			final Cursor<? extends RealType<?>> c = s.asImg().localizingCursor();
			long n = 0;
			final long[] at = new long[3];
			while (c.hasNext()) {
				c.fwd();
				c.localize(at);
				if (c.get().getRealDouble() != planes.get((int) at[2]).setPositionAndGet(at[0], at[1]).getRealDouble())
					throw new AssertionError("pixel " + java.util.Arrays.toString(at));
				n++;
			}
			assertEquals(2L * 520 * 514, n);
		}
	}
}
