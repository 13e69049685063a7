package org.imagestack.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs per-plane work on one thread or on all cores, returning results in order.
 * <p>
 * A parallel {@link #map} that fails returns only once no task of it runs any more: on the first failure the tasks
 * that have not started yet are skipped (their function is never called), the running ones are waited for, and then
 * the first failure is thrown as it was thrown (a checked exception too, see {@link #map}).
 * </p>
 */
final class PlaneWorkers {

	/** A thread of the pool; while it runs a task, {@link #caller} is the thread waiting for that task. */
	private static final class Worker extends Thread {

		Thread caller;

		Worker(final Runnable r) {
			super(r, "imagestack-plane-worker");
			setDaemon(true);
		}
	}

	/**
	 * A pool of daemon threads as wide as the machine (the common fork-join pool leaves one core out, and fork-join
	 * tasks rethrow a copy of a task's exception rather than the exception itself).
	 */
	private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime()
		.availableProcessors()), Worker::new);

	private PlaneWorkers() {}

	/** @return how many planes to hold at once: 1, or the number of cores when parallel */
	static int window(final boolean parallel) {
		return parallel ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
	}

	/**
	 * @return the thread that waits for the task the current thread runs for {@link #map}, or null when the current
	 *         thread runs no such task
	 */
	static Thread callerOfCurrentTask() {
		final Thread t = Thread.currentThread();
		return t instanceof Worker ? ((Worker) t).caller : null;
	}

	/**
	 * Runs {@code count} tasks. In parallel, a failing task stops the tasks not yet started, and the call returns only
	 * when no task runs any more. A task's exception is rethrown as it is, checked ones included (a Jython or Groovy
	 * function can throw {@code java.io.IOException} through an interface that declares none); other tasks' failures
	 * are added to it as suppressed. Called from a pool thread (a parallel map inside a parallel map), the tasks run
	 * on that thread, one after the other, so that the pool never waits for itself.
	 *
	 * @param count number of tasks
	 * @param parallel whether to run them at once on all cores
	 * @param task task k's work
	 * @return the results, in task order
	 * @throws IllegalStateException when the calling thread is interrupted while waiting (its interrupt status is
	 *           kept); the tasks not yet started are then skipped and the running ones waited for
	 */
	static <R> List<R> map(final int count, final boolean parallel, final IntFunction<R> task) {
		final List<R> results = new ArrayList<>(count);
		if (!parallel || count < 2 || Thread.currentThread() instanceof Worker) {
			for (int k = 0; k < count; k++)
				results.add(task.apply(k));
			return results;
		}
		final Batch batch = new Batch();
		final Thread caller = Thread.currentThread();
		final List<Future<R>> futures = new ArrayList<>(count);
		for (int k = 0; k < count; k++) {
			final int kk = k;
			futures.add(POOL.submit(() -> batch.run(caller, () -> task.apply(kk))));
		}
		boolean interrupted = false;
		for (final Future<R> future : futures) {
			while (true) {
				try {
					results.add(future.get());
					break;
				}
				catch (final InterruptedException e) {
					interrupted = true; // stop the rest, but still wait: no task may run once we return
					batch.stop();
				}
				catch (final ExecutionException e) {
					batch.fail(e.getCause()); // not expected: Batch.run records failures itself
					break;
				}
			}
		}
		if (interrupted) Thread.currentThread().interrupt();
		final Throwable failure = batch.failure();
		if (failure != null) throw PlaneWorkers.<RuntimeException> sneaky(failure);
		if (interrupted) throw new IllegalStateException("Interrupted while processing planes; " +
			"the planes not yet started were skipped");
		return results;
	}

	/** The shared state of one parallel map's tasks. */
	private static final class Batch {

		private volatile boolean stopped;
		private Throwable failure;

		/** Runs a task unless the batch has stopped; records a failure instead of throwing it. */
		<R> R run(final Thread caller, final java.util.function.Supplier<R> work) {
			if (stopped) return null;
			final Worker self = (Worker) Thread.currentThread();
			self.caller = caller;
			try {
				return work.get();
			}
			catch (final Throwable t) {
				fail(t);
				return null;
			}
			finally {
				self.caller = null;
			}
		}

		void stop() {
			stopped = true;
		}

		synchronized void fail(final Throwable t) {
			stopped = true;
			if (failure == null) failure = t;
			else if (failure != t) failure.addSuppressed(t);
		}

		synchronized Throwable failure() {
			return failure;
		}
	}

	/** Throws any throwable, checked or not, without declaring it. */
	@SuppressWarnings("unchecked")
	static <T extends Throwable> RuntimeException sneaky(final Throwable t) throws T {
		throw (T) t;
	}
}
