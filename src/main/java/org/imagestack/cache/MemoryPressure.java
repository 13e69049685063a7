package org.imagestack.cache;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Watches the JVM's heap for every {@link CellCache}: after a garbage collection leaves a heap pool it collected
 * (the old generation) more than {@value #THRESHOLD_PERCENT}% full, every cache sheds half of the cells it holds,
 * writing changed ones back. The byte budget bounds the cache in normal use; this is what keeps a heap shared with
 * other code (ImageJ's images, a user's arrays, H2's buffers) from running out.
 * <p>
 * It only listens: after each collection it reads the pools' use from the collector's own notification
 * ({@link GarbageCollectionNotificationInfo}). The JVM's collection-usage thresholds
 * ({@link MemoryPoolMXBean#setCollectionUsageThreshold}), one per pool for the whole JVM, stay as whoever else in
 * Fiji set them. The listener is added when the first cache is made and removed by {@link #stop()}; the JVM's own
 * notification thread runs it. Caches are held weakly: a cache nobody uses any more is forgotten without being closed.
 * </p>
 */
public final class MemoryPressure {

	/** Use of a collected heap pool after a collection, in percent of its maximum, above which caches shed cells. */
	public static final int THRESHOLD_PERCENT = 70;

	private static final Map<CellCache<?, ?, ?>, Boolean> CACHES = Collections.synchronizedMap(new WeakHashMap<>());
	private static final NotificationListener LISTENER = MemoryPressure::collected;
	/** The collectors listened to, with the heap pools each collects that have a maximum. */
	private static Map<NotificationEmitter, List<String>> listened;
	private static volatile long notifications;

	private MemoryPressure() {}

	static void register(final CellCache<?, ?, ?> cache) {
		listen();
		CACHES.put(cache, Boolean.TRUE);
	}

	static void unregister(final CellCache<?, ?, ?> cache) {
		CACHES.remove(cache);
	}

	/** @return how many collections left the heap short since the JVM started (for tests and benchmarks) */
	public static long notifications() {
		return notifications;
	}

	/** @return the largest heap the JVM may use, in bytes */
	public static long maxHeap() {
		return Runtime.getRuntime().maxMemory();
	}

	private static synchronized void listen() {
		if (listened != null) return;
		listened = new HashMap<>();
		final List<String> heapPools = new ArrayList<>();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
		for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (!(gc instanceof NotificationEmitter)) continue;
			final List<String> pools = new ArrayList<>(Arrays.asList(gc.getMemoryPoolNames()));
			pools.retainAll(heapPools);
			if (pools.isEmpty()) continue;
			final NotificationEmitter emitter = (NotificationEmitter) gc;
			emitter.addNotificationListener(LISTENER, null, pools);
			listened.put(emitter, pools);
		}
	}

	/**
	 * Stops listening (the plugin's service is disposed); the next cache made listens again. Nothing else changes:
	 * caches keep their cells, and the JVM's settings were never touched.
	 */
	static synchronized void stop() {
		if (listened == null) return;
		for (final Map.Entry<NotificationEmitter, List<String>> e : listened.entrySet()) {
			try {
				e.getKey().removeNotificationListener(LISTENER, null, e.getValue());
			}
			catch (final ListenerNotFoundException gone) {
				// not there: nothing to remove
			}
		}
		listened = null;
	}

	/** After a collection: sheds when a pool it collected is fuller than the threshold (in the JVM's thread). */
	private static void collected(final Notification n, final Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
		final Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
			.getGcInfo().getMemoryUsageAfterGc();
		@SuppressWarnings("unchecked")
		final List<String> pools = (List<String>) handback;
		afterCollection(after, pools);
	}

	/**
	 * What a collection's notification leads to, given the use of the heap pools it left: every cache sheds when one
	 * of {@code pools} is fuller than the threshold (the notification's own parsing is the JVM's).
	 *
	 * @param after each pool's use after the collection, by name
	 * @param pools the heap pools (with a maximum) that this collector collects
	 */
	static void afterCollection(final Map<String, MemoryUsage> after, final List<String> pools) {
		if (!isShort(after, pools)) return;
		notifications++;
		shedAll();
	}

	/** @return whether a pool (one with a maximum) is more than {@value #THRESHOLD_PERCENT}% full after a collection */
	static boolean isShort(final Map<String, MemoryUsage> after, final List<String> pools) {
		for (final String pool : pools) {
			final MemoryUsage u = after.get(pool);
			if (u != null && u.getMax() > 0 && u.getUsed() > u.getMax() / 100 * THRESHOLD_PERCENT) return true;
		}
		return false;
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
