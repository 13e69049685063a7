package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A save is either kept or fails: an in-memory H2 database (which keeps nothing) is refused, a save into a file that
 * is gone from its place fails, and compacting a file never discards the unsaved work of a stack open on it.
 */
class SaveReachesItsFileTest {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:h2:mem:x", "jdbc:h2:mem:y;DB_CLOSE_DELAY=-1", "JDBC:H2:MEM:", 
		"jdbc:h2:tcp://localhost/mem:z" })
	void anInMemoryDatabaseIsRefusedWithTheReason(final String url) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlImageStack.create(url,
			"s", PixelType.UINT8, 1).close());
		assertTrue(e.getMessage().contains("in-memory") && e.getMessage().contains("Name a file"), e.getMessage());
	}

	@Test
	void aSaveIntoAFolderDeletedUnderTheStackFails() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("sub"));
		final String db = folder.resolve("d").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 20, 10));
			s.saveState();
			s.addImage(AbstractImageStackTest.ramp(2, 20, 10));
			try (Stream<Path> files = Files.walk(folder)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
			final StorageException e = assertThrows(StorageException.class, s::saveState);
			assertTrue(e.getMessage().contains("d.mv.db") && e.getMessage().contains("gone") && e.getMessage().contains(
				"nothing was saved"), e.getMessage());
			assertEquals(2, s.size(), "the planes are still there to be saved elsewhere");
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(2, 20, 10)), AbstractImageStackTest
				.pixels(s.get(1)));
		}
	}

	@Test
	void compactingIsRefusedWhileAStackIsOpenOnTheFileNamingIt() {
		final String db = dir.resolve("c").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "open one", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 20, 10));
			final IllegalStateException e = assertThrows(IllegalStateException.class, () -> StackDatabase.compact(db));
			assertTrue(e.getMessage().contains("'open one'") && e.getMessage().contains("unsaved changes") && e
				.getMessage().contains("c.mv.db"), e.getMessage());
			s.saveState(); // the work was not discarded: it saves
		}
		StackDatabase.compact(db);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "open one", 1)) {
			assertEquals(1, s.size());
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(1, 20, 10)), AbstractImageStackTest
				.pixels(s.get(0)));
		}
	}
}
