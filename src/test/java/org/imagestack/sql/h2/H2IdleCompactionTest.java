package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import net.imglib2.img.array.ArrayImgs;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.convert.Planes;
import org.imagestack.sql.AddOne;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackDatabase;
import org.imagestack.sql.store.Database;

/**
 * After a map + save the file holds the stack twice; while the database then sits idle, {@link H2IdleCompaction}
 * gives the space of the replaced cells back, and closing the database moves its chunks together before
 * {@code close()} returns. The next write ends a pass; closing waits for its step; every pixel stays.
 */
class H2IdleCompactionTest {

	private static final int PLANES = 24;
	private static final int SIDE = 1024;
	/** 100 MB: more than a pass needs written ({@link H2IdleCompaction#MIN_WRITTEN}). */
	private static final double BYTES = (double) PLANES * SIDE * SIDE * 4;

	@TempDir
	Path dir;

	@Test
	void anIdleDatabaseGivesBackTheSpaceAMapLeft() throws Exception {
		final String db = dir.resolve("s").toString();
		try (SqlImageStack s = savedStack(db); Database h = H2Opener.open(db)) {
			final MVStore store = H2FreedSpace.storeOf(h.connection());
			AddOne.andSave(s);
			final double right = Files.size(file()) / BYTES;
			final long until = System.nanoTime() + 30_000_000_000L;
			while ((H2IdleCompaction.isOn(store) || Files.size(file()) > 1.25 * BYTES) && System.nanoTime() < until)
				Thread.sleep(50);
			final double idle = Files.size(file()) / BYTES;
			assertTrue(right > 1.9, "the map's save needs room for both versions: " + right);
			assertTrue(idle <= 1.25, "idle, the file came back to " + idle + " x the stack (right after the save " +
				right + " x)");
			assertPlanes(s, 1);
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertPlanes(s, 1);
		}
	}

	@Test
	void closingRightAfterAMapGivesTheSpaceBackBeforeCloseReturns() throws Exception {
		final String db = dir.resolve("s").toString();
		final double right;
		try (SqlImageStack s = savedStack(db)) {
			AddOne.andSave(s);
			right = Files.size(file()) / BYTES;
		} // closes at once, before an idle pass could move anything
		final double closed = Files.size(file()) / BYTES;
		assertTrue(right > 1.9, "the map's save needs room for both versions: " + right);
		assertTrue(closed <= 1.25, "when close() returned the file was " + closed + " x the stack (right after the " +
			"save " + right + " x)");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertPlanes(s, 1);
		}
	}

	@Test
	void writesRightAfterASaveAndClosingDuringAPassKeepEveryPixel() throws Exception {
		final String db = dir.resolve("s").toString();
		try (SqlImageStack s = savedStack(db)) {
			for (int round = 1; round <= 3; round++) {
				AddOne.andSave(s); // a pass starts after each save and meets the next map's writes
				assertPlanes(s, round);
			}
		} // closes during the last pass
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertPlanes(s, 3);
			AddOne.andSave(s);
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertPlanes(s, 4);
		}
	}

	@Test
	void deletingAStackGivesItsSpaceBack() throws Exception {
		final String db = dir.resolve("s").toString();
		savedStack(db).close();
		try (StackDatabase d = StackDatabase.open(db)) {
			try (SqlImageStack small = SqlImageStack.create(db, "small", PixelType.FLOAT32, 1)) {
				small.addImage(ArrayImgs.floats(64, 64));
				small.saveState();
			}
			d.delete("s");
			final long until = System.nanoTime() + 30_000_000_000L;
			while (Files.size(file()) > 0.25 * BYTES && System.nanoTime() < until)
				Thread.sleep(50);
			assertTrue(Files.size(file()) < 0.25 * BYTES, "after deleting a 100 MB stack the file still has " +
				Files.size(file()) + " bytes");
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "small")) {
			assertEquals(64, s.get(0).dimension(0));
		}
	}

	private Path file() {
		return dir.resolve("s" + H2File.SUFFIX);
	}

	private static SqlImageStack savedStack(final String db) {
		final SqlImageStack s = SqlImageStack.create(db, "s", PixelType.FLOAT32, 16);
		for (int i = 0; i < PLANES; i++)
			s.addImage(ArrayImgs.floats(SIDE, SIDE));
		s.saveState();
		return s;
	}

	private static void assertPlanes(final SqlImageStack s, final float value) {
		for (int i = 0; i < PLANES; i++) {
			final float[] pixels = (float[]) Planes.storage(Planes.asArrayImg(s.get(i)));
			assertEquals(value, pixels[0], "plane " + i);
			assertEquals(value, pixels[pixels.length - 1], "plane " + i);
		}
	}
}
