package org.imagestack.convert;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imagestack.PixelType;
import org.junit.jupiter.api.Test;

/**
 * Every Vector API loop ({@link VectorPath}) gives bit for bit what the pair's scalar loop of {@link Loops} gives, on
 * full-range, small (fitting) and [-1, 1] values, over ranges that start and end anywhere within a vector (the tests
 * run with {@code --add-modules jdk.incubator.vector}; without it this test is skipped and every pair runs its scalar
 * loop, which the other conversion tests check).
 */
class VectorLoopsTest {

	private static final int REPEATS = 60;

	@Test
	void vectorLoopsGiveWhatScalarLoopsGive() {
		Required.present(VectorPath.LOOPS != null, "no jdk.incubator.vector in this JVM");
		int loops = 0;
		for (final PixelType from : PixelType.values())
			for (final PixelType to : PixelType.values())
				for (final boolean fits : new boolean[] { false, true }) {
					if (from == to) continue;
					final Chunks.RangeLoop vector = VectorPath.LOOPS.loop(from, to, fits);
					if (vector == null) continue;
					loops++;
					for (final Object in : sources(from, to)) {
						final int n = java.lang.reflect.Array.getLength(in);
						final Object expected = PixelArrays.newArray(to, n);
						Loops.loop(from, to, fits).run(in, expected, 0, n);
						final Object actual = PixelArrays.newArray(to, n);
						// ranges that start and end off any vector boundary, one shorter than a vector
						final int[] cuts = { 0, 3, 8, 45, 46, 300, 1000, n };
						// again and again, so that the JIT compiles the loop (the Vector API's intrinsics) meanwhile
						for (int repeat = 0; repeat < REPEATS; repeat++) {
							for (int c = 1; c < cuts.length; c++)
								vector.run(in, actual, cuts[c - 1], cuts[c]);
							final String difference = RandomImages.difference(to, expected, actual);
							assertNull(difference, from + " -> " + to + (fits ? " (fitting)" : "") + ", run " + repeat +
								": " + difference);
						}
					}
				}
		assertTrue(loops >= 40, loops + " vector loops");
	}

	@Test
	void measuringVectorLoopsGiveWhatScalarLoopsGive() {
		Required.present(VectorPath.LOOPS != null, "no jdk.incubator.vector in this JVM");
		int loops = 0;
		for (final PixelType from : PixelType.values())
			for (final PixelType to : PixelType.values()) {
				final Chunks.MeasuringLoop vector = VectorPath.LOOPS.measuringLoop(from, to);
				if (vector == null) continue;
				loops++;
				for (final Object in : sources(from, to)) {
					final int n = java.lang.reflect.Array.getLength(in);
					final Object expected = PixelArrays.newArray(to, n);
					final double[] expectedRange = new double[2];
					Loops.measuringLoop(from, to).run(in, expected, 0, n, expectedRange, 0);
					final Object actual = PixelArrays.newArray(to, n);
					for (int repeat = 0; repeat < REPEATS; repeat++) {
						final int[] cuts = { 0, 3, 8, 45, 46, 300, 1000, n };
						double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
						final double[] range = new double[2];
						for (int c = 1; c < cuts.length; c++) {
							vector.run(in, actual, cuts[c - 1], cuts[c], range, 0);
							min = Math.min(min, range[0]);
							max = Math.max(max, range[1]);
						}
						final String difference = RandomImages.difference(to, expected, actual);
						assertNull(difference, from + " -> " + to + " measuring, run " + repeat + ": " + difference);
						assertEquals(expectedRange[0], min, from + " -> " + to + " minimum");
						assertEquals(expectedRange[1], max, from + " -> " + to + " maximum");
					}
				}
			}
		assertTrue(loops >= 4, loops + " measuring vector loops");
	}

	/**
	 * Float to integer: values in [-1, 1] and NaN only, as every other float value is refused (the vector loops then
	 * write other integers than the scalar loops).
	 */
	private static Object[] sources(final PixelType from, final PixelType to) {
		final int n = 8195;
		if (from.isFloat() && to.isInteger()) return new Object[] { RandomImages.array(from, n, 1,
			RandomImages.Spread.UNIT), RandomImages.array(from, n, 3, RandomImages.Spread.UNIT) };
		if (from.isFloat()) return new Object[] { RandomImages.array(from, n, 1, RandomImages.Spread.UNIT),
			RandomImages.array(from, n, 2, RandomImages.Spread.WIDE) };
		if (from == PixelType.BOOL) return new Object[] { RandomImages.array(from, n, 1, RandomImages.Spread.FULL) };
		return new Object[] { RandomImages.array(from, n, 1, RandomImages.Spread.FULL), RandomImages.array(from, n, 2,
			RandomImages.Spread.SMALL), RandomImages.small(from, n, 3, 100), RandomImages.small(from, n, 4, 127),
			RandomImages.small(from, n, 5, 255) };
	}
}
