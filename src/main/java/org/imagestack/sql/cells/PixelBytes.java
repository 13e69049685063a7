package org.imagestack.sql.cells;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import org.imagestack.PixelType;

/**
 * A cell's pixels as the bytes stored for it (little endian, one byte per bool, see {@link CellCodec}), encoded as
 * they are read, straight into the reader's buffer: writing a cell to the database allocates nothing the size of the
 * cell. It keeps the CRC-32 of what it gave, so that a writer can tell whether the pixels changed meanwhile.
 */
final class PixelBytes extends InputStream {

	private final PixelType type;
	private final Object array;
	private final int bytesPerPixel;
	private final int pixels;
	private int next; // the next pixel to encode
	private final ByteBuffer partial; // one pixel, for reads shorter than a pixel
	private int partialLeft;
	private final CRC32 given = new CRC32();
	private final byte[] one = new byte[1];

	/**
	 * @param type the cell's pixel type
	 * @param array its pixels ({@code boolean[]}, {@code byte[]}, … {@code double[]})
	 */
	PixelBytes(final PixelType type, final Object array) {
		this.type = type;
		this.array = array;
		this.bytesPerPixel = type.bytesPerPixel();
		this.pixels = java.lang.reflect.Array.getLength(array);
		this.partial = ByteBuffer.allocate(bytesPerPixel).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** @return how many bytes the stream gives in all */
	long length() {
		return (long) pixels * bytesPerPixel;
	}

	/** @return the CRC-32 of the bytes (encoded once more, through a small buffer) */
	long crc() {
		final PixelBytes again = new PixelBytes(type, array);
		final byte[] chunk = new byte[(int) Math.min(8 * 1024, Math.max(8, length()))]; // CRC32 is as fast in 8 KiB
		while (again.read(chunk, 0, chunk.length) > 0) {
			// the stream keeps the CRC of what it gave
		}
		return again.given.getValue();
	}

	/** @return the CRC-32 of the bytes read so far when all were read, else -1 */
	long readToEndWithCrc() {
		return next == pixels && partialLeft == 0 ? given.getValue() : -1;
	}

	@Override
	public int read() {
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(final byte[] b, final int off, final int len) {
		if (len == 0) return 0;
		if (partialLeft > 0) { // the rest of a pixel split by an earlier short read
			final int k = Math.min(len, partialLeft);
			System.arraycopy(partial.array(), bytesPerPixel - partialLeft, b, off, k);
			given.update(b, off, k);
			partialLeft -= k;
			return k;
		}
		if (next == pixels) return -1;
		final int whole = Math.min(len / bytesPerPixel, pixels - next);
		if (whole == 0) { // shorter than a pixel: encode one, hand out its first bytes
			CellCodec.put(partial, type, array, next++, 1);
			partialLeft = bytesPerPixel;
			return read(b, off, len);
		}
		CellCodec.put(ByteBuffer.wrap(b, off, whole * bytesPerPixel).slice().order(ByteOrder.LITTLE_ENDIAN), type,
			array, next, whole);
		next += whole;
		given.update(b, off, whole * bytesPerPixel);
		return whole * bytesPerPixel;
	}
}
