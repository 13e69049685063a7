package org.imagestack.cache;

import java.lang.ref.ReferenceQueue;

/**
 * The thread that forgets guarded cells whose cell object was collected, for every {@link CellCache}: their data goes
 * with them, and the changed ones are left to their cache's next operation, which writes them. It starts when a cache
 * first puts a cell beyond its budget and runs until {@link #stop()}; a cache that does so again after a stop starts
 * it again (what was collected meanwhile waits in the queue, and a cache finds a collected cell itself too).
 */
final class Reaper {

	/** The thread's name, as a user sees it in a thread dump. */
	static final String NAME = "ImageStack-H2 cell reaper";

	/** Guards whose cell object was collected arrive here. */
	static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

	private static Thread thread;

	private Reaper() {}

	/** Starts the thread unless it runs. */
	static synchronized void ensureRunning() {
		if (thread != null && thread.isAlive()) return;
		final Thread t = new Thread(Reaper::run, NAME);
		t.setDaemon(true);
		t.start();
		thread = t;
	}

	/** Stops the thread and waits for it to end (a cache it is noting a cell for finishes that first). */
	static void stop() {
		final Thread t;
		synchronized (Reaper.class) {
			t = thread;
			thread = null;
		}
		if (t == null) return;
		t.interrupt();
		try {
			t.join(10_000);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void run() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				((CellCache.Guard<?, ?, ?>) COLLECTED.remove()).collected();
			}
			catch (final InterruptedException e) {
				return;
			}
			catch (final RuntimeException e) {
				// a cache that fails to note a collected cell loses nothing: changed data stays in its list
			}
		}
	}
}
