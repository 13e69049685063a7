package org.imagestack.sql.cells;

import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import org.imagestack.Compression;
import org.imagestack.PixelType;

/**
 * The LZ4 and Zstandard forms of a cell's raw bytes (see {@link CellCodec}). A stored cell says its own form by its
 * first byte, so that cells of one stack written under different codecs read back alike:
 * <ul>
 * <li>{@code 'L'} then one LZ4 block of the raw bytes;</li>
 * <li>{@code 'Z'}, a filter byte (0: none; 1 or 2: each 1- or 2-byte little-endian integer replaced by its difference
 * to the one before, modulo 2^8 or 2^16), then a Zstandard frame of the filtered bytes;</li>
 * <li>a deflated cell (zlib) begins with {@code 0x78}.</li>
 * </ul>
 * The raw bytes' CRC-32 is kept and checked by {@link CellCodec} after decoding; a stored form that does not decode
 * is reported as damage there, never as the library's own exception.
 */
final class FastCodecs {

	static final byte LZ4_MARK = 'L', ZSTD_MARK = 'Z', ZLIB_MARK = 0x78;

	private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
	private static final LZ4Compressor LZ4_COMPRESSOR = LZ4.fastCompressor();
	private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4.safeDecompressor();

	/** Zstandard contexts (native, one thread at a time each), kept for reuse: as many as threads coded at once. */
	private static final ConcurrentLinkedQueue<ZstdCompressCtx> COMPRESSORS = new ConcurrentLinkedQueue<>();
	private static final ConcurrentLinkedQueue<ZstdDecompressCtx> DECOMPRESSORS = new ConcurrentLinkedQueue<>();

	/**
	 * Cell-sized scratch arrays (a cell's raw bytes, its compressed form before it is cut to length), reused: without
	 * them each cell coded allocated two or three arrays of its size, and at a 256 MB heap the collector ran twice as
	 * long as for uncompressed cells. At most {@link #POOLED} are kept (about 2 MB at the default cell size).
	 */
	private static final ConcurrentLinkedQueue<byte[]> SCRATCH = new ConcurrentLinkedQueue<>();
	private static final java.util.concurrent.atomic.AtomicInteger SCRATCH_COUNT =
		new java.util.concurrent.atomic.AtomicInteger();
	private static final int POOLED = 8;

	private FastCodecs() {}

	/** @return a scratch array of at least {@code n} bytes (give it back with {@link #giveBack}) */
	static byte[] borrow(final int n) {
		final byte[] b = SCRATCH.poll();
		if (b == null) return new byte[n];
		SCRATCH_COUNT.decrementAndGet();
		return b.length >= n ? b : new byte[n];
	}

	/** Keeps a scratch array for the next {@link #borrow} (unless enough are kept). */
	static void giveBack(final byte[] b) {
		if (SCRATCH_COUNT.incrementAndGet() <= POOLED) SCRATCH.add(b);
		else SCRATCH_COUNT.decrementAndGet();
	}

	/** @return the most bytes a stored LZ4 or Zstandard form of {@code n} raw bytes has */
	static int mostPacked(final int n) {
		return 2 + (int) Math.max(com.github.luben.zstd.Zstd.compressBound(n), LZ4_COMPRESSOR.maxCompressedLength(n));
	}

	/**
	 * @param codec {@link Compression#LZ4} or {@link Compression#ZSTD}
	 * @param type the cell's pixel type
	 * @param raw the cell's raw bytes, the first {@code n} of the array (changed: filtered in place for Zstandard)
	 * @return the stored form, or null when it would not be smaller than the raw bytes (then they are stored raw)
	 */
	static byte[] pack(final Compression codec, final PixelType type, final byte[] raw, final int n) {
		final byte[] out = borrow(mostPacked(n));
		try {
			final int length;
			if (codec == Compression.LZ4) {
				out[0] = LZ4_MARK;
				length = 1 + LZ4_COMPRESSOR.compress(raw, 0, n, out, 1, out.length - 1);
			}
			else {
				final int filter = filter(type);
				difference(raw, n, filter);
				out[0] = ZSTD_MARK;
				out[1] = (byte) filter;
				final ZstdCompressCtx z = compressor();
				try {
					length = 2 + z.compressByteArray(out, 2, out.length - 2, raw, 0, n);
				}
				finally {
					COMPRESSORS.add(z);
				}
			}
			return length >= n ? null : java.util.Arrays.copyOf(out, length);
		}
		finally {
			giveBack(out);
		}
	}

