package org.imagestack.sql;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.RollingDifference;

/**
 * Child JVM of {@link PlaneLargerThanTheHeapTest}: a parallel rolling map over three float32 planes each larger than
 * the heap (added from lazy sources), which cannot give a window's planes private flat copies and so must compute one
 * plane at a time; saved, reopened, and pixels checked in every plane. Prints {@code ok <plane MB> <max heap MB>}.
 */
public final class RollingLargePlanesCheck {

	private RollingLargePlanesCheck() {}

	public static void main(final String... args) {
		final String db = args[0];
		final int side = Integer.parseInt(args[1]);
		try (SqlImageStack s = SqlImageStack.create(db, "rolling", PixelType.FLOAT32, 0)) {
			for (int i = 0; i < 3; i++)
				s.addImage(WorkloadCheck.lazyPlane(i, side, side));
			s.executeRollingFunction(RollingDifference.IN_PLACE, true, true);
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "rolling", 0)) {
			if (r.size() != 3) throw new AssertionError(r.toString());
			for (int i = 0; i < 3; i++) {
				final Img<? extends RealType<?>> p = r.get(i);
				for (final long k : new long[] { 5, (long) side * side / 2 + 17, (long) side * side - 1 }) {
					final float expected = i == 0 ? WorkloadCheck.value(0, k) : WorkloadCheck.value(i, k) - WorkloadCheck
						.value(i - 1, k);
					final double got = p.getAt(k % side, k / side).getRealDouble();
					if (got != expected) throw new AssertionError("plane " + i + ", pixel " + k + ": " + got + " != " +
						expected);
				}
			}
		}
		System.out.println("ok " + (long) side * side * 4 / 1_000_000 + " " + Runtime.getRuntime().maxMemory() /
			1_000_000);
	}
}
