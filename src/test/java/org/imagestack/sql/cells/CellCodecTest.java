package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;

/**
 * A cell's stored bytes: every pixel type under every codec reads back as written, whatever the read buffer, in the
 * documented byte form, and damage of any kind is a {@link CorruptDatabaseException} naming the cell and what is wrong.
 */
class CellCodecTest {

	private static final int PIXELS = 1000; // not a multiple of any chunk below

	/** @return a cell of {@code type} whose pixels vary, in runs of 8 equal values (every codec shrinks it) */
	static Object pixels(final PixelType type, final int n) {
		final Object a = CellCodec.newArray(type, n);
		for (int i = 0; i < n; i++) {
			final long v = 3 * (i / 8) - 150;
			switch (type) {
				case BOOL: ((boolean[]) a)[i] = i % 3 == 0; break;
				case UINT8: case INT8: ((byte[]) a)[i] = (byte) v; break;
				case UINT16: case INT16: ((short[]) a)[i] = (short) (v * 37); break;
				case UINT32: case INT32: ((int[]) a)[i] = (int) (v * 1_000_003); break;
				case UINT64: case INT64: ((long[]) a)[i] = v * 1_000_000_000_007L; break;
				case FLOAT32: ((float[]) a)[i] = v / 7f; break;
				default: ((double[]) a)[i] = v / 7.0;
			}
		}
		return a;
	}

