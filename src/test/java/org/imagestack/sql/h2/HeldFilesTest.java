package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;
import org.imagestack.DatabaseLockedException;
import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.sql.HoldDatabase;
import org.imagestack.sql.SqlImageStack;

/**
 * A file this program writes stays locked for other processes whatever else the program does with it meanwhile. On
 * Linux a Java file lock is a POSIX lock, dropped when the process closes any descriptor of the file: a second look
 * at the file (its header read before an open, a second open H2 finds locked, a compaction, a copy to recover from)
 * let another process open it while this one still wrote it, and the two writers damaged it (seen in CI: ImageJ
 * listed the stacks of a file it had open as a virtual stack, and the file the test then opened was corrupted).
 */
public class HeldFilesTest {

	@TempDir
	Path dir;

	private static byte[] plane(final int value) {
		final byte[] px = new byte[64 * 48];
		java.util.Arrays.fill(px, (byte) value);
		return px;
	}

	/** Asserts that another process cannot open the database now. */
	private static void lockedForOthers(final String db, final String after) throws Exception {
		try (ChildJvm child = ChildJvm.start("64m", HoldDatabase.class, db)) {
			assertNull(child.await("open "), "after " + after + ", another process could open the file this one has " +
				"open");
			child.waitFor(30);
		}
	}

	@Test
	void whatAProgramDoesWithAFileItHasOpenKeepsOthersOut() throws Exception {
		final String db = dir.resolve("crack").toString();
		final Path file = Paths.get(db + ".mv.db");
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(plane(1), 64, 48));
			s.saveState();

			assertEquals(List.of("s"), SqlImageStack.stackNames(db)); // its header read before the look
			lockedForOthers(db, "listing its stacks");

			try (SqlImageStack second = SqlImageStack.loadFromDatabase(db, "s")) {
				assertEquals(1, second.size());
			}
			lockedForOthers(db, "a second handle opened and closed");

			// H2's MVStore opens the file a second time and finds it locked
			assertThrows(DatabaseLockedException.class, () -> H2Compaction.moveChunksTogether(file));
			lockedForOthers(db, "a compaction refused");

			final StorageException open = assertThrows(StorageException.class, () -> SqlImageStack.recover(db, dir
				.resolve("rescued").toString()));
			assertTrue(open.getMessage().contains("open in this program"), open.getMessage());
			lockedForOthers(db, "a recovery refused");

			s.addImage(ArrayImgs.unsignedBytes(plane(2), 64, 48)); // still this program's to write
			s.saveState();
		}
		try (ChildJvm child = ChildJvm.start("64m", HoldDatabase.class, db)) {
			assertNotNull(child.await("open "), "closed, the file is open to others (the checks above are not vacuous)");
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertEquals(2, s.size());
			assertEquals(2.0, s.get(1).getAt(5, 5).getRealDouble());
		}
	}
}
