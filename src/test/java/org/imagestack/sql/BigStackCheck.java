package org.imagestack.sql;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;

/**
 * Child process of the memory test, meant to run with a small heap: builds a stack many times the heap, maps it,
 * converts it, saves, reopens and checks pixels; prints {@code ok <MB> peak-heap <MB>} at the end.
 * Arguments: database, number of planes, plane width, plane height, budget MB.
 */
public final class BigStackCheck {

	private BigStackCheck() {}

	static float value(final int plane, final int k) {
		return ((plane * 7 + k) % 1000) / 1000f;
	}

	static Img<FloatType> plane(final int i, final int w, final int h) {
		final float[] px = new float[w * h];
		for (int k = 0; k < px.length; k++)
			px[k] = value(i, k);
		return ArrayImgs.floats(px, w, h);
	}

	public static void main(final String... args) {
		final String db = args[0];
		final int n = Integer.parseInt(args[1]), w = Integer.parseInt(args[2]), h = Integer.parseInt(args[3]);
		final double budget = Double.parseDouble(args[4]);
		org.imagestack.HeapWatch.start();
		try (SqlImageStack s = SqlImageStack.create(db, "big", PixelType.FLOAT32, budget)) {
			for (int i = 0; i < n; i++)
				s.addImage(plane(i, w, h));
			s.saveState();
			System.out.println("built " + s.nbytes() / 1_000_000 + " MB");
			s.executeFunction(org.imagestack.stack.AbstractImageStackTest.HALVE, true);
			s.saveState();
			System.out.println("mapped");
			s.changeType(PixelType.UINT16);
			s.saveState();
			System.out.println("converted");
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "big", budget)) {
			if (r.size() != n || r.pixelType() != PixelType.UINT16) throw new AssertionError(r.toString());
			for (final int i : new int[] { 0, n / 2, n - 1 }) {
				final Img<? extends RealType<?>> p = r.get(i);
				for (final int k : new int[] { 0, 12345, w * h - 1 }) {
					// float32 x * 0.5 (in float64, then stored as float32) -> uint16 with skimage's rounding
					final float half = (float) (value(i, k) * 0.5);
					final double expected = Math.rint(half * 65535f);
					final double actual = p.getAt(k % w, k / w).getRealDouble();
					if (actual != expected) throw new AssertionError("plane " + i + " pixel " + k + ": " + actual +
						" != " + expected);
				}
			}
			System.out.println("ok " + (long) n * w * h * 4 / 1_000_000 + " MB stack, budget " + budget +
				" MB, live heap after full GCs at most " + org.imagestack.HeapWatch.maxAfterGcMb() + " MB (" + org.imagestack
					.HeapWatch.fullCollections() + " full GCs), -Xmx " + Runtime
					.getRuntime().maxMemory() / 1_000_000 + " MB");
		}
	}

}
