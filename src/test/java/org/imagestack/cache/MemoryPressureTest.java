package org.imagestack.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.imagestack.ChildJvm;

/**
 * The heap watch in a JVM of its own with a 64 MB heap, where another plugin set the old generation's
 * collection-usage threshold (a setting the whole JVM shares): it stays as they set it, and a cache still sheds its
 * cells, writing the changed ones, once the heap fills up.
 */
class MemoryPressureTest {

	@Test
	void anotherPluginsThresholdStaysAndAFullHeapStillMakesTheCacheShed() throws Exception {
		try (ChildJvm child = ChildJvm.start("64m", MemoryPressureCheck.class)) {
			final String set = child.await("THRESHOLD SET ");
			final String end = child.await("WRITTEN ");
			assertEquals(0, child.waitFor(60));
			System.out.println("MemoryPressureTest: " + set + "; " + end);
			assertNotNull(set, "the check ran");
			assertNotNull(end, "the check ended");
			final Matcher s = Pattern.compile("THRESHOLD SET (\\d+) NOW (\\d+)").matcher(set);
			assertTrue(s.matches(), set);
			final Matcher e = Pattern.compile("WRITTEN (\\d+) HELD (\\d+) MB THRESHOLD (\\d+)").matcher(end);
			assertTrue(e.matches(), end);
			assertEquals(s.group(1), s.group(2), "the other plugin's threshold, right after the cache was made");
			assertEquals(s.group(1), e.group(3), "the other plugin's threshold, after the heap ran short");
			assertTrue(Integer.parseInt(e.group(1)) >= 8, "the changed cells shed were written: " + end);
			assertTrue(Integer.parseInt(e.group(2)) <= 8, "half of the 16 MB or less is held: " + end);
		}
	}
}
