package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Every spelling of one file database is one file with one record of saves: a trailing '/', {@code ~/}, the URLs
 * {@code jdbc:h2:/path} and {@code jdbc:h2:file:/path}; a folder named like the database file is refused.
 */
class DatabasePathsTest {

	@TempDir
	Path dir;

	@Test
	void everySpellingOfAFileIsOneFileWithItsRecord() throws Exception {
		final String plain = dir.resolve("x").toString();
		try (SqlImageStack s = SqlImageStack.create("jdbc:h2:" + plain, "s", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 20, 10));
			s.saveState();
		}
		assertTrue(Files.exists(dir.resolve("x.mv.db.saves")), "a jdbc:h2:/path URL keeps a record of its saves");
		for (final String spelling : new String[] { plain, plain + ".mv.db", plain + "/", "jdbc:h2:file:" + plain,
			"JDBC:H2:" + plain })
			assertEquals(List.of("s"), SqlImageStack.stackNames(spelling), spelling);
		assertEquals(Path.of(System.getProperty("user.home"), "x"), H2File.filePath("~/x"), "~ is the home folder");
		assertEquals(Path.of(plain), H2File.filePath("jdbc:h2:file:" + plain + ";AUTO_SERVER=TRUE"), "settings too");
	}

	/**
	 * A file's URL with settings of its own ({@code ;...}) is the same file with the same record of saves (it got no
	 * record and no {@code retry:} file system before): an older copy put back is reported.
	 */
	@Test
	void aFileUrlWithSettingsKeepsItsRecord() throws Exception {
		final String plain = dir.resolve("w").toString();
		final String url = "jdbc:h2:file:" + plain + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=5000";
		try (SqlImageStack s = SqlImageStack.create(url, "a", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 20, 10));
			s.saveState();
		}
		assertTrue(Files.exists(dir.resolve("w.mv.db.saves")), "a URL with settings keeps a record of its saves");
		assertEquals("jdbc:h2:" + H2File.FILE_SYSTEM + plain + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=5000", H2File.url(url,
			H2File.filePath(url), false).split(";WRITE_DELAY")[0], "through retry:, its settings kept");
		Files.copy(dir.resolve("w.mv.db"), dir.resolve("older"));
		try (SqlImageStack s = SqlImageStack.create(url, "b", PixelType.UINT8, 1)) {
			s.saveState();
		}
		assertEquals(List.of("a", "b"), SqlImageStack.stackNames(plain));
		Files.copy(dir.resolve("older"), dir.resolve("w.mv.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		final org.imagestack.CorruptDatabaseException e = assertThrows(org.imagestack.CorruptDatabaseException.class,
			() -> SqlImageStack.stackNames(url));
		assertTrue(e.getMessage().contains("lacks stack"), e.getMessage());
	}

	@Test
	void aFolderNamedLikeTheDatabaseFileIsRefused() throws Exception {
		Files.createDirectories(dir.resolve("y.mv.db"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlImageStack.create(dir
			.resolve("y").toString(), "s", PixelType.UINT8, 1));
		assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
	}
}
