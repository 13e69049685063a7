package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** How much of the heap a database stack says its planes take, and the budget it is given. */
class HeldBytesTest {

	@TempDir
	Path dir;

	@Test
	void theStackCountsTheCellsOfItsOwnPlanesOnly() {
		try (SqlImageStack s = SqlImageStack.create(dir.resolve("held").toString(), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(1, 8, 8)); // 256 bytes each
			s.addImage(AbstractImageStackTest.constant(2, 8, 4));
			assertEquals(256 + 128, s.nbytes());
			s.remove(0); // kept until the save, for whoever holds it: not the stack's
			assertEquals(128, s.nbytes());
		}
	}

	@Test
	void theBudgetIsWhatWasSet() {
		try (SqlImageStack s = SqlImageStack.create(dir.resolve("budget").toString(), "s", PixelType.FLOAT32, 1)) {
			assertEquals(1, s.maxSizeMb(), 1e-9);
			s.setMaxSizeMb(2.5);
			assertEquals(2.5, s.maxSizeMb(), 1e-9);
		}
	}
}
