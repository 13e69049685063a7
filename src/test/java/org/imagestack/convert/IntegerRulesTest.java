package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/**
 * {@link IntegerRules} on their own, against scikit-image's table ({@code skimage-convert.tsv}): every row between
 * two integer types (and bool) computed from the rules as the generator reads them: the image's maximum decides
 * {@link IntegerRules#fits}, the pair's {@link IntegerRules.Formula} is applied to each value and the result truncated
 * to the target's width. The generated loops are checked against the same table by {@code DtypeConversionTest}; this
 * checks the rules they are written from.
 */
class IntegerRulesTest {

	/** @return a table value of an integer type in a {@code long}: unsigned zero-extended, uint64 as its bit pattern */
	private static long parse(final String v) {
		return new BigInteger(v).longValue();
	}

	/** @return a result truncated to the target's width and written as the table writes it */
	private static String stored(final long r, final PixelType to) {
		final int b = to.bits();
		if (to.kind() == 'u') return Long.toUnsignedString(b == 64 ? r : r & (1L << b) - 1);
		return Long.toString(r << 64 - b >> 64 - b);
	}

	/** @return the image's maximum: compared unsigned for unsigned types */
	private static long max(final long[] values, final PixelType from) {
		long max = values[0];
		for (final long v : values)
			if (from.kind() == 'u' ? Long.compareUnsigned(v, max) > 0 : v > max) max = v;
		return max;
	}

