package org.imagestack.stack;

import static org.imagestack.stack.ListStackTest.plane;
import static org.imagestack.stack.ListStackTest.stack;
import static org.imagestack.stack.ListStackTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The stack's lock ({@link StackLock}) as callers see it: other threads wait; a parallel map's functions are refused. */
class StackLockTest {

	@Test
	void aFunctionRunInParallelMustNotUseItsStack() {
		final PlainStack s = stack(3);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			s.get(0);
			return img;
		}, true));
		assertEquals("A function run in parallel by executeFunction or executeRollingFunction must not use the stack " +
			"it maps (the map holds the stack's lock and waits for the function): read what it needs before the call, " +
			"or run it sequentially", e.getMessage());
		assertEquals(List.of(0.0, 10.0, 20.0), values(s), "nothing changed");
		s.executeFunction(img -> plane((int) img.getAt(0, 0).getRealDouble() + 1), true);
		assertEquals(List.of(1.0, 11.0, 21.0), values(s), "and the lock was let go");
	}

	/** A parallel map's functions run on the plugin's own daemon threads, which never keep the JVM alive. */
	@Test
	void parallelFunctionsRunOnDaemonPlaneWorkers() {
		final PlainStack s = stack(3);
		final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
		s.executeFunction(img -> {
			seen.add(Thread.currentThread().getName() + " daemon=" + Thread.currentThread().isDaemon());
			return img;
		}, true);
		assertEquals(java.util.Set.of("imagestack-plane-worker daemon=true"), seen);
	}

	/** Another thread's call waits until a map ends (it is parked, then runs, holding the lock itself). */
	@Test
	void anotherThreadWaitsForTheMapToEnd() throws Exception {
		final PlainStack s = stack(2);
		final CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
		final Thread mapper = new Thread(() -> s.executeFunction(img -> {
			inside.countDown();
			try {
				release.await(20, TimeUnit.SECONDS);
			}
			catch (final InterruptedException e) {
				throw new IllegalStateException(e);
			}
			return plane(7);
		}));
		mapper.start();
		assertTrue(inside.await(20, TimeUnit.SECONDS));
		final AtomicReference<Throwable> failure = new AtomicReference<>();
		final AtomicReference<Double> read = new AtomicReference<>();
		final Thread reader = new Thread(() -> {
			try {
				read.set(s.get(1).getAt(0, 0).getRealDouble());
			}
			catch (final Throwable t) {
				failure.set(t);
			}
		});
		reader.start();
		// wait (up to 20 s) until the reader is parked on the lock, or has finished
		final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (reader.getState() != Thread.State.WAITING && reader.isAlive() && System.nanoTime() < end)
			Thread.onSpinWait();
		release.countDown();
		mapper.join(20_000);
		reader.join(20_000);
		assertNull(failure.get());
		assertEquals(7.0, read.get(), "the reader ran after the map, and saw its result");
		assertEquals(List.of(7.0, 7.0), values(s));
	}
}