	/** @return the documented raw form: little endian, one byte per bool */
	static byte[] littleEndian(final PixelType type, final Object a) {
		final int n = java.lang.reflect.Array.getLength(a);
		final ByteBuffer b = ByteBuffer.allocate(n * type.bytesPerPixel()).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i++) {
			switch (type) {
				case BOOL: b.put((byte) (((boolean[]) a)[i] ? 1 : 0)); break;
				case UINT8: case INT8: b.put(((byte[]) a)[i]); break;
				case UINT16: case INT16: b.putShort(((short[]) a)[i]); break;
				case UINT32: case INT32: b.putInt(((int[]) a)[i]); break;
				case UINT64: case INT64: b.putLong(((long[]) a)[i]); break;
				case FLOAT32: b.putFloat(((float[]) a)[i]); break;
				default: b.putDouble(((double[]) a)[i]);
			}
		}
		return b.array();
	}

	static long crc(final byte[] b) {
		final CRC32 c = new CRC32();
		c.update(b);
		return c.getValue();
	}

	static byte[] stored(final CellCodec.Encoded e) throws IOException {
		try (InputStream in = e.bytes()) {
			return in.readAllBytes();
		}
	}

	private static Object decode(final PixelType type, final int pixels, final byte[] stored, final boolean compressed,
		final long crc, final int chunk) throws IOException
	{
		return CellCodec.decode(type, pixels, new ByteArrayInputStream(stored), compressed, crc, new byte[chunk],
			() -> "cell 3 of plane 7");
	}

	private static String damage(final PixelType type, final int pixels, final byte[] stored, final boolean compressed,
		final long crc)
	{
		return assertThrows(CorruptDatabaseException.class, () -> decode(type, pixels, stored, compressed, crc, 64))
			.getMessage();
	}

	@Test
	void everyTypeUnderEveryCodecReadsBackAsWrittenThroughBuffersOfAnySize() throws IOException {
		for (final PixelType type : PixelType.values())
			for (final Compression codec : Compression.values())
				for (final boolean stream : new boolean[] { true, false }) {
					final Object px = pixels(type, PIXELS);
					final byte[] raw = littleEndian(type, px);
					final CellCodec.Encoded e = CellCodec.encode(type, px, codec, stream);
					final String what = type + " " + codec + (stream ? " streamed" : " held");
					final byte[] bytes = stored(e);
					assertEquals(bytes.length, e.length(), what);
					assertEquals(crc(raw), e.crc, what + ": the CRC of the raw bytes");
					if (!e.compressed) assertArrayEquals(raw, bytes, what + ": raw, little endian");
					else assertTrue(bytes.length < raw.length, what + ": compressed is smaller");
					for (final int chunk : new int[] { 8, 24, 64 * 1024 }) {
						final Object back = decode(type, PIXELS, bytes, e.compressed, e.crc, chunk);
						assertArrayEquals(raw, littleEndian(type, back), what + " through " + chunk + " bytes");
					}
				}
	}

	@Test
	void eachCompressedCellNamesItsFormByItsFirstBytes() throws IOException {
		final Object px = pixels(PixelType.UINT16, PIXELS);
		assertEquals(0x78, stored(CellCodec.encode(PixelType.UINT16, px, Compression.DEFLATE, true))[0] & 0xff,
			"zlib");
		assertEquals('L', stored(CellCodec.encode(PixelType.UINT16, px, Compression.LZ4, true))[0]);
		final byte[] z = stored(CellCodec.encode(PixelType.UINT16, px, Compression.ZSTD, true));
		assertEquals('Z', z[0]);
		assertEquals(2, z[1], "uint16: the difference of 2-byte integers");
		assertEquals(1, stored(CellCodec.encode(PixelType.INT8, pixels(PixelType.INT8, PIXELS), Compression.ZSTD,
			true))[1], "int8: of bytes");
		assertEquals(0, stored(CellCodec.encode(PixelType.FLOAT32, new float[PIXELS], Compression.ZSTD, true))[1],
			"float32: no filter");
		for (final Compression codec : Compression.values())
			assertEquals(codec != Compression.NONE, CellCodec.encode(PixelType.UINT16, px, codec, true).compressed,
				codec.toString());
	}

	@Test
	void aCellThatDoesNotShrinkIsStoredRawWhateverTheCodec() throws IOException {
		final byte[] noise = new byte[4096];
		new java.util.Random(1).nextBytes(noise);
		for (final Compression codec : new Compression[] { Compression.LZ4, Compression.ZSTD }) {
			final CellCodec.Encoded e = CellCodec.encode(PixelType.UINT8, noise.clone(), codec, true);
			assertFalse(e.compressed, codec.toString());
			assertArrayEquals(noise, stored(e), codec + ": raw");
			assertArrayEquals(noise, (byte[]) decode(PixelType.UINT8, noise.length, stored(e), false, e.crc, 100));
		}
		final CellCodec.Encoded one = CellCodec.encode(PixelType.UINT8, new byte[] { 5 }, Compression.LZ4, true);
		assertFalse(one.compressed, "one byte never shrinks");
		assertArrayEquals(new byte[] { 5 }, stored(one));
	}

	@Test
	void streamedCellsHoldNothingAndHeldOnesHoldTheirBytes() throws IOException {
		final float[] px = (float[]) pixels(PixelType.FLOAT32, 10);
		final CellCodec.Encoded streamed = CellCodec.encode(PixelType.FLOAT32, px, Compression.NONE, true);
		assertNull(streamed.heldBytes());
		assertEquals(40, streamed.length());
		assertFalse(streamed.intact(), "nothing read yet");
		final CellCodec.Encoded held = CellCodec.encode(PixelType.FLOAT32, px, Compression.NONE, false);
		assertArrayEquals(littleEndian(PixelType.FLOAT32, px), held.heldBytes());
		assertEquals(streamed.crc, held.crc);
		assertTrue(held.intact());
		final CellCodec.Encoded packed = CellCodec.encode(PixelType.FLOAT32, new float[1000], Compression.DEFLATE,
			true);
		assertArrayEquals(packed.heldBytes(), stored(packed));
		assertEquals(packed.heldBytes().length, packed.length());
		final CellCodec.Encoded again = packed.snapshot();
		assertArrayEquals(new float[1000], (float[]) decode(PixelType.FLOAT32, 1000, stored(again), true, again.crc,
			64));
	}

	@Test
	void rawBytesTooFewTooManyOrChangedAreDamageNamingTheCell() {
		final byte[] raw = littleEndian(PixelType.INT16, pixels(PixelType.INT16, 100));
		final long crc = crc(raw);
		assertEquals("cell 3 of plane 7 is damaged: it has 198 bytes where 200 belong", damage(PixelType.INT16, 100,
			Arrays.copyOf(raw, 198), false, crc));
		assertEquals("cell 3 of plane 7 is damaged: it has 0 bytes where 200 belong", damage(PixelType.INT16, 100,
			new byte[0], false, crc));
		assertEquals("cell 3 of plane 7 is damaged: it has more bytes than the 200 that belong", damage(
			PixelType.INT16, 100, Arrays.copyOf(raw, 201), false, crc));
		final byte[] flipped = raw.clone();
		flipped[150] ^= 4;
		assertEquals("cell 3 of plane 7 is damaged: its checksum is " + Long.toHexString(crc(flipped)) +
			", saved as " + Long.toHexString(crc), damage(PixelType.INT16, 100, flipped, false, crc));
	}

	@Test
	void compressedBytesThatDoNotDecodeOrCheckAreDamage() throws IOException {
		final Object px = pixels(PixelType.UINT16, PIXELS);
		final long crc = crc(littleEndian(PixelType.UINT16, px));
		assertEquals("cell 3 of plane 7 is damaged: it has no bytes", damage(PixelType.UINT16, PIXELS, new byte[0],
			true, crc));
		assertEquals("cell 3 of plane 7 is damaged: its stored form is unknown (it begins with byte 200)", damage(
			PixelType.UINT16, PIXELS, new byte[] { (byte) 200, 1, 2, 3 }, true, crc));
		assertEquals("cell 3 of plane 7 is damaged: its stored form is unknown (it begins with byte 90)", damage(
			PixelType.UINT16, PIXELS, new byte[] { 'Z' }, true, crc), "a mark alone");
		for (final Compression codec : new Compression[] { Compression.DEFLATE, Compression.LZ4,
			Compression.ZSTD })
		{
			final byte[] good = stored(CellCodec.encode(PixelType.UINT16, px, codec, true));
			assertArrayEquals((short[]) px, (short[]) decode(PixelType.UINT16, PIXELS, good, true, crc, 64));
			assertTrue(damage(PixelType.UINT16, PIXELS, good, true, crc ^ 1).contains("its checksum is " + Long
				.toHexString(crc) + ", saved as " + Long.toHexString(crc ^ 1)), codec + ": a wrong CRC");
			final byte[] cut = Arrays.copyOf(good, good.length / 2);
			assertTrue(damage(PixelType.UINT16, PIXELS, cut, true, crc).startsWith("cell 3 of plane 7 is damaged: "),
				codec + ": cut in half");
			final byte[] bad = good.clone();
			bad[good.length / 2] ^= 0x5a;
			bad[good.length / 2 + 1] ^= 0x33;
			assertTrue(damage(PixelType.UINT16, PIXELS, bad, true, crc).startsWith("cell 3 of plane 7 is damaged: "),
				codec + ": changed in the middle");
		}
	}

	@Test
	void aCompressedCellLongerThanAnyCompressionOfItsPixelsIsDamage() throws IOException {
		final byte[] good = stored(CellCodec.encode(PixelType.UINT8, new byte[64], Compression.LZ4, true));
		final byte[] longer = Arrays.copyOf(good, FastCodecs.mostPacked(64) + 1);
		assertEquals("cell 3 of plane 7 is damaged: it has more bytes than a compressed cell of 64 bytes can",
			damage(PixelType.UINT8, 64, longer, true, crc(new byte[64])));
		final byte[] most = Arrays.copyOf(good, FastCodecs.mostPacked(64));
		assertFalse(damage(PixelType.UINT8, 64, most, true, crc(new byte[64])).contains("more bytes than"),
			"as long as it can be: decoded, and found wrong for other reasons");
		final byte[] zLonger = stored(CellCodec.encode(PixelType.UINT16, new short[32], Compression.ZSTD, true));
		assertTrue(damage(PixelType.UINT16, 32, Arrays.copyOf(zLonger, zLonger.length + 1), true, crc(new byte[64]))
			.startsWith("cell 3 of plane 7 is damaged: "), "zstd with a byte more");
	}

	@Test
	void theDifferenceFilterKeepsEveryValueAndWrapsAround() {
		final byte[] b = { 10, 5, (byte) 250, 3 };
		FastCodecs.difference(b, 4, 1);
		assertArrayEquals(new byte[] { 10, -5, (byte) 245, 9 }, b);
		FastCodecs.undoDifference(b, 4, 1);
		assertArrayEquals(new byte[] { 10, 5, (byte) 250, 3 }, b);
		final byte[] s = littleEndian(PixelType.UINT16, new short[] { 1000, 998, (short) 65535, 0, 7 });
		final byte[] d = s.clone();
		FastCodecs.difference(d, d.length, 2);
		assertArrayEquals(littleEndian(PixelType.UINT16, new short[] { 1000, -2, (short) (65535 - 998), 1, 7 }), d);
		FastCodecs.undoDifference(d, d.length, 2);
		assertArrayEquals(s, d);
		final byte[] odd = { 1, 2, 3, 4, 5 };
		FastCodecs.difference(odd, 4, 1);
		assertArrayEquals(new byte[] { 1, 1, 1, 1, 5 }, odd, "only the first n bytes");
		final byte[] none = { 9, 8, 7 };
		FastCodecs.difference(none, 3, 0);
		FastCodecs.undoDifference(none, 3, 0);
		assertArrayEquals(new byte[] { 9, 8, 7 }, none, "filter 0: unchanged");
	}

	@Test
	void cellsOfEverySizeCodeThroughTheReusedScratchArrays() throws IOException {
		for (final int n : new int[] { 4096, 16, 70_000, 100, 30_000, 2 }) // larger and smaller than those kept
			for (final Compression codec : new Compression[] { Compression.LZ4, Compression.ZSTD }) {
				final short[] px = new short[n];
				for (int i = 0; i < n; i++)
					px[i] = (short) (i / 3);
				final CellCodec.Encoded e = CellCodec.encode(PixelType.UINT16, px, codec, true);
				assertArrayEquals(px, (short[]) decode(PixelType.UINT16, n, stored(e), e.compressed, e.crc, 64), codec +
					" " + n);
			}
	}

	@Test
	void compressedFormsThatDecodeToTheWrongSizeOrNotAtAllAreDamage() throws IOException {
		for (final Compression codec : new Compression[] { Compression.LZ4, Compression.ZSTD }) {
			final byte[] of32 = stored(CellCodec.encode(PixelType.UINT8, new byte[32], codec, true));
			assertEquals("cell 3 of plane 7 is damaged: it decodes to 32 bytes where 64 belong", damage(PixelType.UINT8,
				64, of32, true, crc(new byte[64])), codec.toString());
		}
		assertTrue(damage(PixelType.UINT8, 64, new byte[] { 'Z', 0, 1, 2, 3, 4, 5, 6 }, true, 0).startsWith(
			"cell 3 of plane 7 is damaged: its compressed bytes do not decode ("), "not a Zstandard frame");
		assertEquals("cell 3 of plane 7 is damaged: its stored form is unknown (it begins with byte 0)", damage(
			PixelType.UINT8, 64, new byte[] { 0, 1 }, true, 0));
		assertEquals("cell 3 of plane 7 is damaged: its stored form is unknown (it begins with byte 90)", damage(
			PixelType.UINT8, 64, new byte[] { 'Z', 3, 1 }, true, 0), "a filter that does not exist");
	}

	@Test
	void aDecodedCellsArrayIsItsOwnWhateverIsCodedAfter() throws IOException {
		for (final PixelType type : new PixelType[] { PixelType.UINT8, PixelType.UINT16 }) {
			final Object px = pixels(type, PIXELS);
			final byte[] raw = littleEndian(type, px);
			final CellCodec.Encoded e = CellCodec.encode(type, px, Compression.LZ4, true);
			for (int i = 0; i < 8; i++) // other threads coding cells now hold every scratch array kept for reuse
				FastCodecs.borrow(1);
			final Object cell = decode(type, PIXELS, stored(e), true, e.crc, 64);
			for (int i = 0; i < 20; i++) { // then more cells are coded than scratch arrays are kept, each other pixels
				final byte[] other = new byte[100];
				java.util.Arrays.fill(other, (byte) (i + 1));
				final CellCodec.Encoded o = CellCodec.encode(PixelType.UINT8, other, Compression.LZ4, true);
				decode(PixelType.UINT8, other.length, stored(o), true, o.crc, 64);
			}
			assertArrayEquals(raw, littleEndian(type, cell), type + ": the cell read first is unchanged");
		}
	}
}
