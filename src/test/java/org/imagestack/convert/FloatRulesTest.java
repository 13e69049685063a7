package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/**
 * The helpers of {@link FloatRules} the generated loops call, value by value: float to uint64 and uint64 to float64,
 * against numpy 1.24's arithmetic (what skimage 0.19 computes: {@code rint(x * 2.0**64)} clipped to [0, 2**64], the
 * nearest float64 of an unsigned integer), and the [-1, 1] check at its edges.
 */
class FloatRulesTest {

	/** x, then numpy's {@code clip(rint(x * 2.0**64), 0, 2**64)} as an unsigned integer (2^64 saturating). */
	private static final String[][] UNIT_TO_UINT64 = { { "0x0.0p+0", "0" }, { "-0x0.0p+0", "0" }, {
		"0x1.0000000000000p+0", "18446744073709551615" }, { "-0x1.0000000000000p+0", "0" }, { "-0x1.8000000000000p-64",
			"0" }, { "-0x1.0000000000000p-64", "0" }, { "-0x1.0000000000000p-65", "0" }, { "-0x1.8000000000000p-63", "0" },
		{ "-0x1.0000000000000p-60", "0" }, { "0x1.0000000000000p-64", "1" }, { "0x1.8000000000000p-64", "2" }, {
			"0x1.0000000000000p-65", "0" }, { "0x1.4000000000000p-64", "1" }, { "0x1.0000000000000p-11",
				"9007199254740992" }, { "0x1.fffffffffffffp-12", "9007199254740991" }, { "0x1.0000000000001p-11",
					"9007199254740994" }, { "0x1.0000000000000p-1", "9223372036854775808" }, { "0x1.fffffffffffffp-1",
						"18446744073709549568" }, { "0x1.5555555555555p-2", "6148914691236516864" }, {
							"-0x1.0000000000000p-1", "0" }, { "0x1.0000000000001p-12", "4503599627370497" }, {
								"0x1.8000000000000p-62", "6" } };

	@Test
	void floatToUint64IsNumpysRoundedScaledValue() {
		for (final String[] row : UNIT_TO_UINT64) {
			final double x = Double.parseDouble(row[0]);
			assertEquals(row[1], Long.toUnsignedString(FloatRules.unitToUnsigned64(x)), row[0]);
		}
		assertEquals(0, FloatRules.unitToUnsigned64(Double.NaN), "NaN (undefined in numpy) gives 0");
	}

	/** An unsigned 64-bit integer, then the float64 numpy converts it to. */
	private static final String[][] UINT64_TO_DOUBLE = { { "0", "0x0.0p+0" }, { "1", "0x1.0000000000000p+0" }, {
		"4294967295", "0x1.fffffffe00000p+31" }, { "4294967296", "0x1.0000000000000p+32" }, { "9007199254740992",
			"0x1.0000000000000p+53" }, { "9007199254740993", "0x1.0000000000000p+53" }, { "9007199254740995",
				"0x1.0000000000002p+53" }, { "9223372036854775807", "0x1.0000000000000p+63" }, { "9223372036854775808",
					"0x1.0000000000000p+63" }, { "9223372036854776832", "0x1.0000000000000p+63" }, {
						"9223372036854776833", "0x1.0000000000001p+63" }, { "9223372036854778880",
							"0x1.0000000000002p+63" }, { "18446744073709551615", "0x1.0000000000000p+64" }, {
								"18446744073709549567", "0x1.fffffffffffffp+63" }, { "18446744073709549568",
									"0x1.fffffffffffffp+63" }, { "1311768467463790321", "0x1.23456789abcdfp+60" } };

	@Test
	void uint64ToFloat64IsRoundedOnceToNearestEven() {
		for (final String[] row : UINT64_TO_DOUBLE)
			assertEquals(Double.parseDouble(row[1]), FloatRules.unsignedToDouble(Long.parseUnsignedLong(row[0])), row[0]);
	}

	@Test
	void theUnitRangeIncludesItsEdgesAndNaN() {
		FloatRules.checkRange(-1, 1, PixelType.FLOAT64, PixelType.UINT8);
		FloatRules.checkRange(Double.NaN, Double.NaN, PixelType.FLOAT32, PixelType.INT64); // only NaN: nothing to refuse
		FloatRules.checkRange(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, PixelType.FLOAT32, PixelType.INT8);
		final IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> FloatRules.checkRange(
			Math.nextDown(-1.0), 1, PixelType.FLOAT64, PixelType.INT16));
		assertEquals("Images of type float must be between -1 and 1 to convert to an integer type: converting float64 " +
			"to int16 found values from -1.0000000000000002 to 1.0 (rescale first, e.g. divide by the maximum)", low
				.getMessage());
		final IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> FloatRules.checkRange(
			-1, Math.nextUp(1.0), PixelType.FLOAT32, PixelType.UINT16));
		assertEquals("Images of type float must be between -1 and 1 to convert to an integer type: converting float32 " +
			"to uint16 found values from -1.0 to 1.0000000000000002 (rescale first, e.g. divide by the maximum)", high
				.getMessage());
	}
}
