package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A thread interrupted while it maps and saves a database stack (Fiji's Kill, {@code Future.cancel}) never closes
 * the database file (H2's {@code retry:} file system reopens it): the stack stays usable, its saves are kept, closing
 * it ends. A save started on a thread whose interrupt flag is set fails with an "Interrupted" error, nothing written,
 * and saves afterwards.
 */
class InterruptTest {

	@TempDir
	Path dir;

	@Test
	void anInterruptDuringAMapAndSaveNeverClosesTheFile() throws Exception {
		final String db = dir.resolve("d").toString();
		final SqlImageStack s = SqlImageStack.create(db, "s", PixelType.FLOAT32, 1);
		try {
			for (int i = 0; i < 8; i++)
				s.addImage(ArrayImgs.floats(400, 400));
			s.saveState();
			final AtomicReference<Throwable> failed = new AtomicReference<>();
			final Thread worker = new Thread(() -> {
				try {
					s.executeFunction(img -> {
						Thread.currentThread().interrupt(); // as Kill does, while H2 writes the cells
						for (final net.imglib2.type.numeric.RealType<?> t : img)
							t.setReal(3);
						return null;
					});
					Thread.interrupted(); // whatever H2 left of it: this test is about the file, the next about the flag
					s.saveState();
				}
				catch (final Throwable e) {
					failed.set(e);
				}
			});
			worker.start();
			worker.join(60_000);
			assertFalse(worker.isAlive(), "the interrupted map and save ended");
			assertEquals(null, failed.get(), "the database file stayed open: the save was made");
			assertEquals(8, s.size());
			assertEquals(3.0, s.get(7).firstElement().getRealDouble());
		}
		finally {
			closeWithin30s(s);
		}
		assertAllThrees(db);
	}

	@Test
	void aSaveOnAnInterruptedThreadFailsSayingSoAndNothingIsLost() throws Exception {
		final String db = dir.resolve("e").toString();
		final SqlImageStack s = SqlImageStack.create(db, "s", PixelType.FLOAT32, 1);
		try {
			for (int i = 0; i < 8; i++)
				s.addImage(ArrayImgs.floats(400, 400));
			s.executeFunction(img -> {
				for (final net.imglib2.type.numeric.RealType<?> t : img)
					t.setReal(3);
				return null;
			});
			Thread.currentThread().interrupt();
			try {
				final StorageException e = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
					s::saveState);
				assertTrue(e.getMessage().startsWith("Interrupted") && e.getMessage().contains("e.mv.db") && e
					.getMessage().contains("save again"), e.getMessage());
			}
			finally {
				Thread.interrupted();
			}
			assertTrue(s.hasUnsavedChanges());
			assertEquals(3.0, s.get(7).firstElement().getRealDouble());
			s.saveState();
		}
		finally {
			closeWithin30s(s);
		}
		assertAllThrees(db);
	}

	private static void closeWithin30s(final SqlImageStack s) throws InterruptedException {
		final Thread closer = new Thread(s::close);
		closer.setDaemon(true);
		closer.start();
		closer.join(30_000);
		assertFalse(closer.isAlive(), "close ended");
	}

	private static void assertAllThrees(final String db) {
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(8, r.size());
			final String threes = AbstractImageStackTest.pixels(ArrayImgs.floats(400, 400)).replace("0.0", "3.0");
			for (int i = 0; i < 8; i++)
				assertEquals(threes, AbstractImageStackTest.pixels(r.get(i)), "plane " + i);
		}
	}
}
