package org.imagestack.cache;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import javax.management.NotificationEmitter;

/**
 * Watches the JVM's heap for every {@link CellCache}: after a garbage collection leaves the old generation more than
 * {@value #THRESHOLD_PERCENT}% full (the JVM's collection-usage threshold notification), every cache sheds half of the
 * cells it holds, writing changed ones back. The byte budget bounds the cache in normal use; this is what keeps a
 * heap shared with other code (ImageJ's images, a user's arrays, H2's buffers) from running out.
 * <p>
 * Caches are held weakly: a cache nobody uses any more is forgotten without being closed.
 * </p>
 */
public final class MemoryPressure {

	/** Old-generation use after a collection, in percent of its maximum, above which caches shed cells. */
	public static final int THRESHOLD_PERCENT = 70;

	private static final Map<CellCache<?, ?, ?>, Boolean> CACHES = Collections.synchronizedMap(new WeakHashMap<>());
	private static volatile boolean installed;
	private static volatile long notifications;

	private MemoryPressure() {}

	static void register(final CellCache<?, ?, ?> cache) {
		install();
		CACHES.put(cache, Boolean.TRUE);
	}

	static void unregister(final CellCache<?, ?, ?> cache) {
		CACHES.remove(cache);
	}

	/** @return how many times the heap ran short since the JVM started (for tests and benchmarks) */
	public static long notifications() {
		return notifications;
	}

	/** @return the largest heap the JVM may use, in bytes */
	public static long maxHeap() {
		return Runtime.getRuntime().maxMemory();
	}

	private static synchronized void install() {
		if (installed) return;
		installed = true;
		boolean any = false;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() != MemoryType.HEAP || !pool.isCollectionUsageThresholdSupported()) continue;
			final long max = pool.getUsage().getMax();
			if (max <= 0) continue;
			pool.setCollectionUsageThreshold(max / 100 * THRESHOLD_PERCENT);
			any = true;
		}
		if (!any) return;
		((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((n, handback) -> {
			if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) return;
			notifications++;
			shedAll();
		}, null, null);
	}

	/** Every cache sheds half of what it holds (in the JVM's notification thread). */
	static void shedAll() {
		final List<CellCache<?, ?, ?>> caches;
		synchronized (CACHES) {
			caches = new ArrayList<>(CACHES.keySet());
		}
		for (final CellCache<?, ?, ?> cache : caches) {
			try {
				cache.shedNow();
			}
			catch (final RuntimeException | Error e) {
				// the cells stay changed and held: the cache's own thread writes them (and reports a failure) later
				cache.underPressure();
			}
		}
	}
}
