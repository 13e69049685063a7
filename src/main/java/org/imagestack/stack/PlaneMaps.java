package org.imagestack.stack;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;

/**
 * The map and the rolling map over a stack's primitives, holding at most one plane per core at a time (one plane when
 * not parallel) so that a paged backend keeps its memory bound. The caller holds the stack's lock and undoes a failure
 * ({@link AbstractImageStack#allOrNothing}); a failure here leaves the planes of the failing window taken and not yet
 * stored back.
 */
final class PlaneMaps {

	private PlaneMaps() {}

	/**
	 * Replaces every plane with {@code f(plane)}, converted back to the stack's type. Each worker takes the next plane,
	 * applies {@code f}, converts and stores the result, so that reading, computing and writing overlap across
	 * workers (the backend's primitives are called from the workers, for different planes at once). The pool is as
	 * wide as the machine, so at most one plane per core is held at once; a worker that is done takes the next plane
	 * at once instead of waiting for the others to finish theirs.
	 */
	static void map(final AbstractImageStack s, final PlaneFunction f, final boolean parallel) {
		PlaneWorkers.map(s.size(), parallel, k -> {
			final Img<? extends RealType<?>> in = s.takePlane(k);
			s.storePlane(k, s.toStackType(orInPlace(f.apply(in), in)));
			return null;
		});
	}

	/**
	 * Plane n becomes {@code f(plane n-1, plane n)} of the original planes; plane 0 goes unless {@code keepFirst}. In
	 * parallel, a window of planes is computed at once, each plane that is also another task's "previous" given to
	 * its own task as a private flat copy; windows are narrowed so that those copies take at most a quarter of the
	 * heap ({@link #rollingWindow}), down to one plane at a time (no copies) for planes that large.
	 */
	static void roll(final AbstractImageStack s, final RollingFunction f, final boolean keepFirst,
		final boolean parallel)
	{
		final int n = s.size();
		if (n == 0) return;
		// Backwards, so that planes n-1 and n are both still original when plane n is computed, while only a
		// window of planes is held at once.
		for (int hi = n - 1, lo; hi >= 1; hi = lo - 1) {
			final long planeBytes = Intervals.numElements(s.peekPlane(hi)) * s.pixelType().bytesPerPixel();
			final int window = rollingWindow(PlaneWorkers.window(parallel), planeBytes, Runtime.getRuntime()
				.maxMemory());
			lo = Math.max(1, hi - window + 1);
			final List<Img<? extends RealType<?>>> planes = new ArrayList<>(hi - lo + 2);
			planes.add(s.getPlane(lo - 1)); // only read here: the next window replaces it
			for (int i = lo; i <= hi; i++)
				planes.add(s.takePlane(i));
			final int count = hi - lo + 1;
			final int top = hi;
			// Task j computes and stores plane hi - j: tasks run from the top down, so that on one thread a function
			// changing its current plane in place has already been given that plane as "previous" by the task above.
			// In parallel, a plane is "current" for one task and "previous" for another: give every current plane
			// that another task also reads a private copy. Storing a plane never changes an image handed out before.
			PlaneWorkers.map(count, parallel, j -> {
				final int k = count - 1 - j;
				final Img<? extends RealType<?>> current = planes.get(k + 1);
				final Img<? extends RealType<?>> safe = parallel && k + 1 < count ? current.copy() : current;
				s.storePlane(top - j, s.toStackType(orInPlace(f.apply(planes.get(k), safe), safe)));
				return null;
			});
			planes.clear();
		}
		if (!keepFirst) s.deletePlane(0);
	}

	/**
	 * @param cores the workers a parallel rolling map has (1 when not parallel)
	 * @param planeBytes the pixels of one plane, in bytes
	 * @param maxHeap the JVM's heap, in bytes
	 * @return how many planes one window of a rolling map computes at once: the cores, fewer when the private copies a
	 *         window needs (one per plane but the last) would take more than a quarter of the heap; 1, with no
	 *         copies, when even one would
	 */
	static int rollingWindow(final int cores, final long planeBytes, final long maxHeap) {
		final long copies = maxHeap / 4 / Math.max(1, planeBytes);
		return (int) Math.max(1, Math.min(cores, copies + 1));
	}

	/** A function's result, or for {@code null} (Python's None) the plane it changed in place. */
	private static RandomAccessibleInterval<? extends RealType<?>> orInPlace(
		final RandomAccessibleInterval<? extends RealType<?>> result, final Img<? extends RealType<?>> plane)
	{
		return result == null ? plane : result;
	}
}
