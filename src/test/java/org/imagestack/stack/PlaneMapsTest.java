package org.imagestack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlaneMapsTest {

	private static final long MB = 1 << 20;

	@Test
	void aRollingWindowKeepsItsCopiesWithinAQuarterOfTheHeap() {
		assertEquals(2, PlaneMaps.rollingWindow(2, 16 * MB, 256 * MB), "2 cores, 16 MB planes: one 16 MB copy");
		assertEquals(5, PlaneMaps.rollingWindow(8, 16 * MB, 256 * MB), "8 cores: four copies fill the quarter");
		assertEquals(2, PlaneMaps.rollingWindow(8, 64 * MB, 256 * MB), "one 64 MB copy fits");
		assertEquals(1, PlaneMaps.rollingWindow(8, 65 * MB, 256 * MB), "none does: one plane at a time");
		assertEquals(1, PlaneMaps.rollingWindow(2, 268 * MB, 256 * MB), "a plane larger than the heap");
		assertEquals(1, PlaneMaps.rollingWindow(1, 1, 256 * MB), "not parallel");
	}
}
