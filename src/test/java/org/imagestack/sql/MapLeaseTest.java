package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A distributed map whose planes take longer than the lease, with more workers than planes: the worker on a plane
 * keeps its lease alive, so idle workers do not steal it (before: 90 calls for 2 planes in 30 s, progress stuck at
 * 1/2); the job ends with each plane mapped once.
 */
class MapLeaseTest {

	@TempDir
	Path dir;

	@Test
	void aWorkerKeepsItsLeaseAliveWhileItWorks() throws Exception {
		final String db = dir.resolve("d").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 20, 10));
			s.addImage(AbstractImageStackTest.ramp(2, 20, 10));
			s.saveState();
		}
		final AtomicInteger calls = new AtomicInteger();
		final ExecutorService pool = Executors.newFixedThreadPool(4);
		final List<Future<Integer>> workers = new ArrayList<>();
		try (StackDatabase d = StackDatabase.open(db)) {
			for (int w = 0; w < 4; w++)
				workers.add(pool.submit(() -> d.mapDistributed("s", "slow", img -> {
					calls.incrementAndGet();
					java.util.concurrent.locks.LockSupport.parkNanos(2_000_000_000L); // far past the 0.4 s lease
					for (final net.imglib2.type.numeric.RealType<?> t : img)
						t.setReal(t.getRealDouble() + 1);
					return null;
				}, 0.4)));
			int planes = 0;
			for (final Future<Integer> f : workers)
				planes += f.get(60, TimeUnit.SECONDS);
			assertEquals(2, planes, "each plane mapped by one worker");
			assertEquals("2/2", d.jobProgress("s", "slow").toString());
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(2, calls.get(), "the function ran once per plane: no worker stole a plane being worked on");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(AbstractImageStackTest.ramp(1, 20, 10).firstElement().getRealDouble() + 1, s.get(0)
				.firstElement().getRealDouble());
			assertEquals(AbstractImageStackTest.ramp(2, 20, 10).firstElement().getRealDouble() + 1, s.get(1)
				.firstElement().getRealDouble());
		}
	}
}
