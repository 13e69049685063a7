package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import net.imglib2.img.cell.CellGrid;

import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/**
 * A plane of ImageStack-H2 0.1 (one little-endian BLOB, X fastest, then Y, then C) read into cells: every pixel lands
 * in its cell at its place, edge cells smaller, the CRC covering every byte.
 */
class LegacyPlanesTest {

	/** The value of pixel (x, y, c), distinct for every pixel of the planes below. */
	private static int value(final int x, final int y, final int c) {
		return x + 100 * y + 10000 * c;
	}

	private static byte[] blob(final int w, final int h, final int channels) {
		final ByteBuffer b = ByteBuffer.allocate(w * h * channels * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					b.putInt(value(x, y, c));
		return b.array();
	}

	/** Hands out at most 3 bytes a read, as a stream from the database may. */
	private static InputStream trickling(final byte[] bytes) {
		return new FilterInputStream(new ByteArrayInputStream(bytes)) {

			@Override
			public int read(final byte[] b, final int off, final int len) throws IOException {
				return super.read(b, off, Math.min(3, len));
			}
		};
	}

	private static void assertCells(final Object[] cells, final int w, final int h, final int channels, final int cw,
		final int ch)
	{
		final int gx = (w + cw - 1) / cw, gy = (h + ch - 1) / ch;
		assertEquals(gx * gy, cells.length, "cells");
		for (int cy = 0; cy < gy; cy++)
			for (int cx = 0; cx < gx; cx++) {
				final int cellW = Math.min(cw, w - cx * cw), cellH = Math.min(ch, h - cy * ch);
				final int[] expected = new int[cellW * cellH * channels];
				for (int c = 0; c < channels; c++)
					for (int y = 0; y < cellH; y++)
						for (int x = 0; x < cellW; x++)
							expected[x + cellW * (y + cellH * c)] = value(cx * cw + x, cy * ch + y, c);
				assertArrayEquals(expected, (int[]) cells[cx + gx * cy], "cell " + cx + "," + cy);
			}
	}

	@Test
	void everyPixelLandsInItsCellEdgeCellsSmaller() throws IOException {
		final int w = 7, h = 5;
		final byte[] bytes = blob(w, h, 1);
		final CRC32 crc = new CRC32();
		final Object[] cells = LegacyPlanes.readCells(trickling(bytes), PixelType.INT32, new CellGrid(new long[] { w,
			h }, new int[] { 3, 2 }), crc);
		assertCells(cells, w, h, 1, 3, 2);
		final CRC32 all = new CRC32();
		all.update(bytes);
		assertEquals(all.getValue(), crc.getValue(), "the CRC of every byte read");
	}

	@Test
	void channelsFollowEachOtherInEveryCell() throws IOException {
		final int w = 5, h = 3, channels = 3;
		final Object[] cells = LegacyPlanes.readCells(new ByteArrayInputStream(blob(w, h, channels)), PixelType.INT32,
			new CellGrid(new long[] { w, h, channels }, new int[] { 2, 2, channels }), new CRC32());
		assertCells(cells, w, h, channels, 2, 2);
	}

	@Test
	void oneCellHoldsAPlaneSmallerThanACell() throws IOException {
		final Object[] cells = LegacyPlanes.readCells(new ByteArrayInputStream(blob(4, 3, 1)), PixelType.INT32,
			new CellGrid(new long[] { 4, 3 }, new int[] { 4, 3 }), new CRC32());
		assertCells(cells, 4, 3, 1, 4, 3);
	}

	@Test
	void aPlaneThatEndsEarlyIsAnErrorSayingByHowMuch() {
		final byte[] bytes = blob(7, 5, 1);
		final byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 10);
		final EOFException e = assertThrows(EOFException.class, () -> LegacyPlanes.readCells(trickling(cut),
			PixelType.INT32, new CellGrid(new long[] { 7, 5 }, new int[] { 3, 2 }), new CRC32()));
		// the last row (28 bytes) has 18 of them
		assertTrue(e.getMessage().contains("ends 10 bytes early"), e.getMessage());
	}
}
