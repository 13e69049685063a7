package org.imagestack.sql.cells;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;

/**
 * A cell's pixels as bytes: little endian, one byte per bool, X fastest, with a CRC-32 of those bytes (kept per cell
 * because H2 keeps no checksum of its own data pages), optionally compressed by the stack's {@link Compression}
 * (deflate level 1, LZ4 or Zstandard: see {@link FastCodecs} for how a stored cell names its form). The CRC covers
 * the raw bytes, whatever the codec: it is checked after decoding, so damage anywhere (in the stored bytes, the
 * decoder, the difference filter) reads as a {@link CorruptDatabaseException}, never as other pixels. A cell is at
 * most a few hundred KiB: it is encoded as it streams into an embedded database (into one array when compressed or
 * sent to a server), and decoded as it streams from any (an LZ4 or Zstandard cell: read whole, then decoded).
 */
public final class CellCodec {

	private CellCodec() {}

	/**
	 * A cell as stored: its bytes and the CRC-32 of the raw bytes. Raw bytes are encoded from the cell's array as they
	 * are stored; compressed ones (and a snapshot) are held as an array.
	 */
	public static final class Encoded {

		private final PixelType type;
		private final Object array;
		private final Compression codec;
		private final byte[] held;
		private PixelBytes streamed;
		public final long crc;
		public final boolean compressed;

		private Encoded(final PixelType type, final Object array, final Compression codec, final byte[] held,
			final long crc, final boolean compressed)
		{
			this.type = type;
			this.array = array;
			this.codec = codec;
			this.held = held;
			this.crc = crc;
			this.compressed = compressed;
		}

		/** @return the bytes to store (a new stream each time) */
		public InputStream bytes() {
			if (held != null) return new java.io.ByteArrayInputStream(held);
			streamed = new PixelBytes(type, array);
			return streamed;
		}

		/** @return how many bytes {@link #bytes()} gives */
		public long length() {
			return held != null ? held.length : (long) java.lang.reflect.Array.getLength(array) * type.bytesPerPixel();
		}

		/**
		 * @return whether the bytes last given out by {@link #bytes()} were all read and match the CRC: false when the
		 *         cell's pixels were changed while they were being stored
		 */
		public boolean intact() {
			return held != null || streamed != null && streamed.readToEndWithCrc() == crc;
		}

		/** @return the same cell encoded into an array once (to store again when it was not {@link #intact()}) */
		public Encoded snapshot() {
			return encodeHeld(type, array, codec);
		}

		/** @return the bytes when they are held in an array, else null (they stream: {@link #bytes()}) */
		public byte[] heldBytes() {
			return held;
		}
	}

	/**
	 * @param type the cell's pixel type
	 * @param array its pixels ({@code boolean[]}, {@code byte[]}, … {@code double[]})
	 * @param codec how to compress the bytes
	 * @param stream whether raw bytes may be encoded as they are stored (nothing the size of the cell is allocated),
	 *          else they are encoded into an array once
	 * @return the stored form
	 */
	public static Encoded encode(final PixelType type, final Object array, final Compression codec,
		final boolean stream)
	{
		return codec != Compression.NONE || !stream ? encodeHeld(type, array, codec) : new Encoded(type, array, codec,
			null, new PixelBytes(type, array).crc(), false);
	}

	private static Encoded encodeHeld(final PixelType type, final Object array, final Compression codec) {
		if (codec == Compression.LZ4 || codec == Compression.ZSTD) return encodeFast(type, array, codec);
		final int n = java.lang.reflect.Array.getLength(array);
		final ByteBuffer buf = ByteBuffer.allocate(n * type.bytesPerPixel()).order(ByteOrder.LITTLE_ENDIAN);
		put(buf, type, array, 0, n);
		final CRC32 crc = new CRC32();
		crc.update(buf.array());
		final long sum = crc.getValue();
		switch (codec) {
			case NONE:
				return new Encoded(type, array, codec, buf.array(), sum, false);
			case DEFLATE:
				return new Encoded(type, array, codec, deflate(buf.array()), sum, true);
			default:
				throw new IllegalArgumentException(codec.toString());
		}
	}

