package org.imagestack.sql;

import net.imglib2.loops.LoopBuilder;

/** The rewrite the space tests make: every pixel of every plane plus one (a parallel map in place), then a save. */
public final class AddOne {

	private AddOne() {}

	public static void andSave(final SqlImageStack s) {
		s.executeFunction(img -> {
			LoopBuilder.setImages(img).forEachPixel(p -> p.setReal(p.getRealDouble() + 1));
			return null;
		}, true);
		s.saveState();
	}
}
