package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ConcurrentSaveException;
import org.imagestack.PixelType;
import org.imagestack.stack.AbstractImageStackTest;

/** A stack deleted through another handle: the advice its save gives works (before, it said copy(name), which failed). */
class DeletedElsewhereTest {

	@TempDir
	Path dir;

	@Test
	void theAdviceForAStackDeletedElsewhereWorks() {
		final String db = dir.resolve("d").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 3; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 20, 10));
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			for (int i = 0; i < 3; i++)
				AbstractImageStackTest.pixels(s.get(i)); // read: held by this handle
			s.addImage(AbstractImageStackTest.ramp(3, 20, 10));
			SqlImageStack.deleteStack(db, "s");
			final ConcurrentSaveException e = assertThrows(ConcurrentSaveException.class, s::saveState);
			assertTrue(e.getMessage().contains("addAll"), e.getMessage());
			try (SqlImageStack rescued = SqlImageStack.create(db, "rescued", s.pixelType(), 1)) {
				rescued.addAll(s);
				rescued.saveState();
			}
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "rescued", 1)) {
			assertEquals(4, r.size());
			for (int i = 0; i < 4; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 20, 10)), AbstractImageStackTest
					.pixels(r.get(i)), "plane " + i);
		}
	}
}
