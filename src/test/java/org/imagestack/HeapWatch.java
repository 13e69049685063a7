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
				FULL_GCS.incrementAndGet();
				long used = 0;
				for (final java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc()
					.entrySet())
					if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains(
						"Compressed")) used += e.getValue().getUsed();
				MAX_AFTER_GC.accumulateAndGet(used, Math::max);
			}, null, null);
		}
	}

	/**
	 * Collects the heap now (a full collection) and notes what is in use after it: live data at this moment.
	 *
	 * @return the heap in use after the collection, in MB
	 */
	public static long sample() {
		System.gc();
		final long used = afterLastCollection();
		MAX_AFTER_GC.accumulateAndGet(used, Math::max);
		return used / 1_000_000;
	}

	/**
	 * @return the heap in use right after the last collection, as that collection reports it (reading the heap's use
	 *         after {@code System.gc()} returns would also count what other threads allocated since)
	 */
	private static long afterLastCollection() {
		com.sun.management.GcInfo last = null;
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (!(gc instanceof com.sun.management.GarbageCollectorMXBean)) continue;
			final com.sun.management.GcInfo info = ((com.sun.management.GarbageCollectorMXBean) gc).getLastGcInfo();
			if (info != null && (last == null || info.getEndTime() > last.getEndTime())) last = info;
		}
		if (last == null) return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		long used = 0;
		for (final java.util.Map.Entry<String, MemoryUsage> e : last.getMemoryUsageAfterGc().entrySet())
			if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains(
				"Compressed")) used += e.getValue().getUsed();
		return used;
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
