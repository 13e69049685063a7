package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;
import org.imagestack.Required;

/**
 * {@link VectorPath}: in a JVM with {@code jdk.incubator.vector} (as the tests run), conversions run the Vector API
 * loops of the pairs that have one, except into bool on Java 17 (its mask stores are slower than the scalar loop);
 * the pairs without one run their scalar loop or lookup table. {@code VectorLoopsTest} checks that both give the same
 * values.
 */
class VectorPathTest {

	private static boolean vectorModule() {
		return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	}

	@Test
	void conversionsRunTheVectorLoopsWhereThereAreSome() {
		Required.present(vectorModule() && Boolean.parseBoolean(System.getProperty("imagestack.vector", "true")),
			"no jdk.incubator.vector in this JVM (or imagestack.vector=false)");
		assertNotNull(VectorPath.LOOPS, "the JVM has the Vector API, but the vector loops are not loaded");
		final boolean maskStore = Runtime.version().feature() >= 18;
		int vector = 0, intoBool = 0;
		for (final PixelType from : PixelType.values())
			for (final PixelType to : PixelType.values())
				for (final boolean fits : new boolean[] { false, true }) {
					if (from == to) continue;
					final Chunks.RangeLoop own = VectorPath.LOOPS.loop(from, to, fits);
					final Chunks.RangeLoop chosen = DtypeConversion.loop(from, to, fits);
					final String pair = from + " -> " + to + (fits ? " (fits)" : "");
					if (own == null) {
						assertNull(VectorPath.loop(from, to, fits), pair);
						continue;
					}
					if (to == PixelType.BOOL && !maskStore) {
						intoBool++;
						assertNull(VectorPath.loop(from, to, fits), pair + ": a mask store on Java 17");
						assertNotEquals(own.getClass(), chosen.getClass(), pair + ": a mask store on Java 17");
						continue;
					}
					vector++;
					assertEquals(own.getClass(), chosen.getClass(), pair + " does not run its vector loop");
				}
		assertTrue(vector >= 40, vector + " pairs run a vector loop");
		if (!maskStore) assertTrue(intoBool > 0, "no vector loop into bool to leave out on Java 17");
		int measuring = 0;
		for (final PixelType from : new PixelType[] { PixelType.FLOAT32, PixelType.FLOAT64 })
			for (final PixelType to : PixelType.values()) {
				if (!to.isInteger()) continue;
				final Chunks.MeasuringLoop own = VectorPath.LOOPS.measuringLoop(from, to);
				if (own == null) continue;
				measuring++;
				assertEquals(own.getClass(), VectorPath.measuringLoop(from, to).getClass(), from + " -> " + to);
			}
		assertTrue(measuring >= 4, measuring + " measuring vector loops");
	}
}
