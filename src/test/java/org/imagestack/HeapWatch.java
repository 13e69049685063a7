package org.imagestack;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The largest heap in use right after a full collection (live data), summed over the heap pools: what a program
 * really holds, as opposed to the peak of each pool, which counts garbage too. Full collections happen only under
 * pressure; {@link #fullCollections()} says how many were seen.
 */
public final class HeapWatch {

	private static final AtomicLong MAX_AFTER_GC = new AtomicLong();
	private static final AtomicLong FULL_GCS = new AtomicLong();
	/** The heap in use after the last full collection, in bytes. */
	private static volatile long lastFull;
	private static boolean started;

	private HeapWatch() {}

	/** Starts listening to the collectors (once). */
	public static synchronized void start() {
		if (started) return;
		started = true;
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
				if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
				final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
					(CompositeData) n.getUserData());
				if (!info.getGcAction().contains("major")) return; // after a young collection old garbage remains
				long used = 0;
				for (final java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc()
					.entrySet())
					if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains(
						"Compressed")) used += e.getValue().getUsed();
				MAX_AFTER_GC.accumulateAndGet(used, Math::max);
				lastFull = used;
				FULL_GCS.incrementAndGet();
			}, null, null);
		}
	}

	/**
	 * Collects the heap now (a full collection) and notes what is in use after it: live data at this moment. The figure
	 * is the full collection's own, as its notification reports it: the last collection of any kind may be a young one
	 * that other threads caused right after, which still counts the old generation's garbage.
	 *
	 * @return the heap in use after the collection, in MB
	 */
	public static long sample() {
		start();
		final long before = FULL_GCS.get();
		System.gc();
		final long deadline = System.nanoTime() + 5_000_000_000L;
		while (FULL_GCS.get() == before) { // notifications come from the JVM's service thread, shortly after
			if (System.nanoTime() > deadline) throw new IllegalStateException("System.gc() ran no full collection " +
				"(-XX:+DisableExplicitGC or -XX:+ExplicitGCInvokesConcurrent?): the live heap cannot be measured");
			Thread.onSpinWait();
		}
		return lastFull / 1_000_000;
	}

	/**
	 * Samples the live heap every {@code millis} on a daemon thread, until the JVM ends.
	 *
	 * @param millis the period
	 */
	public static void sampleEvery(final long millis) {
		start();
		final Thread t = new Thread(() -> {
			while (true) {
				try {
					Thread.sleep(millis);
				}
				catch (final InterruptedException e) {
					return;
				}
				sample();
			}
		}, "heap-sampler");
		t.setDaemon(true);
		t.start();
	}

	/** @return how many full collections were seen */
	public static long fullCollections() {
		return FULL_GCS.get();
	}

	/** @return the largest heap in use after a full collection so far, in MB */
	public static long maxAfterGcMb() {
		return MAX_AFTER_GC.get() / 1_000_000;
	}
}
