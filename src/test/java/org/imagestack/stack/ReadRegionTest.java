package org.imagestack.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.SqlImageStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageStack#readRegion}: the pixels of a rectangle, equal to the same rectangle read through ImgLib2 pixel by
 * pixel, on the in-memory stack and on a database stack (saved, reopened, and with unsaved changes), across cell
 * borders; a rectangle outside the plane is an IllegalArgumentException naming it and the plane's size.
 */
class ReadRegionTest {

	@TempDir
	Path dir;

	/** A float32 plane of 700 x 530 whose pixel (x, y) is x + 1000 y + plane / 8 (cells are 256 x 256 in a database). */
	private static Img<? extends RealType<?>> plane(final int k) {
		final float[] px = new float[700 * 530];
		for (int i = 0; i < px.length; i++)
			px[i] = i % 700 + 1000 * (i / 700) + k / 8f;
		return ArrayImgs.floats(px, 700, 530);
	}

	/** The slow way: every pixel of the rectangle through a cursor, as doubles. */
	private static double[] slow(final ImageStack s, final int k, final long x, final long y, final int w,
		final int h)
	{
		final Img<? extends RealType<?>> p = s.get(k);
		final long[] min = new long[p.numDimensions()], max = new long[p.numDimensions()];
		for (int d = 0; d < min.length; d++)
			max[d] = p.max(d);
		min[0] = x;
		min[1] = y;
		max[0] = x + w - 1;
		max[1] = y + h - 1;
		final Cursor<? extends RealType<?>> c = Views.flatIterable(Views.interval(p, min, max)).cursor();
		final double[] out = new double[(int) net.imglib2.util.Intervals.numElements(Views.interval(p, min, max))];
		for (int i = 0; c.hasNext(); i++)
			out[i] = c.next().getRealDouble();
		return out;
	}

	private static double[] asDoubles(final Object a) {
		if (a instanceof float[]) {
			final float[] f = (float[]) a;
			final double[] d = new double[f.length];
			for (int i = 0; i < f.length; i++)
				d[i] = f[i];
			return d;
		}
		if (a instanceof byte[]) {
			final byte[] b = (byte[]) a;
			final double[] d = new double[b.length];
			for (int i = 0; i < b.length; i++)
				d[i] = b[i] & 0xff;
			return d;
		}
		throw new AssertionError("unexpected array " + a.getClass());
	}

	/** Rectangles inside one cell, across cell borders, at the ragged right and bottom edge, one pixel, the plane. */
	private static final long[][] RECTS = { { 3, 5, 20, 10 }, { 150, 190, 512, 300 }, { 250, 250, 10, 10 }, { 511,
		500, 189, 30 }, { 699, 529, 1, 1 }, { 0, 0, 700, 530 } };

	private static void checkAll(final ImageStack s) {
		for (int k = 0; k < s.size(); k++)
			for (final long[] r : RECTS) {
				final Object a = s.readRegion(k, r[0], r[1], (int) r[2], (int) r[3]);
				assertTrue(a instanceof float[], "a float32 stack gives float[]");
				assertEquals(r[2] * r[3], ((float[]) a).length);
				assertArrayEquals(slow(s, k, r[0], r[1], (int) r[2], (int) r[3]), asDoubles(a), "plane " + k +
					" region " + java.util.Arrays.toString(r));
			}
		// the first pixel of a known rectangle, by its formula: (x + 1000 y + k / 8)
		assertEquals(211 + 1000 * 190 + 2 / 8f, ((float[]) s.readRegion(2, 211, 190, 4, 4))[0]);
	}

	@Test
	void inMemory() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.FLOAT32);
		for (int k = 0; k < 3; k++)
			s.addImage(plane(k));
		checkAll(s);
		checkAll(s.copy()); // planes shared copy-on-write read the same
	}

	@Test
	void inTheDatabaseSavedReopenedAndChanged() {
		final String db = dir.resolve("regions").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "r", PixelType.FLOAT32, 0.01)) {
			for (int k = 0; k < 3; k++)
				s.addImage(plane(k));
			checkAll(s); // not saved yet, with a budget far below one plane
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "r", 0.01)) {
			checkAll(s); // every cell from the file
			s.set(1, plane(9)); // changed, not saved: the region shows the change
			assertEquals(4 + 1000 * 300 + 9 / 8f, ((float[]) s.readRegion(1, 4, 300, 300, 2))[0]);
			assertArrayEquals(slow(s, 1, 250, 250, 300, 20), asDoubles(s.readRegion(1, 250, 250, 300, 20)));
		}
	}

	@Test
	void colourPlanesGiveEveryChannel() {
		final String db = dir.resolve("rgb").toString();
		final byte[] px = new byte[300 * 280 * 3];
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) (i * 7 + i / 300);
		try (SqlImageStack s = SqlImageStack.create(db, "rgb", PixelType.UINT8, 0.01)) {
			s.addImage(ArrayImgs.unsignedBytes(px, 300, 280, 3));
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "rgb", 0.01)) {
			final Object a = s.readRegion(0, 100, 250, 150, 30);
			assertEquals(150 * 30 * 3, ((byte[]) a).length);
			assertArrayEquals(slow(s, 0, 100, 250, 150, 30), asDoubles(a));
		}
	}

	@Test
	void aRegionOutsideThePlaneIsAClearError() {
		final MemoryImageStack m = new MemoryImageStack(PixelType.FLOAT32);
		m.addImage(plane(0));
		final String db = dir.resolve("bad").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "bad", PixelType.FLOAT32, 1)) {
			s.addImage(plane(0));
			for (final ImageStack st : new ImageStack[] { m, s }) {
				for (final long[] r : new long[][] { { 600, 0, 101, 10 }, { 0, 521, 10, 10 }, { -1, 0, 10, 10 }, { 0,
					-3, 10, 10 }, { 0, 0, 0, 10 }, { 0, 0, 10, -2 }, { Long.MAX_VALUE, 0, 10, 10 } })
				{
					final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> st.readRegion(
						0, r[0], r[1], (int) r[2], (int) r[3]));
					assertTrue(e.getMessage().contains("x=" + r[0] + ", y=" + r[1] + ", width=" + r[2] + ", height=" +
						r[3]) && e.getMessage().contains("700 x 530"), e.getMessage());
				}
				final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> st.readRegion(
					1, 0, 0, 10, 10));
				assertTrue(e.getMessage().contains("Index 1"), e.getMessage());
			}
		}
	}
}
