package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;
import org.imagestack.ConcurrentSaveException;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;
import org.imagestack.PixelType;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.sql.store.Database;

/** Errors of the database layer: locked, damaged, wrong schema; each names the file and loses nothing saved. */
class H2ReliabilityTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("crack").toString();
	}

	@Test
	void aFileOpenInAnotherProcessGivesAClearMessage() throws Exception {
		SqlImageStack.create(db(), "s", PixelType.UINT8, 1).close();
		try (ChildJvm child = ChildJvm.start("64m", HoldDatabase.class, db())) {
			assertNotNull(child.await("open "), "the child opened the database");
			final DatabaseLockedException e = assertThrows(DatabaseLockedException.class, () -> SqlImageStack
				.loadFromDatabase(db(), "s"));
			assertTrue(e.getMessage().contains(dir.resolve("crack.mv.db").toString()), e.getMessage());
			assertTrue(e.getMessage().contains("AUTO_SERVER"), e.getMessage());
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s")) {
			assertEquals(0, s.size(), "usable again once the other process is gone");
		}
	}

	@Test
	void autoServerSharesAFileBetweenProcesses() throws Exception {
		final String url = "jdbc:h2:file:" + dir.resolve("shared") + ";AUTO_SERVER=TRUE";
		try (SqlImageStack s = SqlImageStack.create(url, "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4 }, 2, 2));
			s.saveState();
		}
		try (ChildJvm child = ChildJvm.start("64m", HoldDatabase.class, url)) {
			assertNotNull(child.await("open "));
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(url, "s")) {
				assertEquals(4.0, s.get(0).getAt(1, 1).getRealDouble(), "read through the first process's server");
			}
		}
	}

	@Test
	void damagedPlaneBytesAreDetectedByTheChecksum() throws Exception {
		final byte[] px = new byte[64 * 64];
		Arrays.fill(px, (byte) 0x5A);
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(px, 64, 64));
			s.saveState();
		}
		final Path file = dir.resolve("crack.mv.db");
		final byte[] bytes = Files.readAllBytes(file);
		int damaged = 0;
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			// every copy of the plane's bytes in the file (H2 does not compress them): garbage into each
			for (int at = find(bytes, 0, 1024); at >= 0; at = find(bytes, at + 1024, 1024)) {
				raf.seek(at + 500);
				raf.write(new byte[] { 1, 2, 3 });
				damaged++;
			}
		}
		assertTrue(damaged > 0, "the plane's bytes are in the file as written");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s")) {
			// a plane is read cell by cell when its pixels are: the damaged cell is reported then
			final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> s.get(0).firstElement()
				.getRealDouble());
			assertTrue(e.getMessage().contains("plane") && e.getMessage().contains("'s'") && e.getMessage().contains(
				"crack.mv.db"), e.getMessage());
		}
	}

	/** @return where the next run of at least {@code n} bytes 0x5A from {@code from} starts, or -1 */
	private static int find(final byte[] bytes, final int from, final int n) {
		int run = 0;
		for (int i = from; i < bytes.length; i++) {
			run = bytes[i] == 0x5A ? run + 1 : 0;
			if (run == n) {
				final int start = i - n + 1;
				while (i < bytes.length && bytes[i] == 0x5A)
					i++;
				return start;
			}
		}
		return -1;
	}

	@Test
	void aFileThatIsNotADatabaseIsReportedAsDamaged() throws Exception {
		final byte[] junk = new byte[100_000];
		new java.util.Random(3).nextBytes(junk);
		Files.write(dir.resolve("junk.mv.db"), junk);
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqlImageStack
			.stackNames(dir.resolve("junk").toString()));
		assertTrue(e.getMessage().contains("junk.mv.db"), e.getMessage());
	}

	@Test
	void smallOrEmptyFilesAreDamagedNotNewDatabasesAndStayAsTheyWere() throws Exception {
		for (final byte[] content : new byte[][] { new byte[0], "hello".getBytes(), new byte[5000] }) {
			final Path f = dir.resolve("x.mv.db");
			Files.write(f, content);
			final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqlImageStack
				.stackNames(dir.resolve("x").toString()));
			assertTrue(e.getMessage().contains("x.mv.db"), e.getMessage());
			assertThrows(CorruptDatabaseException.class, () -> SqlImageStack.create(dir.resolve("x").toString(), "s",
				PixelType.UINT8, 1));
			assertEquals(content.length, Files.size(f), "left as it was");
		}
	}

	@Test
	void aStackDeletedThroughAnotherHandleSaysSo() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[64 * 64], 64, 64));
			s.saveState();
		}
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			SqlImageStack.deleteStack(db(), "s");
			final org.imagestack.StorageException read = assertThrows(org.imagestack.StorageException.class, () -> a
				.get(0).firstElement().getRealDouble());
			assertTrue(read.getMessage().contains("'s' was deleted"), read.getMessage());
			final ConcurrentSaveException save = assertThrows(ConcurrentSaveException.class, a::saveState);
			assertTrue(save.getMessage().contains("deleted elsewhere"), save.getMessage());
		}
	}

	@Test
	void anotherSchemaVersionIsRefused() throws Exception {
		SqlImageStack.create(db(), "s", PixelType.UINT8, 1).close();
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db(), "sa", "");
			Statement st = c.createStatement())
		{
			st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = 7");
		}
		final org.imagestack.StorageException e = assertThrows(org.imagestack.StorageException.class, () ->
			SqlImageStack.stackNames(db()));
		assertTrue(e.getMessage().contains("version 7") && e.getMessage().contains("newer ImageStack-H2") && e
			.getMessage().contains("reads versions 1 to 4"), e.getMessage());
	}

	@Test
	void compactGivesSpaceBack() {
		try (SqlImageStack s = SqlImageStack.create(db(), "big", PixelType.FLOAT64, 1)) {
			for (int i = 0; i < 20; i++)
				s.addImage(ArrayImgs.doubles(256, 256));
			s.saveState();
		}
		final long full;
		try (Database h = H2Opener.open(db())) {
			full = h.fileSize();
		}
		SqlImageStack.deleteStack(db(), "big");
		final long[] sizes = StackDatabase.compact(db());
		assertTrue(full > 20 * 256 * 256 * 8 && sizes[1] < full / 4, full + " " + Arrays.toString(sizes));
		assertEquals(0, SqlImageStack.stackNames(db()).size());
	}
}
