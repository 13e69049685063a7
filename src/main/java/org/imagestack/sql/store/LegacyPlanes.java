package org.imagestack.sql.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import net.imglib2.img.cell.CellGrid;

import org.imagestack.PixelType;
import org.imagestack.sql.cells.CellCodec;
import org.imagestack.sql.cells.CellShape;

/**
 * Reads planes saved by ImageStack-H2 0.1 (schema version 1: one BLOB per plane, X fastest, then Y, then C) straight
 * into cells: the BLOB is streamed one image row at a time, each row split among the cells it crosses. Such a plane is
 * rewritten as cells the next time it is written.
 */
public final class LegacyPlanes {

	private LegacyPlanes() {}

	/**
	 * @param in the plane's bytes
	 * @param type its pixel type
	 * @param grid its cell grid
	 * @param crc receives the CRC-32 of every byte read
	 * @return the arrays of all cells, by cell index
	 * @throws IOException when the stream fails or ends early
	 */
	static Object[] readCells(final InputStream in, final PixelType type, final CellGrid grid, final CRC32 crc)
		throws IOException
	{
		final long[] dims = grid.getImgDimensions();
		final int width = (int) dims[0], height = (int) dims[1];
		final int channels = dims.length > 2 ? (int) dims[2] : 1;
		final int cw = grid.cellDimension(0), ch = grid.cellDimension(1);
		final int gx = (int) grid.getGridDimensions()[0];
		final Object[] cells = new Object[CellShape.cellCount(grid)];
		final int bpp = type.bytesPerPixel();
		final ByteBuffer row = ByteBuffer.allocate(width * bpp).order(ByteOrder.LITTLE_ENDIAN);
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < height; y++) {
				readFully(in, row.array());
				crc.update(row.array());
				final int cy = y / ch;
				final int cellH = Math.min(ch, height - cy * ch);
				for (int cx = 0; cx < gx; cx++) {
					final int cellW = Math.min(cw, width - cx * cw);
					final int index = cx + gx * cy;
					if (cells[index] == null) cells[index] = CellCodec.newArray(type, cellW * cellH * channels);
					row.position(cx * cw * bpp);
					CellCodec.get(row.slice().order(ByteOrder.LITTLE_ENDIAN), type, cells[index], cellW * ((y - cy * ch) +
						cellH * c), cellW);
				}
			}
		return cells;
	}

	private static void readFully(final InputStream in, final byte[] b) throws IOException {
		for (int off = 0; off < b.length;) {
			final int r = in.read(b, off, b.length - off);
			if (r < 0) throw new EOFException("plane data ends " + (b.length - off) + " bytes early");
			off += r;
		}
	}
}