	/** An LZ4 or Zstandard cell: its raw bytes in a scratch array, their CRC, then its stored form. */
	private static Encoded encodeFast(final PixelType type, final Object array, final Compression codec) {
		final int n = java.lang.reflect.Array.getLength(array), length = n * type.bytesPerPixel();
		final byte[] raw = FastCodecs.borrow(length);
		try {
			final ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
			put(buf, type, array, 0, n);
			final CRC32 crc = new CRC32();
			crc.update(raw, 0, length);
			final byte[] packed = FastCodecs.pack(codec, type, raw, length);
			if (packed != null) return new Encoded(type, array, codec, packed, crc.getValue(), true);
		}
		finally {
			FastCodecs.giveBack(raw);
		}
		return encodeHeld(type, array, Compression.NONE); // no smaller: stored raw
	}

	/**
	 * Decodes a cell as its stored bytes stream in, a chunk at a time through {@code chunk}: the stored bytes are never
	 * held whole (a cell is read with one allocation, its own array).
	 *
	 * @param type the cell's pixel type
	 * @param pixels number of pixels in the cell
	 * @param stored the stored bytes (raw or compressed)
	 * @param compressed whether they are compressed (their first byte says how: {@link FastCodecs})
	 * @param expectedCrc the CRC-32 saved with them
	 * @param chunk a buffer to read through (its length a multiple of 8)
	 * @param where names the cell for an error message
	 * @return a new primitive array of the cell's pixels
	 * @throws CorruptDatabaseException when the bytes do not match their CRC or length
	 */
	public static Object decode(final PixelType type, final int pixels, final InputStream stored, final boolean compressed,
		final long expectedCrc, final byte[] chunk, final java.util.function.Supplier<String> where) throws IOException
	{
		if (!compressed) return decodeStream(type, pixels, stored, null, expectedCrc, chunk, where);
		final int length = pixels * type.bytesPerPixel();
		final int first = stored.read();
		if (first == FastCodecs.ZLIB_MARK) return decodeStream(type, pixels, new java.io.SequenceInputStream(
			new java.io.ByteArrayInputStream(new byte[] { FastCodecs.ZLIB_MARK }), stored), new Inflater(), expectedCrc,
			chunk, where);
		if (first < 0) throw damaged(where, "it has no bytes");
		// an LZ4 or Zstandard cell: read whole into a scratch array (at most a little more than its raw size: more is
		// damage), decoded straight into the cell's array (bytes) or through a scratch array (other types)
		final int most = FastCodecs.mostPacked(length);
		final byte[] packed = FastCodecs.borrow(most + 1);
		final boolean bytes = type == PixelType.UINT8 || type == PixelType.INT8;
		final byte[] raw = bytes ? (byte[]) newArray(type, pixels) : FastCodecs.borrow(length);
		try {
			packed[0] = (byte) first;
			final int got = 1 + stored.readNBytes(packed, 1, most);
			if (got > most) throw damaged(where, "it has more bytes than a compressed cell of " + length + " bytes can");
			final String why = FastCodecs.unpack(packed, got, raw, length);
			if (why != null) throw damaged(where, why);
			final CRC32 crc = new CRC32();
			crc.update(raw, 0, length);
			if (crc.getValue() != expectedCrc) throw damaged(where, "its checksum is " + Long.toHexString(crc
				.getValue()) + ", saved as " + Long.toHexString(expectedCrc));
			if (bytes) return raw;
			final Object array = newArray(type, pixels);
			get(ByteBuffer.wrap(raw, 0, length).order(ByteOrder.LITTLE_ENDIAN), type, array, 0, pixels);
			return array;
		}
		finally {
			FastCodecs.giveBack(packed);
			if (!bytes) FastCodecs.giveBack(raw);
		}
	}

