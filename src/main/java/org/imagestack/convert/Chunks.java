package org.imagestack.convert;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

import org.imagestack.PixelType;

/**
 * Runs a loop over a large array in chunks on all cores: the calling thread and helpers from the common
 * {@link ForkJoinPool} take chunks from a shared counter until none is left, so a helper that starts late (or never,
 * when the pool is busy) just takes fewer; the caller waits only for chunks a helper is still in. Small arrays run
 * on the calling thread alone.
 */
final class Chunks {

	/** A loop over elements {@code from .. to-1} of one primitive array, writing the same elements of another. */
	interface RangeLoop {

		void run(Object in, Object out, int from, int to);
	}

	/**
	 * A float to integer loop that also stores the smallest and largest non-NaN value it read in {@code range[at]}
	 * and {@code range[at + 1]} (+∞ and -∞ when there is none).
	 */
	interface MeasuringLoop {

		void run(Object in, Object out, int from, int to, double[] range, int at);
	}

	/** Work on chunk {@code index}, elements {@code from .. to-1}. */
	interface ChunkWork {

		void run(int index, int from, int to);
	}

	/** Elements per chunk: tens of microseconds of work, a multiple of every cache line. */
	static final int CHUNK = 1 << 16;

	/** Arrays below this many elements are converted on the calling thread. */
	static final int PARALLEL_MIN = 2 * CHUNK;

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private Chunks() {}

	/** @return the number of chunks {@link #run(int, ChunkWork)} splits {@code n} elements into */
	static int count(final int n) {
		return n < PARALLEL_MIN || CORES < 2 ? 1 : (n + CHUNK - 1) / CHUNK;
	}

	/** Runs a loop over {@code n} elements, split over the cores when large. */
	static void run(final RangeLoop loop, final Object in, final Object out, final int n) {
		if (count(n) == 1) loop.run(in, out, 0, n);
		else run(n, (c, from, to) -> loop.run(in, out, from, to));
	}

	/**
	 * Runs {@code work} on the {@link #count} chunks of {@code n} elements, on the calling thread and helpers; returns
	 * when every chunk is done.
	 *
	 * @throws RuntimeException or Error: the first a chunk threw
	 */
	static void run(final int n, final ChunkWork work) {
		final int chunks = count(n);
		if (chunks == 1) {
			work.run(0, 0, n);
			return;
		}
		final Job job = new Job(n, chunks, work);
		for (int h = Math.min(CORES, chunks) - 1; h > 0; h--)
			ForkJoinPool.commonPool().execute(job);
		job.run();
		job.await();
	}

	private static final class Job implements Runnable {

		private final int n;
		private final int chunks;
		private final ChunkWork work;
		private final AtomicInteger next = new AtomicInteger();
		private final CountDownLatch done;
		private volatile Throwable failure;

		Job(final int n, final int chunks, final ChunkWork work) {
			this.n = n;
			this.chunks = chunks;
			this.work = work;
			done = new CountDownLatch(chunks);
		}

		@Override
		public void run() {
			for (int c; (c = next.getAndIncrement()) < chunks;) {
				try {
					final int from = c * CHUNK;
					work.run(c, from, Math.min(n, from + CHUNK));
				}
				catch (final Throwable t) {
					if (failure == null) failure = t;
				}
				finally {
					done.countDown();
				}
			}
		}

		void await() {
			boolean interrupted = false;
			while (true) {
				try {
					done.await();
					break;
				}
				catch (final InterruptedException e) {
					interrupted = true; // the chunks in flight write into our arrays: wait for them all the same
				}
			}
			if (interrupted) Thread.currentThread().interrupt();
			final Throwable t = failure;
			if (t instanceof RuntimeException) throw (RuntimeException) t;
			if (t instanceof Error) throw (Error) t;
			if (t != null) throw new IllegalStateException(t);
		}
	}

	/** All 256 byte values, index {@code k} holding {@code (byte) k}: the input of a lookup table's loop. */
	private static final byte[] BYTE_VALUES = new byte[256];
	static {
		for (int k = 0; k < 256; k++)
			BYTE_VALUES[k] = (byte) k;
	}

	/**
	 * A pair from an 8-bit type as a lookup table: {@code loop} (the pair's rule) applied once to the 256 possible
	 * values, then each pixel looked up, which is faster than computing the rule per pixel.
	 */
	static RangeLoop table(final RangeLoop loop, final PixelType to) {
		final Object table = PixelArrays.newArray(to, 256);
		loop.run(BYTE_VALUES, table, 0, 256);
		return Loops.lookUp(table);
	}
}
