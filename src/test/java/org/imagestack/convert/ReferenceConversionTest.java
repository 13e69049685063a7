package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.imagestack.PixelType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair on large seeded random images (split into chunks over the cores, 8-bit sources through lookup tables),
 * converted whole and planned from {@link ImageStats}, gives bit for bit what the previous, staged implementation gave
 * ({@link ReferenceConversion}), and refuses the same images.
 */
class ReferenceConversionTest {

	/** Above {@link Chunks#PARALLEL_MIN}, not a multiple of {@link Chunks#CHUNK}. */
	private static final int N = 2 * Chunks.PARALLEL_MIN + 4321;

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("org.imagestack.convert.DtypeConversionTest#pairs")
	void matchesThePreviousImplementation(final PixelType from, final PixelType to) {
		long seed = from.ordinal() * 100 + to.ordinal();
		for (final RandomImages.Spread spread : RandomImages.Spread.values())
			check(from, to, RandomImages.array(from, N, seed++, spread), spread.toString(), spread ==
				RandomImages.Spread.WIDE && from.isFloat() && to.isInteger());
		final int m = IntegerRules.fitBits(from, to);
		if (m >= 0) { // a downcast: an image whose maximum just fits, and (below 64 bits) one just too large
			check(from, to, RandomImages.small(from, N, seed++, (1L << m) - 1), "fitting", false);
			if (m < 63) check(from, to, RandomImages.small(from, N, seed, 1L << m), "not fitting", false);
		}
	}

	private static void check(final PixelType from, final PixelType to, final Object in, final String spread,
		final boolean refused)
	{
		if (refused) {
			assertThrows(IllegalArgumentException.class, () -> ReferenceConversion.convert(in, from, to));
			assertThrows(IllegalArgumentException.class, () -> RandomImages.convertWhole(in, from, to));
			return;
		}
		final Object expected = ReferenceConversion.convert(in, from, to);
		assertNull(RandomImages.difference(to, expected, RandomImages.convertWhole(in, from, to)), spread +
			" image, converted");
		// the planned path (float to integer runs other loops there: measured before, not while converting)
		final ImageStats stats = new ImageStats(from);
		stats.accept(in);
		final Object planned = PixelArrays.newArray(to, N);
		DtypeConversion.plan(from, to, stats).convert(in, planned);
		assertNull(RandomImages.difference(to, expected, planned), spread + " image, planned");
	}
}
