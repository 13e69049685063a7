package org.imagestack.sql;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.imagestack.PlaneFunction;

/**
 * Child process of the distributed-map tests: one worker of a job. Prints {@code mapping} before each plane it maps
 * and {@code mapped <n>} at the end; with a last argument {@code k} &gt; 0 it stops inside its k-th plane (says
 * {@code hanging}) and waits to be killed.
 */
public final class MapWorkerMain {

	private MapWorkerMain() {}

	/**
	 * Not idempotent (mapping a plane twice gives another result) and not of the stack's type (the result is
	 * converted back): v becomes ((3v + 7) mod 65536) / 65535 as float32.
	 */
	public static final PlaneFunction F = img -> {
		final Img<FloatType> out = ArrayImgs.floats(img.dimensionsAsLongArray());
		final Cursor<? extends RealType<?>> in = img.cursor();
		final Cursor<FloatType> o = out.cursor();
		while (in.hasNext())
			o.next().set((float) (((long) in.next().getRealDouble() * 3 + 7) % 65536 / 65535.0));
		return out;
	};

	private static void pause(final long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (final InterruptedException e) {
			throw new IllegalStateException(e);
		}
	}

	public static void main(final String... args) throws Exception {
		final String url = args[0], stack = args[1], job = args[2];
		final double lease = Double.parseDouble(args[3]);
		final int hangAt = args.length > 4 ? Integer.parseInt(args[4]) : 0;
		final int[] n = { 0 };
		try (StackDatabase db = StackDatabase.open(url)) {
			final int mapped = db.mapDistributed(stack, job, img -> {
				System.out.println("mapping");
				System.out.flush();
				if (++n[0] == hangAt) {
					System.out.println("hanging");
					System.out.flush();
					pause(600_000);
				}
				pause(5); // a plane takes a little while, so that the workers interleave
				return F.apply(img);
			}, lease);
			System.out.println("mapped " + mapped);
		}
	}
}
