package org.imagestack.sql;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.convert.Planes;

/**
 * A plane's pixels as bytes: little endian, one byte per bool, X fastest. Encoding and decoding stream through a
 * 64 KiB buffer (a 16 MiB plane is never held twice), computing a CRC-32 on the way, which the store keeps per plane
 * because H2 keeps no checksum on LOB pages.
 */
final class PlaneCodec {

	private static final int CHUNK = 64 * 1024;

	private PlaneCodec() {}

	/** @return the dimensions as stored: {@code "1600,1200"} */
	static String dimsText(final long[] dims) {
		return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(","));
	}

	static long[] parseDims(final String text) {
		return Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
	}

	/** @return bytes of a plane's payload */
	static long payloadBytes(final PixelType type, final long[] dims) {
		long n = type.bytesPerPixel();
		for (final long d : dims)
			n *= d;
		return n;
	}

	/**
	 * @return a stream of the plane's payload, encoded a chunk at a time from its array; its {@code crc()} is the
	 *         payload's CRC-32 once the stream has been read to its end
	 */
	static Encoder encode(final Img<? extends RealType<?>> plane) {
		final ArrayImg<?, ?> img = Planes.asArrayImg(plane);
		return new Encoder(PixelType.of(img), Planes.storage(img), (int) img.size());
	}

	/**
	 * Reads a payload straight into a new array image.
	 *
	 * @param in the payload
	 * @param type the plane's type
	 * @param dims its dimensions
	 * @param crc receives the payload's CRC-32
	 * @return the plane
	 * @throws IOException when the stream fails or ends early
	 */
	static Img<? extends RealType<?>> decode(final InputStream in, final PixelType type, final long[] dims,
		final CRC32 crc) throws IOException
	{
		final ArrayImg<?, ?> img = type.createImg(dims);
		final Object array = Planes.storage(img);
		final int n = (int) img.size();
		final int bpp = type.bytesPerPixel();
		final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
		for (int done = 0; done < n;) {
			final int count = Math.min(CHUNK / bpp, n - done);
			readFully(in, buf.array(), count * bpp);
			crc.update(buf.array(), 0, count * bpp);
			buf.clear();
			get(buf, type, array, done, count);
			done += count;
		}
		@SuppressWarnings("unchecked")
		final Img<? extends RealType<?>> plane = (Img<? extends RealType<?>>) img;
		return plane;
	}

	private static void readFully(final InputStream in, final byte[] b, final int len) throws IOException {
		for (int off = 0; off < len;) {
			final int r = in.read(b, off, len - off);
			if (r < 0) throw new EOFException("plane data ends " + (len - off) + " bytes early");
			off += r;
		}
	}

	private static void get(final ByteBuffer buf, final PixelType type, final Object a, final int off, final int n) {
		switch (type) {
			case BOOL: {
				final boolean[] d = (boolean[]) a;
				for (int i = 0; i < n; i++) d[off + i] = buf.get(i) != 0;
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

	/** Encodes pixels into little-endian bytes a chunk at a time, on demand, computing their CRC-32. */
	static final class Encoder extends InputStream {

		private final PixelType type;
		private final Object array;
		private final int n;
		private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
		private int next; // next pixel to encode
		private final CRC32 crc = new CRC32();

		Encoder(final PixelType type, final Object array, final int n) {
			this.type = type;
			this.array = array;
			this.n = n;
			buf.limit(0);
		}

		private boolean fill() {
			if (next >= n) return false;
			buf.clear();
			final int count = Math.min(CHUNK / type.bytesPerPixel(), n - next);
			put(count);
			buf.position(0).limit(count * type.bytesPerPixel());
			crc.update(buf.array(), 0, buf.limit());
			next += count;
			return true;
		}

		/** @return the CRC-32 of the bytes encoded so far (of the whole payload once read to the end) */
		long crc() {
			return crc.getValue();
		}

		/** @return whether every byte has been read */
		boolean finished() {
			return next >= n && !buf.hasRemaining();
		}

		private void put(final int count) {
			switch (type) {
				case BOOL: {
					final boolean[] s = (boolean[]) array;
					for (int i = 0; i < count; i++) buf.put(i, (byte) (s[next + i] ? 1 : 0));
					return;
				}
				case UINT8:
				case INT8:
					buf.put((byte[]) array, next, count);
					return;
				case UINT16:
				case INT16:
					buf.asShortBuffer().put((short[]) array, next, count);
					return;
				case UINT32:
				case INT32:
					buf.asIntBuffer().put((int[]) array, next, count);
					return;
				case UINT64:
				case INT64:
					buf.asLongBuffer().put((long[]) array, next, count);
					return;
				case FLOAT32:
					buf.asFloatBuffer().put((float[]) array, next, count);
					return;
				default:
					buf.asDoubleBuffer().put((double[]) array, next, count);
			}
		}

		@Override
		public int read() {
			if (!buf.hasRemaining() && !fill()) return -1;
			return buf.get() & 0xff;
		}

		@Override
		public int read(final byte[] b, final int off, final int len) {
			if (len == 0) return 0;
			if (!buf.hasRemaining() && !fill()) return -1;
			final int k = Math.min(len, buf.remaining());
			buf.get(b, off, k);
			return k;
		}

		@Override
		public int available() {
			return buf.remaining();
		}
	}
}
