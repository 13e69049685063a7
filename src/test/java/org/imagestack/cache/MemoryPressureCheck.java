package org.imagestack.cache;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import net.imglib2.img.basictypeaccess.array.DirtyByteArray;

/**
 * Run in a JVM of its own (small heap) by {@link MemoryPressureTest}: another plugin sets the JVM-wide
 * collection-usage threshold of the old generation; then a cell cache holds 16 MB of changed cells and the heap fills
 * up with other data. Prints the threshold as the other plugin finds it afterwards, and what the cache wrote.
 */
public final class MemoryPressureCheck {

	private MemoryPressureCheck() {}

	public static void main(final String[] args) throws Exception {
		MemoryPoolMXBean old = null;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && pool.getUsage()
				.getMax() > 0 && (old == null || pool.getUsage().getMax() > old.getUsage().getMax())) old = pool;
		final long theirs = old.getUsage().getMax() / 100 * 95; // another plugin's setting
		old.setCollectionUsageThreshold(theirs);

		final Map<Integer, Integer> store = new ConcurrentHashMap<>();
		final CellCache<Integer, DirtyByteArray, DirtyByteArray> cache = new CellCache<>(1L << 30, d -> d,
			DirtyByteArray::getArrayLength, (k, d) -> store.put(k, d.getArrayLength()));
		for (int k = 0; k < 16; k++)
			cache.put(k, new DirtyByteArray(1 << 20));
		System.out.println("THRESHOLD SET " + theirs + " NOW " + old.getCollectionUsageThreshold());

		// other data fills the heap, 1 MB at a time, until the cache has shed (or the heap is nearly full)
		final List<byte[]> others = new ArrayList<>();
		final long max = old.getUsage().getMax();
		for (int mb = 0; store.isEmpty() && old.getUsage().getUsed() < max / 100 * 92; mb++) {
			others.add(new byte[1 << 20]);
			if (mb % 2 == 0) {
				System.gc();
				for (int wait = 0; wait < 20 && store.isEmpty(); wait++)
					Thread.sleep(10);
			}
		}
		for (int wait = 0; wait < 200 && store.size() < 8; wait++) // the collector's notification arrives on its thread
			Thread.sleep(10);
		System.out.println("OTHERS " + others.size() + " MB, FULL " + old.getCollectionUsage().getUsed() * 100 / max +
			"%");
		System.out.println("WRITTEN " + store.size() + " HELD " + cache.bytes() / (1 << 20) + " MB THRESHOLD " + old
			.getCollectionUsageThreshold());
		cache.close();
	}
}
