package org.imagestack.sql;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.imagestack.PixelType;

/**
 * A cell's pixels as bytes: little endian, one byte per bool, X fastest, with a CRC-32 of those bytes (kept per cell
 * because H2 keeps no checksum of its own data pages), optionally deflate-compressed (level 1). A cell is at most a
 * few MiB: its bytes are one array, never a stream.
 */
final class CellCodec {

	private CellCodec() {}

	/** A cell as stored: its payload (raw or compressed) and the CRC-32 of the raw bytes. */
	static final class Encoded {

		final byte[] payload;
		final long crc;
		final boolean compressed;

		Encoded(final byte[] payload, final long crc, final boolean compressed) {
			this.payload = payload;
			this.crc = crc;
			this.compressed = compressed;
		}
	}

	/**
	 * @param type the cell's pixel type
	 * @param array its pixels ({@code boolean[]}, {@code byte[]}, … {@code double[]})
	 * @param compress whether to deflate the bytes
	 * @return the stored form
	 */
	static Encoded encode(final PixelType type, final Object array, final boolean compress) {
		final int n = java.lang.reflect.Array.getLength(array);
		final ByteBuffer buf = ByteBuffer.allocate(n * type.bytesPerPixel()).order(ByteOrder.LITTLE_ENDIAN);
		put(buf, type, array, 0, n);
		final CRC32 crc = new CRC32();
		crc.update(buf.array());
		return new Encoded(compress ? deflate(buf.array()) : buf.array(), crc.getValue(), compress);
	}

	/**
	 * @param type the cell's pixel type
	 * @param pixels number of pixels in the cell
	 * @param payload the stored bytes
	 * @param compressed whether they are deflated
	 * @param expectedCrc the CRC-32 saved with them
	 * @param where names the cell for an error message
	 * @return a new primitive array of the cell's pixels
	 * @throws CorruptDatabaseException when the bytes do not match their CRC or length
	 */
	static Object decode(final PixelType type, final int pixels, final byte[] payload, final boolean compressed,
		final long expectedCrc, final String where)
	{
		final int length = pixels * type.bytesPerPixel();
		final byte[] raw = compressed ? inflate(payload, length, where) : payload;
		if (raw.length != length) throw new org.imagestack.CorruptDatabaseException(where + " is damaged: " +
			raw.length + " bytes stored where " + length + " belong", null);
		final CRC32 crc = new CRC32();
		crc.update(raw);
		if (crc.getValue() != expectedCrc) throw new org.imagestack.CorruptDatabaseException(where +
			" is damaged: its checksum is " + Long.toHexString(crc.getValue()) + ", saved as " + Long.toHexString(
				expectedCrc), null);
		final Object array = newArray(type, pixels);
		get(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN), type, array, 0, pixels);
		return array;
	}

	/** @return a new zero-filled primitive array for {@code n} pixels of a type */
	static Object newArray(final PixelType type, final int n) {
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

	private static byte[] inflate(final byte[] payload, final int length, final String where) {
		final Inflater inflater = new Inflater();
		try {
			inflater.setInput(payload);
			final byte[] raw = new byte[length];
			int done = 0;
			while (done < length && !inflater.finished()) {
				final int k = inflater.inflate(raw, done, length - done);
				if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
				done += k;
			}
			if (done != length || !inflater.finished()) throw new org.imagestack.CorruptDatabaseException(where +
				" is damaged: its compressed bytes end early", null);
			return raw;
		}
		catch (final DataFormatException e) {
			throw new org.imagestack.CorruptDatabaseException(where + " is damaged: " + e.getMessage(), e);
		}
		finally {
			inflater.end();
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
	static void get(final ByteBuffer buf, final PixelType type, final Object a, final int off, final int n) {
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
