package org.imagestack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The parallel map: results in order, failures as thrown, nothing left running after it returns (item 15). */
class PlaneWorkersTest {

	@Test
	void resultsComeInTaskOrder() {
		assertEquals(List.of(0, 1, 4, 9, 16, 25, 36), PlaneWorkers.map(7, true, k -> k * k));
		assertEquals(List.of(0, 1, 4), PlaneWorkers.map(3, false, k -> k * k));
	}

	@Test
	void aFailureStopsTheOtherTasksAndWaitsForTheRunningOnes() throws InterruptedException {
		final Tasks tasks = new Tasks();
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> PlaneWorkers.map(12, true,
			k -> tasks.run(k, () -> {
				if (k == 0) {
					sleep(50);
					throw new IllegalStateException("plane 0 failed");
				}
				sleep(300);
			})));
		assertEquals("plane 0 failed", e.getMessage());
		tasks.assertNothingRunsNorStartsAnyMore();
		assertTrue(tasks.started.size() < 12, "tasks queued behind the failure never ran: " + tasks.started);
	}

	@Test
	void checkedExceptionsComeOutAsThemselves() {
		for (final boolean parallel : new boolean[] { false, true }) {
			final IOException e = assertThrows(IOException.class, () -> PlaneWorkers.map(4, parallel, k -> {
				if (k == 2) throw Sneaky.<RuntimeException> sneak(new IOException("disk gone"));
				return k;
			}), "parallel " + parallel);
			assertEquals("disk gone", e.getMessage());
		}
	}

	@Test
	void anInterruptedCallerWaitsForTheRunningTasksToo() throws InterruptedException {
		final Tasks tasks = new Tasks();
		final AtomicReference<Throwable> thrown = new AtomicReference<>();
		final AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
		final Thread caller = new Thread(() -> {
			try {
				PlaneWorkers.map(8, true, k -> tasks.run(k, () -> sleep(300)));
			}
			catch (final Throwable t) {
				thrown.set(t);
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			}
		});
		caller.start();
		sleep(100);
		caller.interrupt();
		caller.join();
		assertTrue(thrown.get() instanceof IllegalStateException && thrown.get().getMessage().contains(
			"Interrupted"), String.valueOf(thrown.get()));
		assertTrue(stillInterrupted.get(), "the interrupt is kept for the caller's caller");
		tasks.assertNothingRunsNorStartsAnyMore();
	}

	/** Records which tasks started and how many run now. */
	static final class Tasks {

		final Set<Integer> started = ConcurrentHashMap.newKeySet();
		final AtomicInteger running = new AtomicInteger();

		Integer run(final int k, final Runnable body) {
			started.add(k);
			running.incrementAndGet();
			try {
				body.run();
				return k;
			}
			finally {
				running.decrementAndGet();
			}
		}

		/**
		 * Right after the call returned: no task runs; and once every thread of the pool has taken a task queued
		 * after the call's (all of them at once, at a barrier: so each has finished whatever it took before), none of
		 * the call's tasks has started.
		 */
		void assertNothingRunsNorStartsAnyMore() {
			assertEquals(0, running.get(), "tasks still running after the call returned");
			final Set<Integer> before = Set.copyOf(started);
			final int cores = Math.max(1, Runtime.getRuntime().availableProcessors()); // the pool's width
			final java.util.concurrent.CyclicBarrier everyThread = new java.util.concurrent.CyclicBarrier(cores);
			PlaneWorkers.map(Math.max(2, cores), true, k -> {
				try {
					return everyThread.await(20, java.util.concurrent.TimeUnit.SECONDS);
				}
				catch (final Exception e) {
					throw new IllegalStateException("the pool's " + cores + " threads did not all come free within 20 s",
						e);
				}
			});
			assertEquals(before, Set.copyOf(started), "tasks started after the call returned");
			assertEquals(0, running.get());
		}
	}

	static void sleep(final long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Throws a checked exception where none is declared, as Jython or Groovy code can. */
	static final class Sneaky {

		@SuppressWarnings("unchecked")
		static <T extends Throwable> RuntimeException sneak(final Throwable t) throws T {
			throw (T) t;
		}
	}
}
