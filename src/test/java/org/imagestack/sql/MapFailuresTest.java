package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.JobProgress;
import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A plane whose function fails every time fails a distributed map after maxFailures tries (by any workers) instead of
 * being tried forever: the job's progress names the plane and the last error, workers joining later stop at once
 * without calling the function, and resumeJob with a fixed function finishes the job, no plane mapped twice.
 */
class MapFailuresTest {

	@TempDir
	Path dir;

	private String stack() {
		final String db = dir.resolve("d").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 4; i++)
				s.addImage(AbstractImageStackTest.ramp(10 * i, 20, 10));
			s.saveState();
		}
		return db;
	}

	/** Fails on the plane whose first pixel is 20 (plane 2), adds one elsewhere. */
	private static PlaneFunction failingOnPlane2(final AtomicInteger calls) {
		return img -> {
			calls.incrementAndGet();
			if (img.firstElement().getRealDouble() == 20) throw new IllegalArgumentException("no good: plane 2");
			MapPlaneRemovedTest.addOne(img);
			return null;
		};
	}

	@Test
	void aPlaneFailingThreeTimesFailsTheJobNamingItsLastError() throws Exception {
		final String db = stack();
		final AtomicInteger calls = new AtomicInteger();
		try (StackDatabase d = StackDatabase.open(db)) {
			for (int run = 1; run <= StackDatabase.DEFAULT_MAX_FAILURES; run++) { // a worker restarted after each failure
				final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.mapDistributed(
					"s", "job", failingOnPlane2(calls)));
				assertEquals("no good: plane 2", e.getMessage(), "the function's own error, as thrown");
				assertEquals(run < StackDatabase.DEFAULT_MAX_FAILURES, !d.jobProgress("s", "job").isFailed(), "run " +
					run);
			}
			final JobProgress p = d.jobProgress("s", "job");
			assertTrue(p.isFailed() && p.failure().contains("3 times") && p.failure().contains(
				"IllegalArgumentException: no good: plane 2"), p.toString());
			final int before = calls.get();
			final StorageException stop = assertThrows(StorageException.class, () -> d.mapDistributed("s", "job",
				failingOnPlane2(calls)));
			assertTrue(stop.getMessage().contains("'job'") && stop.getMessage().contains("failed") && stop.getMessage()
				.contains("no good: plane 2") && stop.getMessage().contains("resumeJob"), stop.getMessage());
			assertEquals(before, calls.get(), "a worker joining a failed job stops at once");

			d.resumeJob("s", "job");
			assertFalse(d.jobProgress("s", "job").isFailed());
			assertEquals(2, d.mapDistributed("s", "job", img -> {
				MapPlaneRemovedTest.addOne(img);
				return null;
			}), "the failed plane and the one after it were left");
			assertEquals("4/4", d.jobProgress("s", "job").toString());
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			for (int i = 0; i < 4; i++) {
				final net.imglib2.img.Img<net.imglib2.type.numeric.integer.UnsignedByteType> expected = AbstractImageStackTest.ramp(10 * i, 20, 10);
				MapPlaneRemovedTest.addOne(expected);
				assertEquals(AbstractImageStackTest.pixels(expected), AbstractImageStackTest.pixels(s.get(i)), "plane " +
					i + " mapped once");
			}
		}
	}

	@Test
	void maxFailuresOneFailsTheJobAtTheFirstFailure() {
		final String db = stack();
		try (StackDatabase d = StackDatabase.open(db)) {
			final RuntimeException boom = new IllegalStateException("boom");
			assertSame(boom, assertThrows(IllegalStateException.class, () -> d.mapDistributed("s", "one", img -> {
				throw boom;
			}, 60, 1)));
			final JobProgress p = d.jobProgress("s", "one");
			assertTrue(p.isFailed() && p.failure().contains("1 time ") && p.failure().contains("boom"), p.toString());
			assertThrows(IllegalArgumentException.class, () -> d.mapDistributed("s", "zero", img -> null, 60, 0));
		}
	}
}
