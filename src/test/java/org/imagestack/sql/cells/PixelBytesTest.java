package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/** A cell's bytes as they are encoded while the database reads them, and the check that they did not change meanwhile. */
class PixelBytesTest {

	/** @return every byte of the stream, read {@code step} bytes at a time */
	private static byte[] readAll(final InputStream in, final int step) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final byte[] buf = new byte[step];
		for (int n; (n = in.read(buf, 0, step)) >= 0;)
			out.write(buf, 0, n);
		return out.toByteArray();
	}

	@Test
	void givesTheLittleEndianBytesOfEveryTypeInReadsOfAnyLength() throws IOException {
		final double[] d = { 1.5, -2.25, Double.NaN, 1e300, 0 };
		final ByteBuffer expected = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (final double v : d)
			expected.putDouble(v);
		for (final int step : new int[] { 1, 3, 7, 8, 13, 1000 })
			assertArrayEquals(expected.array(), readAll(new PixelBytes(PixelType.FLOAT64, d), step), "reads of " + step);
		assertArrayEquals(new byte[] { 1, 0, 1 }, readAll(new PixelBytes(PixelType.BOOL, new boolean[] { true, false,
			true }), 2));
		assertArrayEquals(new byte[] { 1, 0, 2, 1 }, readAll(new PixelBytes(PixelType.UINT16, new short[] { 1, 258 }),
			3));
		final CRC32 crc = new CRC32();
		crc.update(expected.array());
		assertEquals(crc.getValue(), new PixelBytes(PixelType.FLOAT64, d).crc());
		assertEquals(40, new PixelBytes(PixelType.FLOAT64, d).length());
	}

	@Test
	void aCellChangedWhileItIsStoredIsToldAndStoredAgainFromASnapshot() throws IOException {
		final float[] px = new float[100];
		final CellCodec.Encoded cell = CellCodec.encode(PixelType.FLOAT32, px, org.imagestack.Compression.NONE, true);
		readAll(cell.bytes(), 64);
		assertTrue(cell.intact(), "unchanged: stored as encoded");
		final InputStream in = cell.bytes();
		in.read(new byte[64]);
		px[90] = 3; // a writer, while the database reads the bytes
		readAll(in, 64);
		assertFalse(cell.intact(), "the bytes stored do not match the CRC stored with them");
		final CellCodec.Encoded again = cell.snapshot();
		final CRC32 crc = new CRC32();
		crc.update(readAll(again.bytes(), 1000));
		assertEquals(crc.getValue(), again.crc, "the snapshot's bytes and CRC agree");
		assertTrue(again.intact());
		final CellCodec.Encoded sent = CellCodec.encode(PixelType.FLOAT32, px, org.imagestack.Compression.NONE, false); // what a server gets
		assertTrue(sent.intact(), "bytes held in an array are stored as they are: written once");
		assertEquals(400, sent.heldBytes().length);
		final CellCodec.Encoded cut = CellCodec.encode(PixelType.FLOAT32, px, org.imagestack.Compression.NONE, true);
		cut.bytes().read(new byte[8]);
		assertFalse(cut.intact(), "not all bytes were read");
	}

	@Test
	void readsOneByteAtATimeUnsignedThenTheEndAndNothingForAnEmptyRead() {
		final PixelBytes in = new PixelBytes(PixelType.INT16, new short[] { -2, 0x1234 });
		assertEquals(0, in.read(new byte[4], 0, 0), "no bytes asked for");
		final int[] got = new int[5];
		for (int i = 0; i < 5; i++)
			got[i] = in.read();
		assertArrayEquals(new int[] { 0xfe, 0xff, 0x34, 0x12, -1 }, got);
		assertEquals(-1, in.read(new byte[4], 0, 4));
	}

	@Test
	void aCellReadOneByteAtATimeIsStillKnownIntact() throws IOException {
		final CellCodec.Encoded cell = CellCodec.encode(PixelType.INT32, new int[] { 1, -7, 1 << 30 },
			org.imagestack.Compression.NONE, true);
		final InputStream in = cell.bytes();
		while (in.read() >= 0) {
			// as a database may read a stream
		}
		assertTrue(cell.intact(), "every byte given, in reads shorter than a pixel, is in the CRC");
	}

	@Test
	void theCrcCoversCellsLargerThanOneBufferAndCellsOfOneByte() {
		final long[] big = new long[5000]; // 40,000 bytes: several buffers
		for (int i = 0; i < big.length; i++)
			big[i] = i * 0x0101010101L;
		final ByteBuffer b = ByteBuffer.allocate(big.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		for (final long v : big)
			b.putLong(v);
		final CRC32 crc = new CRC32();
		crc.update(b.array());
		assertEquals(crc.getValue(), new PixelBytes(PixelType.INT64, big).crc());
		final CRC32 one = new CRC32();
		one.update(1);
		assertEquals(one.getValue(), new PixelBytes(PixelType.BOOL, new boolean[] { true }).crc());
	}
}
