package org.imagestack.sql;

import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.imagestack.HeapWatch;
import org.imagestack.PixelType;

/**
 * Child JVM of {@link MemoryPromiseTest} (and the benchmark's workload A at full size): ingests a stack many times
 * its heap from lazily generated planes, maps it on all cores, rolls it, converts it, saves, reopens and reads every
 * pixel, with the stack's default budget unless told otherwise, while a sampler measures the live heap after
 * collections. Functions work in place on the planes' cells, so what is measured is the storage path, not a
 * function's own arrays. Prints {@code ok <peak live heap MB> <budget MB> <max heap MB>} at the end.
 */
public final class WorkloadCheck {

	private WorkloadCheck() {}

	/** @return the value pixel k of plane i starts with */
	static float value(final int plane, final long k) {
		return ((plane * 7 + k) % 1000) / 1000f;
	}

	/** @return plane i, w × h float32, generated one 256 × 256 cell at a time (never held whole) */
	static Img<FloatType> lazyPlane(final int i, final int w, final int h) {
		final CellGrid grid = new CellGrid(new long[] { w, h }, new int[] { 256, 256 });
		return new LazyCellImg<>(grid, new FloatType(), index -> {
			final long[] min = new long[2];
			final int[] dims = new int[2];
			grid.getCellDimensions(index, min, dims);
			final float[] px = new float[dims[0] * dims[1]];
			for (int y = 0; y < dims[1]; y++)
				for (int x = 0; x < dims[0]; x++)
					px[y * dims[0] + x] = value(i, (min[1] + y) * w + min[0] + x);
			return new Cell<>(dims, min, new FloatArray(px));
		});
	}

	/** @return the live heap now and its peak so far, for the child's log */
	private static String live() {
		return HeapWatch.sample() + " MB live, peak so far " + HeapWatch.maxAfterGcMb() + " MB";
	}

	public static void main(final String... args) {
		final String db = args[0];
		final int n = Integer.parseInt(args[1]), w = Integer.parseInt(args[2]), h = Integer.parseInt(args[3]);
		final double budget = Double.parseDouble(args[4]);
		final boolean maps = args.length < 6 || !"no-maps".equals(args[5]); // "no-maps": ingest, save, reopen, read
		HeapWatch.sampleEvery(500);
		final long t0 = System.nanoTime();
		ingestAndMap(db, n, w, h, budget, maps);
		read(db, n, budget, maps, t0);
	}

	private static void ingestAndMap(final String db, final int n, final int w, final int h, final double budget,
		final boolean maps)
	{
		try (SqlImageStack s = SqlImageStack.create(db, "a", PixelType.FLOAT32, budget)) {
			for (int i = 0; i < n; i++)
				s.addImage(lazyPlane(i, w, h));
			s.saveState();
			System.out.println("ingested " + live());
			if (!maps) return;
			s.executeFunction(img -> {
				for (final RealType<?> t : img)
					t.setReal(t.getRealDouble() * 0.5);
				return null;
			}, true);
			System.out.println("mapped " + live());
			s.executeRollingFunction((previous, current) -> {
				LoopBuilder.setImages(previous, current).forEachPixel((p, c) -> c.setReal(c.getRealDouble() - p
					.getRealDouble() * 0.25));
				return null;
			}, true, true);
			System.out.println("rolled " + live());
			s.changeType(PixelType.UINT16);
			s.saveState();
			System.out.println("converted and saved " + live());
		}
	}

	private static void read(final String db, final int n, final double budget, final boolean maps, final long t0) {
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "a", budget)) {
			if (r.size() != n || r.pixelType() != (maps ? PixelType.UINT16 : PixelType.FLOAT32))
				throw new AssertionError(r.toString());
			double sum = 0;
			for (final Img<? extends RealType<?>> p : r)
				for (final RealType<?> t : p)
					sum += t.getRealDouble();
			final Img<? extends RealType<?>> last = r.get(n - 1);
			final float x = (float) (value(n - 1, 5) * 0.5), prev = (float) (value(n - 2, 5) * 0.5);
			final double expected = maps ? Math.rint((float) (x - prev * 0.25) * 65535f) : value(n - 1, 5);
			if (last.getAt(5, 0).getRealDouble() != expected) throw new AssertionError("pixel 5 of the last plane: " +
				last.getAt(5, 0).getRealDouble() + " != " + expected);
			System.out.println("read all (sum " + sum + ") " + live());
			System.out.println("ok " + HeapWatch.maxAfterGcMb() + " " + Math.round(r.maxSizeMb()) + " " + Runtime
				.getRuntime().maxMemory() / 1_000_000 + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
		}
	}
}
