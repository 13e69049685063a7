package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/** A plane removed by another handle during a distributed map fails the job with a message and a way to go on. */
class MapPlaneRemovedTest {

	@TempDir
	Path dir;

	@Test
	void aPlaneRemovedDuringAJobFailsItSayingHowToGoOn() {
		final String db = dir.resolve("d").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 3; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 20, 10));
			s.saveState();
		}
		final AtomicBoolean removed = new AtomicBoolean();
		final StorageException e = assertThrows(StorageException.class, () -> SqlImageStack.mapDistributed(db, "s",
			"job", img -> {
				if (removed.compareAndSet(false, true)) try (SqlImageStack other = SqlImageStack.loadFromDatabase(db,
					"s", 1))
				{
					other.remove(2);
					other.saveState();
				}
				return null;
			}));
		assertTrue(e.getMessage().contains("'job'") && e.getMessage().contains("cannot finish") && e.getMessage()
			.contains("new job name"), e.getMessage());
		assertEquals(2, SqlImageStack.mapDistributed(db, "s", "job-2", img -> null), "a new job maps the stack as it is");
	}
}