	@Test
	void formulasGiveScikitImagesValuesForEveryIntegerPair() throws IOException {
		final List<String> failures = new ArrayList<>();
		int rows = 0;
		for (final DtypeConversionTest.Row row : DtypeConversionTest.table()) {
			if (!row.from.isInteger() || !row.to.isInteger()) continue;
			rows++;
			final long[] in = new long[row.inputs.length];
			for (int i = 0; i < in.length; i++)
				in[i] = parse(row.inputs[i]);
			final boolean fits = IntegerRules.fits(row.from, row.to, max(in, row.from));
			final IntegerRules.Formula f = row.from == row.to ? null : IntegerRules.integerToInteger(row.from, row.to,
				fits);
			for (int i = 0; i < in.length; i++) {
				final String actual = stored(f == null ? in[i] : f.apply(in[i]), row.to);
				if (!actual.equals(row.expected[i])) failures.add(row.from + " " + row.inputs[i] + " -> " + row.to +
					(fits ? " (fits)" : "") + ": expected " + row.expected[i] + ", got " + actual + "   (row: " + row.line +
					")");
			}
		}
		assertTrue(rows > 1000, rows + " rows");
		if (!failures.isEmpty()) fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures
			.subList(0, Math.min(10, failures.size()))));
	}

	@Test
	void boolRulesGiveScikitImagesValues() throws IOException {
		int rows = 0;
		for (final DtypeConversionTest.Row row : DtypeConversionTest.table()) {
			if (row.from == PixelType.BOOL && row.to.isInteger()) {
				rows++;
				for (int i = 0; i < row.inputs.length; i++)
					assertEquals(row.expected[i], stored(row.inputs[i].equals("1") ? IntegerRules.boolToInteger(row.to) : 0,
						row.to), row.line);
			}
			else if (row.from.isInteger() && row.to == PixelType.BOOL) {
				rows++;
				final long threshold = IntegerRules.boolThreshold(row.from);
				for (int i = 0; i < row.inputs.length; i++) {
					final long v = parse(row.inputs[i]);
					final boolean above = row.from == PixelType.UINT64 ? Long.compareUnsigned(v, threshold) > 0
						: v > threshold;
					assertEquals(row.expected[i], above ? "1" : "0", row.from + " " + row.inputs[i] + ": " + row.line);
				}
			}
		}
		assertTrue(rows > 100, rows + " rows");
	}

	@Test
	void theMaximumMattersOnlyToScikitImagesDowncasts() {
		// _scale(a, n, m) looks at a.max() < 2**m where it shrinks: m is the bits kept
		final PixelType u8 = PixelType.UINT8, i8 = PixelType.INT8, u16 = PixelType.UINT16, i16 = PixelType.INT16;
		assertEquals(8, IntegerRules.fitBits(u16, u8));
		assertEquals(7, IntegerRules.fitBits(u16, i8));
		assertEquals(7, IntegerRules.fitBits(u8, i8)); // unsigned to signed of one width: 2^7 and up rescale
		assertEquals(15, IntegerRules.fitBits(PixelType.UINT64, i16));
		assertEquals(8, IntegerRules.fitBits(i16, u8));
		assertEquals(7, IntegerRules.fitBits(i16, i8));
		assertEquals(-1, IntegerRules.fitBits(i8, u8)); // int8 to uint8 scales up from 7 bits
		assertEquals(-1, IntegerRules.fitBits(i16, u16));
		assertEquals(-1, IntegerRules.fitBits(u8, u16));
		assertEquals(-1, IntegerRules.fitBits(i8, i16));
		for (final PixelType t : PixelType.values()) {
			assertEquals(-1, IntegerRules.fitBits(t, t), t.toString());
			assertEquals(-1, IntegerRules.fitBits(t, PixelType.BOOL), t.toString());
			assertEquals(-1, IntegerRules.fitBits(PixelType.BOOL, t), t.toString());
			assertEquals(-1, IntegerRules.fitBits(t, PixelType.FLOAT32), t.toString());
			assertEquals(-1, IntegerRules.fitBits(PixelType.FLOAT64, t), t.toString());
		}
		// the widest look of each source type: what ImageStats must be able to decide
		final int[] largest = { -1, 7, -1, 15, 8, 31, 16, 63, 32, -1, -1 }; // in PixelType's order
		for (final PixelType t : PixelType.values())
			assertEquals(largest[t.ordinal()], IntegerRules.largestFitBits(t), t.toString());
		// a maximum just below 2^m fits, 2^m does not; a uint64 maximum is a bit pattern, compared unsigned
		assertTrue(IntegerRules.fits(u16, u8, 255));
		assertFalse(IntegerRules.fits(u16, u8, 256));
		assertTrue(IntegerRules.fits(i16, i8, 127));
		assertFalse(IntegerRules.fits(i16, i8, 128));
		assertTrue(IntegerRules.fits(i16, i8, -5));
		assertTrue(IntegerRules.fits(PixelType.UINT64, PixelType.INT32, (1L << 31) - 1));
		assertFalse(IntegerRules.fits(PixelType.UINT64, PixelType.INT32, -1L)); // 2^64 - 1
		assertFalse(IntegerRules.fits(PixelType.INT64, PixelType.INT32, Long.MAX_VALUE));
		assertTrue(IntegerRules.fits(PixelType.INT64, PixelType.INT32, Long.MIN_VALUE));
		assertFalse(IntegerRules.fits(u8, u16, 0), "an upcast never casts");
	}

	@Test
	void onlyAPlainCastIsACast() {
		assertTrue(IntegerRules.integerToInteger(PixelType.UINT16, PixelType.UINT8, true).isCast());
		assertTrue(IntegerRules.integerToInteger(PixelType.INT32, PixelType.INT16, true).isCast());
		assertFalse(IntegerRules.integerToInteger(PixelType.UINT16, PixelType.UINT8, false).isCast()); // a shift
		assertFalse(IntegerRules.integerToInteger(PixelType.UINT8, PixelType.UINT16, false).isCast()); // times 257
		assertFalse(IntegerRules.integerToInteger(PixelType.INT16, PixelType.UINT8, true).isCast()); // wraps, clips
		assertFalse(IntegerRules.integerToInteger(PixelType.INT8, PixelType.UINT8, false).isCast()); // clips, scales
		assertFalse(IntegerRules.integerToInteger(PixelType.INT8, PixelType.INT16, false).isCast()); // adds
		assertFalse(IntegerRules.integerToInteger(PixelType.INT8, PixelType.UINT64, false).isCast()); // extra shift
		assertFalse(new IntegerRules.Formula(64, false, 1, 0, 0, 3).isCast());
		assertFalse(new IntegerRules.Formula(64, false, 1, 1, 0, -1).isCast());
		assertFalse(new IntegerRules.Formula(64, false, 1, 0, 1, -1).isCast());
		assertFalse(new IntegerRules.Formula(16, false, 1, 0, 0, -1).isCast());
		assertFalse(new IntegerRules.Formula(64, true, 1, 0, 0, -1).isCast());
		assertFalse(new IntegerRules.Formula(64, false, 2, 0, 0, -1).isCast());
		assertTrue(new IntegerRules.Formula(64, false, 1, 0, 0, -1).isCast());
	}
}
