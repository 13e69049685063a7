package org.imagestack.bench;

import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.imagej.ImagePlusAdapter;
import org.imagestack.sql.StackDatabase;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * One worker process of {@link ServerBenchmark}'s distributed map: prints {@code start <ms>} when its JVM is up,
 * maps (halves every pixel in place, or with {@code blur} a Gaussian blur of sigma 4) until the job is done, then
 * prints {@code end <ms> <planes>}.
 */
public final class BenchWorker {

	private BenchWorker() {}

	/** A plane function that costs CPU: ImageJ's Gaussian blur, sigma 4. */
	static final PlaneFunction BLUR = img -> {
		final ij.process.ImageProcessor ip = ImagePlusAdapter.toProcessor(img);
		ip.blurGaussian(4);
		return ImagePlusAdapter.fromProcessor(ip, PixelType.FLOAT32);
	};

	public static void main(final String... args) {
		System.out.println("start " + System.currentTimeMillis());
		try (StackDatabase db = StackDatabase.open(args[0])) {
			final int mine = db.mapDistributed(args[1], args[2], args.length > 3 && args[3].equals("blur") ? BLUR
				: AbstractImageStackTest.HALVE);
			System.out.println("end " + System.currentTimeMillis() + " " + mine);
		}
	}
}