	/**
	 * Decodes a stored LZ4 or Zstandard cell into {@code raw}.
	 *
	 * @param stored the stored bytes, {@code length} of them
	 * @param raw where the raw bytes go: the first {@code n} of the array
	 * @return null when done, else why the stored bytes do not decode (damage)
	 */
	static String unpack(final byte[] stored, final int length, final byte[] raw, final int n) {
		try {
			if (stored[0] == LZ4_MARK) {
				final int got = LZ4_DECOMPRESSOR.decompress(stored, 1, length - 1, raw, 0, n);
				return got == n ? null : "it decodes to " + got + " bytes where " + n + " belong";
			}
			final int filter = length > 1 ? stored[1] : -1;
			if (stored[0] != ZSTD_MARK || filter < 0 || filter > 2) return "its stored form is unknown (it begins " +
				"with byte " + (stored[0] & 0xff) + ")";
			final ZstdDecompressCtx z = decompressor();
			final int got;
			try {
				got = z.decompressByteArray(raw, 0, n, stored, 2, length - 2);
			}
			finally {
				DECOMPRESSORS.add(z);
			}
			if (got != n) return "it decodes to " + got + " bytes where " + n + " belong";
			undoDifference(raw, n, filter);
			return null;
		}
		catch (final RuntimeException e) { // LZ4Exception, ZstdException, an index out of the block's bounds
			return "its compressed bytes do not decode (" + e.getMessage() + ")";
		}
	}

	/** @return the difference filter for a pixel type: by 1 or 2 bytes for integers of that size, else 0 (none) */
	static int filter(final PixelType type) {
		switch (type) {
			case UINT8:
			case INT8:
				return 1;
			case UINT16:
			case INT16:
				return 2;
			default:
				return 0;
		}
	}

	/** Replaces each of the first {@code n} bytes' 1- or 2-byte integers by its difference to the one before. */
	static void difference(final byte[] b, final int n, final int filter) {
		if (filter == 1) {
			for (int i = n - 1; i > 0; i--)
				b[i] -= b[i - 1];
		}
		else if (filter == 2) {
			for (int i = n - 2; i > 1; i -= 2) {
				final int d = (b[i] & 0xff | b[i + 1] << 8) - (b[i - 2] & 0xff | b[i - 1] << 8);
				b[i] = (byte) d;
				b[i + 1] = (byte) (d >> 8);
			}
		}
	}

	/** Undoes {@link #difference} on the first {@code n} bytes. */
	static void undoDifference(final byte[] b, final int n, final int filter) {
		if (filter == 1) {
			for (int i = 1; i < n; i++)
				b[i] += b[i - 1];
		}
		else if (filter == 2) {
			for (int i = 2; i + 1 < n; i += 2) {
				final int v = (b[i] & 0xff | b[i + 1] << 8) + (b[i - 2] & 0xff | b[i - 1] << 8);
				b[i] = (byte) v;
				b[i + 1] = (byte) (v >> 8);
			}
		}
	}

	private static ZstdCompressCtx compressor() {
		final ZstdCompressCtx z = COMPRESSORS.poll();
		if (z != null) return z;
		// level 1, and a small table with long minimum matches: photographs have few matches; what shrinks them is
		// the entropy coding of the differences (measured: the same size as level 1, faster)
		return new ZstdCompressCtx().setLevel(1).setStrategy(1).setMinMatch(7).setHashLog(12).setSearchLog(1);
	}

	private static ZstdDecompressCtx decompressor() {
		final ZstdDecompressCtx z = DECOMPRESSORS.poll();
		return z != null ? z : new ZstdDecompressCtx();
	}
}
