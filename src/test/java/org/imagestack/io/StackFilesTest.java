package org.imagestack.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.service.DefaultImageStackService;
import org.imagestack.service.Progress;
import org.imagestack.stack.AbstractImageStackTest;

/** Stacks made from folders: a folder with no matching file is an error, not an empty stack (issue 12, item 12). */
class StackFilesTest {

	@TempDir
	Path dir;

	@Test
	void aFolderWithoutMatchingFilesIsAnErrorNamingFolderAndPattern() throws IOException {
		final Path photos = Files.createDirectory(dir.resolve("photos"));
		ImageFiles.write(photos.resolve("a.tif"), AbstractImageStackTest.ramp(1, 4, 3));
		Files.write(photos.resolve("notes.txt"), "not an image".getBytes());
		final Path db = dir.resolve("crack");
		assertNoMatch(photos, "*.bmp", () -> StackFiles.fromFolder(photos, "*.bmp", "uint8", false));
		assertNoMatch(photos, "*.bmp", () -> StackFiles.fromFolder(photos.toString(), "*.bmp", db.toString(), "s",
			"uint8", 1, false));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new DefaultImageStackService().importSequence(photos.toString(), "*.BMP", db.toString(), "s", "uint8",
				false, 1, Progress.NONE));
		assertTrue(e.getMessage().contains("photos") && e.getMessage().contains("*.BMP"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("crack.mv.db")), "no database was made for nothing");
		final Path empty = Files.createDirectory(dir.resolve("empty"));
		assertNoMatch(empty, "every file", () -> StackFiles.fromFolder(empty, null, null, false));
	}

	private static void assertNoMatch(final Path folder, final String pattern, final Attempt attempt) {
		final IOException e = assertThrows(IOException.class, attempt::run);
		assertTrue(e.getMessage().contains(folder.toString()) && e.getMessage().contains(pattern), e.getMessage());
	}

	private interface Attempt {

		void run() throws Exception;
	}
}
