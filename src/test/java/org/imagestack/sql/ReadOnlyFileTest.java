package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.Required;

/**
 * Issue 23 item 18: a database on a read-only file system (a tmpfs mounted by the test and made read-only, when run
 * as root, where permissions do not stop writes), or else a file and folder without write permission: stacks are
 * read; saving, creating and compacting say what is read-only (the file system, file or folder, named) and what can
 * be done, never "for user 'SA'", "IO Exception" or a bare NonWritableChannelException; the file is left as it was.
 */
class ReadOnlyFileTest {

	@TempDir
	Path dir;

	private Path disk;
	private boolean mounted;

	@BeforeEach
	void disk() throws Exception {
		disk = Files.createDirectory(dir.resolve("disk"));
		mounted = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString());
	}

	@AfterEach
	void unmount() throws Exception {
		if (mounted) run("umount", disk.toString());
		else if (Files.exists(disk)) { // writable again, for @TempDir to clean up
			disk.toFile().setWritable(true);
			try (var files = Files.list(disk)) {
				files.forEach(f -> f.toFile().setWritable(true));
			}
		}
	}

	private static boolean run(final String... command) throws Exception {
		final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
	}

	/** Makes the disk read-only: remounted read-only, or without write permission. */
	private void readOnly(final Path file) throws Exception {
		if (mounted) {
			Required.present(run("mount", "-o", "remount,ro", disk.toString()), "could not remount a tmpfs read-only");
			return;
		}
		Files.list(disk).forEach(f -> f.toFile().setWritable(false));
		disk.toFile().setWritable(false);
		Required.present(!Files.isWritable(file) && !Files.isWritable(disk), "neither a read-only mount (needs " +
			"root) nor permissions (root ignores them) can make a folder read-only here");
	}

	private static void saysWhatIsReadOnly(final Exception e, final Path named) {
		final String m = e.getMessage();
		assertTrue(e instanceof ReadOnlyDatabaseException, e.toString());
		assertTrue(m.contains(named.toString()) && m.contains("read-only") && !m.contains("for user") && !m.contains(
			"IO Exception"), m);
	}

	@Test
	void aReadOnlyDiskIsReadAndEveryWriteSaysWhatIsReadOnly() throws Exception {
		final String db = disk.resolve("db").toString();
		final Path file = Path.of(db + ".mv.db");
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[] { 6, 7 }, 2, 1));
			s.saveState();
		}
		readOnly(file);
		final byte[] before = Files.readAllBytes(file);

		assertEquals(List.of("s"), SqlImageStack.stackNames(db));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(7, s.get(0).randomAccess().setPositionAndGet(1, 0).getRealDouble());
			final ReadOnlyDatabaseException e = assertThrows(ReadOnlyDatabaseException.class, () -> {
				s.addImage(ArrayImgs.unsignedBytes(new byte[] { 1, 1 }, 2, 1)); // writes its cells at once, or
				s.saveState(); // at the save
			});
			saysWhatIsReadOnly(e, file);
			assertTrue(e.getMessage().contains("copy") && e.getMessage().contains("loadFromDatabase"), e.getMessage());
			if (mounted) assertTrue(e.getMessage().contains("read-only file system"), e.getMessage());
		}

		final String fresh = disk.resolve("new").toString();
		final ReadOnlyDatabaseException create = assertThrows(ReadOnlyDatabaseException.class, () -> SqlImageStack
			.create(fresh, "s", PixelType.UINT8, 1).close());
		saysWhatIsReadOnly(create, disk);
		assertTrue(create.getMessage().contains("writable folder"), create.getMessage());
		assertFalse(Files.exists(Path.of(fresh + ".mv.db")));

		final ReadOnlyDatabaseException compact = assertThrows(ReadOnlyDatabaseException.class, () -> StackDatabase
			.compact(db));
		saysWhatIsReadOnly(compact, file);

		assertArrayEquals(before, Files.readAllBytes(file), "the read-only file was left as it was");
	}
}
