package org.imagestack.demo;

import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A synthetic image series of a loaded composite specimen: a grey textured background with dark transverse cracks
 * whose number grows with the load step, as in CrackDect's photographs. Deterministic for a given seed.
 */
public final class SyntheticSpecimen {

	private final int width;
	private final int height;
	private final int[] crackRows;
	private final long seed;

	/**
	 * @param width plane width in pixels
	 * @param height plane height in pixels
	 * @param maxCracks how many cracks the last load step shows
	 * @param seed random seed for the texture and crack positions
	 */
	public SyntheticSpecimen(final int width, final int height, final int maxCracks, final long seed) {
		this.width = width;
		this.height = height;
		this.seed = seed;
		final Random r = new Random(seed);
		crackRows = new int[maxCracks];
		for (int i = 0; i < maxCracks; i++)
			crackRows[i] = 2 + r.nextInt(height - 4);
	}

	/**
	 * @param step load step, 0 (no crack) .. steps-1 (all cracks)
	 * @param steps number of load steps in the series
	 * @return the photograph of that step: uint8, background about 150-190, cracks about 40
	 */
	public Img<UnsignedByteType> plane(final int step, final int steps) {
		final byte[] px = new byte[width * height];
		final Random r = new Random(seed * 31 + step);
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) (150 + r.nextInt(40));
		final int cracks = steps <= 1 ? crackRows.length : crackRows.length * step / (steps - 1);
		for (int c = 0; c < cracks; c++) {
			final int y = crackRows[c];
			for (int x = 0; x < width; x++)
				px[y * width + x] = (byte) (30 + r.nextInt(20));
		}
		return ArrayImgs.unsignedBytes(px, width, height);
	}

	/** @return how many cracks step {@code step} of {@code steps} shows */
	public int cracks(final int step, final int steps) {
		return steps <= 1 ? crackRows.length : crackRows.length * step / (steps - 1);
	}
}
