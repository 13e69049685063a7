package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.logic.NativeBoolType;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedLongType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.imagestack.PixelType;

/**
 * Every pair of the eleven types against the table {@code skimage_fixture.py} wrote from scikit-image 0.19 itself:
 * edge values (min, max, 0, ±1, half range, powers of two, NaN, ±inf), each alone and all in one image (skimage's
 * downcasts look at the whole image's maximum), and the error cases.
 */
class DtypeConversionTest {

	/** One line of the table. */
	static final class Row {

		final String line;
		final PixelType from;
		final PixelType to;
		final String[] inputs;
		final String[] expected; // null when an error is expected

		Row(final String line) {
			this.line = line;
			final String[] f = line.split("\t");
			from = PixelType.parse(f[0]);
			to = PixelType.parse(f[1]);
			inputs = f[2].split(",");
			final String result = f[f.length - 1];
			expected = f[3].startsWith("ERROR") || result.equals("ERROR") ? null : result.split(",");
		}
	}

	/** @return the rows of the table, in its order */
	static List<Row> table() throws IOException {
		final List<Row> rows = new ArrayList<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(DtypeConversionTest.class
			.getResourceAsStream("skimage-convert.tsv"), StandardCharsets.UTF_8)))
		{
			for (String line; (line = r.readLine()) != null;)
				if (!line.startsWith("#")) rows.add(new Row(line));
		}
		return rows;
	}

	static Stream<Arguments> pairs() {
		final List<Arguments> pairs = new ArrayList<>();
		for (final PixelType from : PixelType.values())
			for (final PixelType to : PixelType.values())
				pairs.add(Arguments.of(from, to));
		return pairs.stream();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("pairs")
	void matchesScikitImage(final PixelType from, final PixelType to) throws IOException {
		int checked = 0;
		final List<String> failures = new ArrayList<>();
		for (final Row row : table()) {
			if (row.from != from || row.to != to) continue;
			checked++;
			final Img<? extends RealType<?>> in = image(from, row.inputs);
			if (row.expected == null) {
				final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtypeConversion.convert(in, to),
					row.line);
				assertTrue(e.getMessage().contains("between -1 and 1"), e.getMessage());
				final ImageStats stats = stats(from, in);
				final IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> DtypeConversion
					.plan(from, to, stats), "plan: " + row.line);
				assertTrue(p.getMessage().contains("between -1 and 1"), p.getMessage());
				continue;
			}
			final Img<? extends RealType<?>> out = DtypeConversion.convert(in, to);
			assertEquals(to, PixelType.of(out));
			compare(row, "convert", values(out), failures);
			// the path stored cells take: statistics of the pieces, then a plan run on each piece's array
			final ImageStats stats = stats(from, in);
			final Object source = Planes.storage((net.imglib2.img.array.ArrayImg<?, ?>) in);
			final net.imglib2.img.array.ArrayImg<?, ?> planned = to.createImg(row.inputs.length, 1);
			DtypeConversion.plan(from, to, stats).convert(source, Planes.storage(planned));
			compare(row, "plan", values(cast(planned)), failures);
			if (from == to) continue;
			// and the plain loop the plan runs where the JVM has no Vector API
			final net.imglib2.img.array.ArrayImg<?, ?> scalar = to.createImg(row.inputs.length, 1);
			Loops.loop(from, to, IntegerRules.fits(from, to, stats.integerBound())).run(source, Planes.storage(scalar), 0,
				row.inputs.length);
			compare(row, "scalar loop", values(cast(scalar)), failures);
		}
		assertTrue(checked > 2, "no table rows for " + from + " -> " + to);
		if (!failures.isEmpty()) fail(failures.size() + " mismatches, first ones:\n" + String.join("\n", failures
			.subList(0, Math.min(10, failures.size()))));
	}

	private static void compare(final Row row, final String path, final String[] actual, final List<String> failures) {
		for (int i = 0; i < actual.length; i++)
			if (!same(row.expected[i], actual[i], row.to)) failures.add(path + ": " + row.from + " " + row.inputs[i] +
				" -> " + row.to + ": expected " + row.expected[i] + ", got " + actual[i] + "   (row: " + row.line + ")");
	}

	private static ImageStats stats(final PixelType from, final Img<? extends RealType<?>> in) {
		final ImageStats stats = new ImageStats(from);
		stats.accept(Planes.storage((net.imglib2.img.array.ArrayImg<?, ?>) in));
		return stats;
	}

	@SuppressWarnings("unchecked")
	private static Img<? extends RealType<?>> cast(final net.imglib2.img.array.ArrayImg<?, ?> img) {
		return (Img<? extends RealType<?>>) img;
	}

	private static boolean same(final String expected, final String actual, final PixelType to) {
		if (to.isFloat()) return Double.compare(Double.parseDouble(expected), Double.parseDouble(actual)) == 0;
		return expected.equals(actual);
	}

	/** A (n, 1) image of the given values (numbers as the table writes them). */
	static Img<? extends RealType<?>> image(final PixelType type, final String... values) {
		final net.imglib2.img.array.ArrayImg<?, ?> array = type.createImg(values.length, 1);
		@SuppressWarnings("unchecked")
		final Img<? extends RealType<?>> img = (Img<? extends RealType<?>>) array;
		final Cursor<? extends RealType<?>> c = img.cursor();
		for (final String v : values) {
			final RealType<?> t = c.next();
			if (t instanceof NativeBoolType) ((NativeBoolType) t).set(!v.equals("0"));
			else if (t instanceof UnsignedLongType) ((UnsignedLongType) t).set(new BigInteger(v).longValue());
			else if (t instanceof IntegerType) ((IntegerType<?>) t).setInteger(Long.parseLong(v));
			else t.setReal(Double.parseDouble(v));
		}
		return img;
	}

	/** The pixel values as the table writes them. */
	static String[] values(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final List<String> out = new ArrayList<>();
		for (final RealType<?> t : Views.flatIterable(img)) {
			if (t instanceof NativeBoolType) out.add(((NativeBoolType) t).get() ? "1" : "0");
			else if (t instanceof UnsignedLongType) out.add(Long.toUnsignedString(((UnsignedLongType) t).get()));
			else if (t instanceof IntegerType) out.add(Long.toString(((IntegerType<?>) t).getIntegerLong()));
			else out.add(Double.toString(t.getRealDouble()));
		}
		return out.toArray(new String[0]);
	}

	@Test
	void sameTypeReturnsTheImageItself() {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4 }, 2, 2);
		assertSame(img, DtypeConversion.convert(img, PixelType.UINT8));
	}

	@Test
	void viewsAndBitTypesAreConvertedToo() {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 0, (byte) 128, (byte) 255, 64 }, 2, 2);
		final RandomAccessibleInterval<UnsignedByteType> view = Views.translate(img, 10, 20);
		assertEquals("0,128,255,64", String.join(",", values(DtypeConversion.convert(view, PixelType.UINT8))));
		assertEquals("0.0,0.501960813999176,1.0,0.250980406999588", String.join(",", values(DtypeConversion.convert(view, PixelType.FLOAT32))));
		final Img<BitType> bits = ArrayImgs.bits(2, 1);
		bits.firstElement().set(true);
		assertEquals("255,0", String.join(",", values(DtypeConversion.convert(bits, PixelType.UINT8))));
		assertEquals(PixelType.BOOL, PixelType.of(bits));
	}

	@Test
	void colourImagesConvertChannelWise() {
		final Img<UnsignedByteType> rgb = ArrayImgs.unsignedBytes(new byte[] { (byte) 255, 0, 0, 0, (byte) 255, 0 },
			1, 2, 3);
		final Img<? extends RealType<?>> f = DtypeConversion.convert(rgb, PixelType.FLOAT64);
		assertEquals(3, f.numDimensions());
		assertEquals("1.0,0.0,0.0,0.0,1.0,0.0", String.join(",", values(f)));
	}

	@Test
	void downcastLooksAtTheWholeImage() {
		// skimage: uint16 [200] alone fits uint8 and is not rescaled; with 1000 beside it, both are divided by 256
		assertEquals("200", values(DtypeConversion.convert(image(PixelType.UINT16, "200"), PixelType.UINT8))[0]);
		assertEquals("0,3", String.join(",", values(DtypeConversion.convert(image(PixelType.UINT16, "200",
			"1000"), PixelType.UINT8))));
	}

	@Test
	void floatOutsideUnitRangeIsAnErrorNamingTheTypesAndValues() {
		final Img<FloatType> img = ArrayImgs.floats(new float[] { 0f, 2.5f, Float.NaN, -0.5f }, 4, 1);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtypeConversion.convert(img, PixelType.UINT16));
		assertTrue(e.getMessage().contains("float32 to uint16"), e.getMessage());
		assertTrue(e.getMessage().contains("-0.5 to 2.5"), e.getMessage());
		// float to float and float to bool never check the range
		assertEquals("0.0,2.5,NaN,-0.5", String.join(",", values(DtypeConversion.convert(img, PixelType.FLOAT64))));
		assertEquals("0,1,0,0", String.join(",", values(DtypeConversion.convert(img, PixelType.BOOL))));
	}

	@Test
	void unknownTypeNamesAreRejectedListingTheValidOnes() {
		for (final String bad : new String[] { "float16", "complex64", "", "uint128", null }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PixelType.parse(
				bad));
			assertTrue(e.getMessage().contains("bool, uint8, int8, uint16, int16, uint32, int32, uint64, int64, " +
				"float32, float64"), e.getMessage());
		}
		assertEquals(PixelType.FLOAT32, PixelType.parse(" Float32 "));
		assertEquals(PixelType.BOOL, PixelType.parse("BOOL"));
	}

	@Test
	void unsupportedImgLib2TypesAreRejected() {
		final Img<net.imglib2.type.numeric.integer.Unsigned12BitType> img = new net.imglib2.img.array.ArrayImgFactory<>(
			new net.imglib2.type.numeric.integer.Unsigned12BitType()).create(2, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtypeConversion.convert(img, PixelType.FLOAT32));
		assertTrue(e.getMessage().contains("Unsigned12BitType"), e.getMessage());
	}

	@Test
	void largeImagesSpanManyChunks() {
		final int n = 10_000;
		final short[] px = new short[n];
		for (int i = 0; i < n; i++) px[i] = (short) (i * 7);
		final Img<? extends RealType<?>> out = DtypeConversion.convert(ArrayImgs.unsignedShorts(px, 100, 100), PixelType.UINT8);
		final String[] v = values(out);
		for (int i = 0; i < n; i++)
			assertEquals(Integer.toString(((i * 7) & 0xffff) >>> 8), v[i], "pixel " + i);
	}

	@Test
	void aViewOfTheTargetTypeComesBackAsAnArrayImageCopy() {
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
		final Img<? extends RealType<?>> out = DtypeConversion.convert(Views.translate(img, 5, 5), PixelType.UINT8);
		assertTrue(out instanceof net.imglib2.img.array.ArrayImg, out.getClass().getName());
		assertEquals("1,2,3,4,5,6", String.join(",", values(out)));
		assertEquals(0, out.min(0));
		img.firstElement().set(100);
		assertEquals("1", values(out)[0], "a copy, not the image's own pixels");
	}

	@Test
	void missingArgumentsAndPlanesLargerThanAnArrayImageAreRefusedClearly() {
		final NullPointerException noImage = assertThrows(NullPointerException.class, () -> DtypeConversion.convert(null,
			PixelType.UINT8));
		assertEquals("image is null", noImage.getMessage());
		final NullPointerException noType = assertThrows(NullPointerException.class, () -> DtypeConversion.convert(
			ArrayImgs.unsignedBytes(1, 1), null));
		assertEquals("pixel type is null", noType.getMessage());
		// 2^31 pixels of a view (nothing allocated)
		final RandomAccessibleInterval<UnsignedByteType> huge = Views.interval(Views.extendZero(ArrayImgs.unsignedBytes(
			1, 1)), new net.imglib2.FinalInterval(1L << 16, 1L << 15));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtypeConversion.convert(
			huge, PixelType.FLOAT32));
		assertEquals("A plane of 2147483648 pixels is larger than an array image can hold (2^31-1)", e.getMessage());
	}
}