	/** Decodes raw or deflated bytes as they stream in ({@code inflater} null: raw). */
	private static Object decodeStream(final PixelType type, final int pixels, final InputStream stored,
		final Inflater inflater, final long expectedCrc, final byte[] chunk,
		final java.util.function.Supplier<String> where) throws IOException
	{
		try {
			final InputStream in = inflater != null ? new InflaterInputStream(stored, inflater, chunk.length) : stored;
			final int bytesPerPixel = type.bytesPerPixel(), length = pixels * bytesPerPixel;
			final Object array = newArray(type, pixels);
			final CRC32 crc = new CRC32();
			int done = 0;
			while (done < length) {
				final int want = Math.min(chunk.length, length - done);
				final int got = readFully(in, chunk, want, where);
				if (got < want) throw damaged(where, "it has " + (done + got) + " bytes where " + length + " belong");
				crc.update(chunk, 0, got);
				get(ByteBuffer.wrap(chunk, 0, got).order(ByteOrder.LITTLE_ENDIAN), type, array, done / bytesPerPixel, got /
					bytesPerPixel);
				done += got;
			}
			if (readFully(in, chunk, 1, where) != 0) throw damaged(where, "it has more bytes than the " + length +
				" that belong");
			if (crc.getValue() != expectedCrc) throw damaged(where, "its checksum is " + Long.toHexString(crc
				.getValue()) + ", saved as " + Long.toHexString(expectedCrc));
			return array;
		}
		finally {
			if (inflater != null) inflater.end();
		}
	}

	/** @return how many of {@code n} bytes could be read (fewer only at the end of the stream) */
	private static int readFully(final InputStream in, final byte[] buf, final int n,
		final java.util.function.Supplier<String> where)
		throws IOException
	{
		try {
			return in.readNBytes(buf, 0, n);
		}
		catch (final java.util.zip.ZipException | java.io.EOFException e) { // deflated bytes that do not inflate, or
			// end before their deflate stream does (cut short)
			throw damaged(where, e.getMessage());
		}
	}

	private static CorruptDatabaseException damaged(final java.util.function.Supplier<String> where,
		final String why)
	{
		return new CorruptDatabaseException(where.get() + " is damaged: " + why, null);
	}

	/** @return a new zero-filled primitive array for {@code n} pixels of a type */
	public static Object newArray(final PixelType type, final int n) {
		return org.imagestack.convert.Planes.newArray(type, n);
	}


	private static byte[] deflate(final byte[] raw) {
		final Deflater deflater = new Deflater(1);
		try {
			deflater.setInput(raw);
			deflater.finish();
			final ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
			final byte[] chunk = new byte[64 * 1024];
			while (!deflater.finished())
				out.write(chunk, 0, deflater.deflate(chunk));
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	/** Puts pixels {@code off .. off+n-1} of an array into a little-endian buffer at its position 0. */
	static void put(final ByteBuffer buf, final PixelType type, final Object a, final int off, final int n) {
		switch (type) {
			case BOOL: {
				final boolean[] s = (boolean[]) a;
				for (int i = 0; i < n; i++) buf.put(i, (byte) (s[off + i] ? 1 : 0));
				return;
			}
			case UINT8:
			case INT8:
				buf.put((byte[]) a, off, n);
				return;
			case UINT16:
			case INT16:
				buf.asShortBuffer().put((short[]) a, off, n);
				return;
			case UINT32:
			case INT32:
				buf.asIntBuffer().put((int[]) a, off, n);
				return;
			case UINT64:
			case INT64:
				buf.asLongBuffer().put((long[]) a, off, n);
				return;
			case FLOAT32:
				buf.asFloatBuffer().put((float[]) a, off, n);
				return;
			default:
				buf.asDoubleBuffer().put((double[]) a, off, n);
		}
	}

	/** Reads {@code n} pixels from a little-endian buffer (from its position) into an array at {@code off}. */
	public static void get(final ByteBuffer buf, final PixelType type, final Object a, final int off, final int n) {
		switch (type) {
			case BOOL: {
				final boolean[] d = (boolean[]) a;
				final int p = buf.position();
				for (int i = 0; i < n; i++) d[off + i] = buf.get(p + i) != 0;
				return;
			}
			case UINT8:
			case INT8:
				buf.get((byte[]) a, off, n);
				return;
			case UINT16:
			case INT16:
				buf.asShortBuffer().get((short[]) a, off, n);
				return;
			case UINT32:
			case INT32:
				buf.asIntBuffer().get((int[]) a, off, n);
				return;
			case UINT64:
			case INT64:
				buf.asLongBuffer().get((long[]) a, off, n);
				return;
			case FLOAT32:
				buf.asFloatBuffer().get((float[]) a, off, n);
				return;
			default:
				buf.asDoubleBuffer().get((double[]) a, off, n);
		}
	}
}
