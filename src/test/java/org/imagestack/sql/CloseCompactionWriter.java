package org.imagestack.sql;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.imagestack.PixelType;

/**
 * Child process of {@link CloseCompactionCrashTest}: saves a stack of 96 MB, maps every plane (+1) and saves again
 * (the file now holds both versions), prints {@code closing} and closes, which moves the file's chunks together
 * before it returns; the test kills it meanwhile.
 */
public final class CloseCompactionWriter {

	static final int PLANES = 12, W = 2048, H = 1024;

	private CloseCompactionWriter() {}

	public static void main(final String... args) {
		final SqlImageStack s = SqlImageStack.create(args[0], "s", PixelType.FLOAT32, 16);
		for (int i = 0; i < PLANES; i++) {
			final float[] px = new float[W * H];
			Arrays.fill(px, i);
			s.addImage(ArrayImgs.floats(px, W, H));
		}
		s.saveState();
		s.executeFunction(img -> {
			for (final Object t : (Iterable<?>) img)
				((FloatType) t).set(((FloatType) t).get() + 1);
			return null;
		});
		s.saveState();
		System.out.println("closing");
		System.out.flush();
		s.close();
		System.out.println("closed");
		System.out.flush();
	}
}
