package org.imagestack;

import net.imglib2.loops.LoopBuilder;

/** The rolling function the benchmark and the large-plane check run: each plane minus the one before, in place. */
public final class RollingDifference {

	/** {@code current - previous}, written into {@code current}. */
	public static final RollingFunction IN_PLACE = (previous, current) -> {
		LoopBuilder.setImages(previous, current).forEachPixel((p, c) -> c.setReal(c.getRealDouble() - p
			.getRealDouble()));
		return null;
	};

	private RollingDifference() {}
}
