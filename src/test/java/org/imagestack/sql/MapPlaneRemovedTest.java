package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.JobProgress;
import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A plane removed by another handle during a distributed map fails the job: the worker says which plane and how to
 * go on, the job's progress says it failed (before: 2/3 forever, every new worker failing on the same plane), a
 * worker joining later stops at once, and resumeJob lets the job finish the planes there are, none mapped twice.
 */
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
				addOne(img);
				return null;
			}));
		assertTrue(e.getMessage().contains("'job'") && e.getMessage().contains("cannot finish") && e.getMessage()
			.contains("resumeJob"), e.getMessage());
		final JobProgress p = SqlImageStack.jobProgress(db, "s", "job");
		assertTrue(p.isFailed() && p.toString().startsWith("2/3, failed: plane ") && p.failure().contains("removed"),
			p.toString());
		final AtomicInteger calls = new AtomicInteger();
		final StorageException later = assertThrows(StorageException.class, () -> SqlImageStack.mapDistributed(db, "s",
			"job", img -> {
				calls.incrementAndGet();
				return null;
			}));
		assertTrue(later.getMessage().contains("failed") && later.getMessage().contains("resumeJob"), later
			.getMessage());
		assertEquals(0, calls.get(), "a worker joining a failed job stops at once");

		SqlImageStack.resumeJob(db, "s", "job");
		assertEquals(0, SqlImageStack.mapDistributed(db, "s", "job", img -> {
			calls.incrementAndGet();
			return null;
		}), "every plane there is was mapped already");
		assertEquals(0, calls.get());
		assertEquals("2/2", SqlImageStack.jobProgress(db, "s", "job").toString());
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(2, s.size());
			for (int i = 0; i < 2; i++) {
				final net.imglib2.img.Img<net.imglib2.type.numeric.integer.UnsignedByteType> expected = AbstractImageStackTest.ramp(i, 20, 10);
				addOne(expected);
				assertEquals(AbstractImageStackTest.pixels(expected), AbstractImageStackTest.pixels(s.get(i)),
					"plane " + i + " mapped once");
			}
		}
	}

	static void addOne(final Iterable<?> img) {
		for (final Object t : img)
			((net.imglib2.type.numeric.RealType<?>) t).setReal(((net.imglib2.type.numeric.RealType<?>) t)
				.getRealDouble() + 1);
	}
}
