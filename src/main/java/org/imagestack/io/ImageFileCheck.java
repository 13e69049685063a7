package org.imagestack.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * Finds image files that are cut short or damaged before ImageJ reads them: ImageJ's TIFF reader fills the missing
 * part of a short file with zeros, and its PNG and JPEG readers accept a file missing its end, without an error.
 * Nothing here decodes pixels; it checks what the format itself records about its own extent:
 * <ul>
 * <li>TIFF: the file holds every byte that ImageJ's {@link TiffDecoder} says the images' strips occupy (TIFF has no
 * checksum, so damaged bytes inside the pixel data cannot be found);</li>
 * <li>PNG: every chunk is complete, its CRC-32 matches, and the file reaches its {@code IEND} chunk;</li>
 * <li>JPEG: the segments and entropy-coded data of the main image run to its end-of-image marker;</li>
 * <li>BMP: the file is as long as its header says.</li>
 * </ul>
 * GIF files are left to ImageJ's reader, which reports them when cut short. The format is told by the first bytes,
 * not by the file name.
 */
final class ImageFileCheck {

	private ImageFileCheck() {}

	/**
	 * @param file an existing regular file
	 * @throws IOException naming the file and what is missing or wrong, when a TIFF, PNG, JPEG or BMP file is cut
	 *           short or fails its checksums
	 */
	static void requireComplete(final Path file) throws IOException {
		final byte[] head = new byte[8];
		final int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, head.length);
		}
		final String problem;
		if (n >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0 || head[0] == 'M' &&
			head[1] == 'M' && head[2] == 0 && head[3] == 42)) problem = tiff(file);
		else if (n == 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') problem =
			png(file);
		else if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF)
			problem = jpeg(file);
		else if (n >= 6 && head[0] == 'B' && head[1] == 'M') problem = bmp(file, head);
		else problem = null;
		if (problem != null) throw new IOException("Damaged image file " + file + ": " + problem);
	}

	/** @return what is missing, or null when the file holds every strip of every image */
	private static String tiff(final Path file) throws IOException {
		final FileInfo[] infos;
		try {
			final Path abs = file.toAbsolutePath();
			infos = new TiffDecoder(String.valueOf(abs.getParent()), String.valueOf(abs.getFileName())).getTiffInfo();
		}
		catch (final IOException | RuntimeException e) {
			return "its TIFF directory cannot be read (" + e.getMessage() + ")";
		}
		if (infos == null) return null; // not an image ImageJ reads: the opener reports it
		long needed = 0;
		for (final FileInfo fi : infos)
			needed = Math.max(needed, end(fi));
		final long length = Files.size(file);
		return needed > length ? "cut short: its image data need " + bytes(needed) + ", the file has " + bytes(length)
			: null;
	}

	/**
	 * @return the byte after the last one the image(s) of a TIFF directory use, by its strips (0 when it records
	 *         none: then ImageJ's reader decides)
	 */
	private static long end(final FileInfo fi) {
		if (fi.stripOffsets == null || fi.stripLengths == null) return 0;
		long end = 0;
		long stripBytes = 0;
		for (int s = 0; s < Math.min(fi.stripOffsets.length, fi.stripLengths.length); s++) {
			final long length = fi.stripLengths[s] & 0xFFFFFFFFL;
			end = Math.max(end, (fi.stripOffsets[s] & 0xFFFFFFFFL) + length);
			stripBytes += length;
		}
		if (fi.nImages > 1 && fi.compression <= FileInfo.COMPRESSION_NONE) {
			// ImageJ's own stacks: one directory for contiguous images, the first one's strips, a gap between them
			end = Math.max(end, fi.getOffset() + fi.nImages * stripBytes + (fi.nImages - 1) * fi.getGap());
		}
		return end;
	}

	/** @return what is wrong, or null when every chunk up to {@code IEND} is there with a matching CRC */
	private static String png(final Path file) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			skip(in, 8);
			long at = 8;
			final byte[] buffer = new byte[1 << 16];
			while (true) {
				final long length = in.readInt() & 0xFFFFFFFFL;
				final byte[] type = new byte[4];
				in.readFully(type);
				final String name = new String(type, java.nio.charset.StandardCharsets.ISO_8859_1);
				final CRC32 crc = new CRC32();
				crc.update(type);
				try {
					for (long left = length; left > 0;) {
						final int k = (int) Math.min(left, buffer.length);
						in.readFully(buffer, 0, k);
						crc.update(buffer, 0, k);
						left -= k;
					}
					if ((in.readInt() & 0xFFFFFFFFL) != crc.getValue()) return "PNG chunk " + name + " at byte " + at +
						" fails its CRC check";
				}
				catch (final EOFException e) {
					return "cut short: PNG chunk " + name + " at byte " + at + " runs past the end of the file (" +
						bytes(Files.size(file)) + ")";
				}
				if (name.equals("IEND")) return null;
				at += 12 + length;
			}
		}
		catch (final EOFException e) {
			return "cut short: the file (" + bytes(Files.size(file)) + ") ends before the PNG's IEND chunk";
		}
	}

	/** @return what is wrong, or null when the main image's data run to its end-of-image marker */
	private static String jpeg(final Path file) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			skip(in, 2); // SOI
			int marker = nextMarker(in);
			while (marker != 0xD9) { // EOI
				if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) { // no length: TEM, RSTn, SOI
					marker = nextMarker(in);
					continue;
				}
				final int length = in.readUnsignedShort();
				if (length < 2) return "JPEG segment " + hex(marker) + " has a length of " + length;
				skip(in, length - 2);
				marker = marker == 0xDA ? afterEntropyData(in) : nextMarker(in);
			}
			return null;
		}
		catch (final EOFException e) {
			return "cut short: the file (" + bytes(Files.size(file)) + ") ends before the JPEG's end-of-image marker";
		}
		catch (final Malformed e) {
			return e.getMessage();
		}
	}

	/** A structure that is not where the format puts it. */
	private static final class Malformed extends IOException {

		private static final long serialVersionUID = 1L;

		Malformed(final String message) {
			super(message);
		}
	}

	/** Skips n bytes. @throws EOFException when the file ends first */
	private static void skip(final DataInputStream in, final long n) throws IOException {
		for (long left = n; left > 0;) {
			final long k = in.skip(left);
			if (k > 0) left -= k;
			else {
				in.readUnsignedByte(); // EOFException at the end
				left--;
			}
		}
	}

	/** Reads a marker: 0xFF (any fill bytes), then its code. */
	private static int nextMarker(final DataInputStream in) throws IOException {
		int b = in.readUnsignedByte();
		if (b != 0xFF) throw new Malformed("no JPEG marker where one must be (byte " + hex(b) + ")");
		while (b == 0xFF)
			b = in.readUnsignedByte();
		return b;
	}

	/** Skips entropy-coded data (in which 0xFF is followed by 0x00 or a restart code) to the next marker's code. */
	private static int afterEntropyData(final DataInputStream in) throws IOException {
		while (true) {
			if (in.readUnsignedByte() != 0xFF) continue;
			int b = in.readUnsignedByte();
			while (b == 0xFF)
				b = in.readUnsignedByte();
			if (b != 0x00 && (b < 0xD0 || b > 0xD7)) return b;
		}
	}

	/** @return what is missing, or null when the file is as long as its header's file size (0: not recorded) */
	private static String bmp(final Path file, final byte[] head) throws IOException {
		final long declared = head[2] & 0xFFL | (head[3] & 0xFFL) << 8 | (head[4] & 0xFFL) << 16 | (head[5] & 0xFFL) <<
			24;
		final long length = Files.size(file);
		return declared > length ? "cut short: its header gives " + bytes(declared) + ", the file has " + bytes(
			length) : null;
	}

	private static String bytes(final long n) {
		return String.format(Locale.ROOT, "%,d bytes", n);
	}

	private static String hex(final int b) {
		return String.format(Locale.ROOT, "0x%02X", b);
	}
}
