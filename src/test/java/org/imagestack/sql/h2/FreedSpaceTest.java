package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.convert.Planes;
import org.imagestack.sql.AddOne;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.store.Database;

/**
 * The space of replaced cells is given up, so that later writes reuse it. Three things held it: H2 keeps a temporary
 * copy of a BLOB passed in through JDBC and of one in a query's materialised result, each holding on to the cell's
 * bytes for H2's LOB timeout (5 minutes by default) even after the cell was replaced; and H2 writes over an unused
 * chunk only 45 s after the chunk was written ({@link H2FreedSpace}). Any one of them alone fails the first test
 * (the file grows to 3.5-3.8 x). Reading, lazily, writes nothing.
 */
class FreedSpaceTest {

	private static final int PLANES = 16;
	private static final double BYTES = PLANES * 512 * 512 * 4;

	@TempDir
	Path dir;

	private Path file() {
		return dir.resolve("s" + H2File.SUFFIX);
	}

	@Test
	void aSecondMapReusesTheSpaceTheFirstFreed() throws Exception {
		final String db = dir.resolve("s").toString();
		try (SqlImageStack s = savedStack(db)) {
			Thread.sleep(H2File.LOB_TIMEOUT_MS + 500); // the copies H2 made of the cells written are timed out
			AddOne.andSave(s);
			assertTrue(Files.size(file()) > 2 * BYTES, "the first map needs room for both versions");
			// H2 lets go of what a save replaced at writes after it, in a thread of its own: small saves until the
			// file has the first version's space free (with any of the three habits back, it never has)
			try (Database h = H2Opener.open(db)) {
				final org.h2.mvstore.MVStore store = H2FreedSpace.storeOf(h.connection());
				final long until = System.nanoTime() + 15_000_000_000L;
				for (int k = 0; store.getFillRate() > 70 && System.nanoTime() < until; k++) {
					s.get(0).firstElement().setReal(k);
					s.saveState();
					Thread.sleep(100);
				}
			}
			AddOne.andSave(s);
			assertTrue(Files.size(file()) < 2.9 * BYTES, "the second map wrote into the space the first one freed: " +
				Files.size(file()) + " bytes for " + BYTES + " of cells (without the fixes 3.5 x or more)");
			assertEquals(2f, ((float[]) Planes.storage(Planes.asArrayImg(s.get(PLANES - 1))))[7]);
		}
	}

	@Test
	void readingAStackWritesNothingToItsFile() throws Exception {
		final String db = dir.resolve("s").toString();
		savedStack(db).close();
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			final byte[] before = Files.readAllBytes(file());
			for (int pass = 0; pass < 2; pass++)
				for (int i = 0; i < PLANES; i++)
					assertEquals(0f, ((float[]) Planes.storage(Planes.asArrayImg(s.get(i))))[9]);
			assertArrayEquals(before, Files.readAllBytes(file()), "reading the cells wrote to the file");
		}
	}

	/** @return a new stack "s" of {@link #PLANES} zero planes, saved, at a budget of 1 MB */
	private static SqlImageStack savedStack(final String db) {
		final SqlImageStack s = SqlImageStack.create(db, "s", PixelType.FLOAT32, 1);
		for (int i = 0; i < PLANES; i++)
			s.addImage(ArrayImgs.floats(512, 512));
		s.saveState();
		return s;
	}
}
