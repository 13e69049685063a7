package org.imagestack.demo;

import java.io.PrintStream;
import java.util.Locale;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackDatabase;

/**
 * The headless demo (README's first command): makes a synthetic crack image series, runs the stack operations on
 * it, and prints what it did.
 */
public final class Demo {

	private final PrintStream out;

	Demo(final PrintStream out) {
		this.out = out;
	}

	/**
	 * @param args none
	 * @throws Exception when a step fails
	 */
	public static void main(final String... args) throws Exception {
		new Demo(System.out).run();
	}

	void run() throws Exception {
		out.println("ImageStack-H2 demo: a synthetic series of 12 load steps, 800 x 600 uint8, with growing cracks");
		final SyntheticSpecimen specimen = new SyntheticSpecimen(800, 600, 24, 42);
		memoryStack(specimen, 12);
		databaseStack();
	}

	/** The H2 stack: a series larger than its heap budget, paged through an embedded database file. */
	private void databaseStack() {
		out.println();
		out.println("== H2 database stack ==");
		final java.nio.file.Path dir = java.nio.file.Paths.get("target", "demo");
		dir.toFile().mkdirs();
		final String db = dir.resolve("imagestack-demo").toString();
		if (java.nio.file.Files.exists(dir.resolve("imagestack-demo.mv.db"))) for (final String name : SqlImageStack
			.stackNames(db))
			SqlImageStack.deleteStack(db, name); // a fresh demo each run (listing never creates the database)
		final SyntheticSpecimen big = new SyntheticSpecimen(1024, 1024, 60, 11);
		final int steps = 48;
		final long t0 = System.nanoTime();
		try (SqlImageStack stack = SqlImageStack.create(db, "specimen", PixelType.FLOAT32, 16)) {
			for (int i = 0; i < steps; i++)
				stack.addImage(big.plane(i, steps));
			stack.saveState();
			out.printf(Locale.ROOT, "%s%n  %.0f MB of planes, heap budget %.0f MB, %.1f MB cached now; ingest %.1f s%n",
				stack, net.imglib2.util.Intervals.numElements(stack.get(0)) * stack.pixelType().bytesPerPixel() *
					stack.size() / 1e6, stack.maxSizeMb(),
				stack.cachedBytes() / 1e6, (System.nanoTime() - t0) / 1e9); // nbytes() of a database stack: what is cached
			final long t1 = System.nanoTime();
			stack.executeFunction(img -> threshold(img, 0.4), true);
			stack.saveState();
			out.printf(Locale.ROOT, "executeFunction(threshold, parallel) + saveState: %.1f s, cached %.1f MB%n",
				(System.nanoTime() - t1) / 1e9, stack.cachedBytes() / 1e6);
			stack.addImage(big.plane(0, steps));
			stack.reload();
			out.println("added a plane, then reload(): back to " + stack.size() + " planes");
			try (SqlImageStack copy = stack.copy("specimen-growth")) {
				copy.executeRollingFunction((previous, current) -> difference(previous, current), false, true);
				copy.saveState();
				out.printf(Locale.ROOT, "copy + rolling difference: %s; new cracked rows at the last step: %d%n", copy
					.name(), Math.round(mean(copy.get(copy.size() - 1)) * 1024));
			}
		}
		try (SqlImageStack reopened = SqlImageStack.loadFromDatabase(db, "specimen", 16)) {
			out.printf("reopened: %s; cracked rows at the last step: %d (%d cracks drawn, some on one row)%n", reopened, Math.round(mean(
				reopened.get(steps - 1)) * 1024), big.cracks(steps - 1, steps));
		}
		out.println("stacks in " + db + ".mv.db:");
		for (final StackRecord r : SqlImageStack.listStacks(db))
			out.printf(Locale.ROOT, "  %-16s %-8s %3d planes %6.1f MB%n", r.name(), r.type(), r.planeCount(), r
				.sizeBytes() / 1e6);
		final long withBoth = dir.resolve("imagestack-demo.mv.db").toFile().length();
		SqlImageStack.deleteStack(db, "specimen-growth"); // the space comes back as the file closes (see README)
		final long[] sizes = StackDatabase.compact(db);
		out.printf(Locale.ROOT, "file with both stacks %.0f MB; deleteStack: %.0f MB; compact: %.0f MB%n", withBoth /
			1e6, sizes[0] / 1e6, sizes[1] / 1e6);
		out.printf(Locale.ROOT, "JVM max heap %.0f MB%n", Runtime.getRuntime().maxMemory() / 1e6);
	}

	private void memoryStack(final SyntheticSpecimen specimen, final int steps) {
		out.println();
		out.println("== In-memory stack ==");
		final ImageStack stack = new MemoryImageStack("float32");
		for (int i = 0; i < steps; i++)
			stack.addImage(specimen.plane(i, steps));
		out.printf(Locale.ROOT, "%s; %.1f MB on the heap (uint8 photographs converted to float32 / 255)%n", stack,
			stack.nbytes() / 1e6);
		final ImageStack dark = stack.copy();
		// threshold every plane at 0.4: dark pixels (cracks) become true; the bool result converts back to float32
		dark.executeFunction(img -> threshold(img, 0.4), true);
		out.print("cracked rows per load step: ");
		for (int i = 0; i < steps; i++)
			out.print((i == 0 ? "" : ", ") + Math.round(mean(dark.get(i)) * 600));
		out.printf(" (%d cracks drawn at the last step)%n", specimen.cracks(steps - 1, steps));
		final ImageStack growth = dark.copy();
		growth.executeRollingFunction((previous, current) -> difference(previous, current), false, true);
		out.printf(Locale.ROOT, "rolling difference: %d planes of new cracks (first dropped); new rows at step %d: %d%n",
			growth.size(), steps - 1, Math.round(mean(growth.get(growth.size() - 1)) * 600));
		final ImageStack small = stack.copy();
		small.changeType(PixelType.UINT8);
		out.printf(Locale.ROOT, "changeType(uint8): %s, %.1f MB; pixel (0,0) of step 0: %d%n", small, small.nbytes() /
			1e6, (int) small.get(0).firstElement().getRealDouble());
		small.removeImage(-1);
		out.println("removeImage(-1): " + small + "; the original still has " + stack.size());
	}

	/** 1.0 where a pixel is below the threshold, else 0.0 (float32, in place). */
	static RandomAccessibleInterval<? extends RealType<?>> threshold(final Img<? extends RealType<?>> img,
		final double t)
	{
		for (final RealType<?> p : img)
			p.setReal(p.getRealDouble() < t ? 1 : 0);
		return img;
	}

	/** current - previous, clipped at 0 (in place into current). */
	static RandomAccessibleInterval<? extends RealType<?>> difference(final Img<? extends RealType<?>> previous,
		final Img<? extends RealType<?>> current)
	{
		final java.util.Iterator<? extends RealType<?>> p = previous.iterator();
		for (final RealType<?> c : current)
			c.setReal(Math.max(0, c.getRealDouble() - p.next().getRealDouble()));
		return current;
	}

	/** Mean over the plane: for a 0/1 mask, the fraction of pixels set, times the height = rows. */
	static double mean(final Img<? extends RealType<?>> img) {
		double sum = 0;
		long n = 0;
		for (final RealType<?> p : img) {
			sum += p.getRealDouble();
			n++;
		}
		return sum / n;
	}
}
