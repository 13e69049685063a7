package org.imagestack.sql;

import net.imglib2.img.Img;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.imagestack.HeapWatch;
import org.imagestack.PixelType;

/**
 * Child JVM of {@link PlaneLargerThanTheHeapTest} (and the benchmark's workload B): one float32 plane larger than the
 * whole heap, added from a lazy source, mapped with an ImgLib2 loop, saved, reopened and read back in tiles. Prints
 * {@code ok <peak live heap MB> <plane MB> <max heap MB> <ms>}.
 */
public final class HugePlaneCheck {

	private HugePlaneCheck() {}

	public static void main(final String... args) {
		final String db = args[0];
		final int side = Integer.parseInt(args[1]);
		final double budget = Double.parseDouble(args[2]);
		HeapWatch.sampleEvery(500);
		final long t0 = System.nanoTime();
		try (SqlImageStack s = SqlImageStack.create(db, "huge", PixelType.FLOAT32, budget)) {
			s.addImage(WorkloadCheck.lazyPlane(3, side, side));
			s.executeFunction(img -> {
				LoopBuilder.setImages(img).forEachPixel(t -> t.setReal(1 - t.getRealDouble()));
				return null;
			});
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "huge", budget)) {
			final Img<? extends RealType<?>> p = r.get(0);
			for (final long[] at : new long[][] { { 0, 0 }, { side - 512, side - 512 }, { side / 2 - 100, 77 } }) {
				double sum = 0, expected = 0;
				for (final RealType<?> t : Views.flatIterable(Views.interval(p, at, new long[] { at[0] + 511, at[1] +
					511 })))
					sum += t.getRealDouble();
				for (long y = at[1]; y < at[1] + 512; y++)
					for (long x = at[0]; x < at[0] + 512; x++)
						expected += 1 - WorkloadCheck.value(3, y * side + x);
				if (Math.abs(sum - expected) > 1e-3 * Math.abs(expected) + 1) throw new AssertionError("tile at " + at[0] +
					"," + at[1] + ": " + sum + " != " + expected);
			}
			System.out.println("ok " + HeapWatch.maxAfterGcMb() + " " + (long) side * side * 4 / 1_000_000 + " " + Runtime
				.getRuntime().maxMemory() / 1_000_000 + " " + (System.nanoTime() - t0) / 1_000_000);
		}
	}
}
