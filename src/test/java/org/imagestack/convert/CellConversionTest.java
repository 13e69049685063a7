package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.imagestack.PixelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An image held in cells, converted as the storage layer does it (every cell into {@link ImageStats}, some merged
 * from statistics gathered apart, then {@link DtypeConversion#plan} once and its converter on every cell, several
 * cells at once), gives exactly what converting the image whole gives, for every pair: integer images whose downcasts
 * rescale and ones whose maximum fits, floats in [-1, 1] with NaN, floats outside it (refused either way).
 */
class CellConversionTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("org.imagestack.convert.DtypeConversionTest#pairs")
	void cellByCellIsWholeImage(final PixelType from, final PixelType to) {
		for (int image = 0; image < 3; image++)
			for (final RandomImages.Spread spread : RandomImages.Spread.values()) {
				final long seed = 1000L * (from.ordinal() * 11 + to.ordinal()) + 10 * image + spread.ordinal();
				// one large image (its cells big enough to be split over the cores), two small ones
				final int n = image == 0 ? 3 * Chunks.PARALLEL_MIN + 77 : 1000 + 997 * image;
				check(from, to, RandomImages.array(from, n, seed, spread), seed, spread + " image " + image);
			}
	}

	private static void check(final PixelType from, final PixelType to, final Object whole, final long seed,
		final String what)
	{
		final List<Object> cells = split(whole, new Random(seed));
		final ImageStats stats = new ImageStats(from);
		final ImageStats apart = new ImageStats(from);
		for (int c = 0; c < cells.size(); c++)
			(c % 3 == 2 ? apart : stats).accept(cells.get(c));
		stats.merge(apart);
		final boolean refused = from.isFloat() && to.isInteger() && what.startsWith("WIDE");
		if (refused) {
			assertThrows(IllegalArgumentException.class, () -> RandomImages.convertWhole(whole, from, to), what);
			assertThrows(IllegalArgumentException.class, () -> DtypeConversion.plan(from, to, stats), what);
			return;
		}
		final Object expected = RandomImages.convertWhole(whole, from, to);
		final ChunkConverter converter = DtypeConversion.plan(from, to, stats);
		final Object[] outs = new Object[cells.size()];
		IntStream.range(0, cells.size()).parallel().forEach(c -> {
			final Object cell = cells.get(c);
			outs[c] = PixelArrays.newArray(to, java.lang.reflect.Array.getLength(cell));
			converter.convert(cell, outs[c]);
		});
		assertNull(RandomImages.difference(to, expected, join(outs, to)), what);
	}

	/** Cuts an array into cells of random lengths, an empty one and one-pixel ones among them. */
	private static List<Object> split(final Object whole, final Random r) {
		final int n = java.lang.reflect.Array.getLength(whole);
		final List<Object> cells = new ArrayList<>();
		for (int at = 0; at < n;) {
			final int k = r.nextInt(8);
			final int len = Math.min(n - at, k == 0 ? 0 : k == 1 ? 1 : 1 + r.nextInt(Math.max(1, n / 3)));
			final Object cell = java.lang.reflect.Array.newInstance(whole.getClass().getComponentType(), len);
			System.arraycopy(whole, at, cell, 0, len);
			cells.add(cell);
			at += len;
		}
		return cells;
	}

	private static Object join(final Object[] cells, final PixelType t) {
		int n = 0;
		for (final Object c : cells)
			n += java.lang.reflect.Array.getLength(c);
		final Object whole = PixelArrays.newArray(t, n);
		int at = 0;
		for (final Object c : cells) {
			final int len = java.lang.reflect.Array.getLength(c);
			System.arraycopy(c, 0, whole, at, len);
			at += len;
		}
		return whole;
	}

	@Test
	void statisticsOfNoPixelsDecideNothing() {
		// an empty image converts to an empty one; its (absent) maximum fits every downcast
		for (final PixelType from : PixelType.values()) {
			final ImageStats stats = new ImageStats(from);
			stats.accept(PixelArrays.newArray(from, 0));
			for (final PixelType to : PixelType.values()) {
				final Object out = PixelArrays.newArray(to, 0);
				DtypeConversion.plan(from, to, stats).convert(PixelArrays.newArray(from, 0), out);
				assertEquals(0, java.lang.reflect.Array.getLength(out));
			}
		}
	}

	@Test
	void statisticsOfAnotherTypeAreRefused() {
		final ImageStats stats = new ImageStats(PixelType.UINT16);
		assertThrows(IllegalArgumentException.class, () -> DtypeConversion.plan(PixelType.UINT8, PixelType.FLOAT32,
			stats));
		assertThrows(IllegalArgumentException.class, () -> stats.merge(new ImageStats(PixelType.INT16)));
	}
}
