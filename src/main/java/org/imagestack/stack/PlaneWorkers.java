package org.imagestack.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs per-plane work on one thread or on all cores, returning results in order. */
final class PlaneWorkers {

	/**
	 * A pool of daemon threads as wide as the machine (the common fork-join pool leaves one core out, and fork-join
	 * tasks rethrow a copy of a task's exception rather than the exception itself).
	 */
	private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime()
		.availableProcessors()), r -> {
			final Thread t = new Thread(r, "imagestack-plane-worker");
			t.setDaemon(true);
			return t;
		});

	private PlaneWorkers() {}

	/** @return how many planes to hold at once: 1, or the number of cores when parallel */
	static int window(final boolean parallel) {
		return parallel ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
	}

	/**
	 * @param count number of tasks
	 * @param parallel whether to run them at once on all cores
	 * @param task task k's work
	 * @return the results, in task order
	 */
	static <R> List<R> map(final int count, final boolean parallel, final IntFunction<R> task) {
		final List<R> results = new ArrayList<>(count);
		if (!parallel || count < 2) {
			for (int k = 0; k < count; k++)
				results.add(task.apply(k));
			return results;
		}
		final List<Future<R>> futures = new ArrayList<>(count);
		for (int k = 0; k < count; k++) {
			final int kk = k;
			futures.add(POOL.submit(() -> task.apply(kk)));
		}
		for (final Future<R> future : futures) {
			try {
				results.add(future.get());
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while processing planes", e);
			}
			catch (final ExecutionException e) {
				final Throwable cause = e.getCause();
				if (cause instanceof RuntimeException) throw (RuntimeException) cause;
				if (cause instanceof Error) throw (Error) cause;
				throw new IllegalStateException(cause);
			}
		}
		return results;
	}
}
