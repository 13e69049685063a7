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

	private FastCodecs() {}

	/**
	 * @param codec {@link Compression#LZ4} or {@link Compression#ZSTD}
	 * @param type the cell's pixel type
	 * @param raw the cell's raw bytes (changed: filtered in place for Zstandard)
	 * @return the stored form, or null when it would not be smaller than the raw bytes (then they are stored raw)
	 */
	static byte[] pack(final Compression codec, final PixelType type, final byte[] raw) {
		final int n = raw.length;
		final byte[] out;
		final int length;
		if (codec == Compression.LZ4) {
			out = new byte[1 + LZ4_COMPRESSOR.maxCompressedLength(n)];
			out[0] = LZ4_MARK;
			length = 1 + LZ4_COMPRESSOR.compress(raw, 0, n, out, 1, out.length - 1);
		}
		else {
			final int filter = filter(type);
			difference(raw, filter);
			out = new byte[2 + (int) com.github.luben.zstd.Zstd.compressBound(n)];
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

	/**
	 * Decodes a stored LZ4 or Zstandard cell into {@code raw}.
	 *
	 * @param stored the stored bytes, {@code length} of them
	 * @param raw where the raw bytes go, exactly as many as the cell has
	 * @return null when done, else why the stored bytes do not decode (damage)
	 */
	static String unpack(final byte[] stored, final int length, final byte[] raw) {
		try {
			if (stored[0] == LZ4_MARK) {
				final int got = LZ4_DECOMPRESSOR.decompress(stored, 1, length - 1, raw, 0, raw.length);
				return got == raw.length ? null : "it decodes to " + got + " bytes where " + raw.length + " belong";
			}
			final int filter = length > 1 ? stored[1] : -1;
			if (stored[0] != ZSTD_MARK || filter < 0 || filter > 2) return "its stored form is unknown (it begins " +
				"with byte " + (stored[0] & 0xff) + ")";
			final ZstdDecompressCtx z = decompressor();
			final int got;
			try {
				got = z.decompressByteArray(raw, 0, raw.length, stored, 2, length - 2);
			}
			finally {
				DECOMPRESSORS.add(z);
			}
			if (got != raw.length) return "it decodes to " + got + " bytes where " + raw.length + " belong";
			undoDifference(raw, filter);
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

	static void difference(final byte[] b, final int filter) {
		if (filter == 1) {
			for (int i = b.length - 1; i > 0; i--)
				b[i] -= b[i - 1];
		}
		else if (filter == 2) {
			for (int i = b.length - 2; i > 1; i -= 2) {
				final int d = (b[i] & 0xff | b[i + 1] << 8) - (b[i - 2] & 0xff | b[i - 1] << 8);
				b[i] = (byte) d;
				b[i + 1] = (byte) (d >> 8);
			}
		}
	}

	static void undoDifference(final byte[] b, final int filter) {
		if (filter == 1) {
			for (int i = 1; i < b.length; i++)
				b[i] += b[i - 1];
		}
		else if (filter == 2) {
			for (int i = 2; i + 1 < b.length; i += 2) {
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
