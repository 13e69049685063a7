package org.imagestack.sql;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import org.imagestack.PixelType;

/**
 * Child process of the crash test: appends planes to a stack (and rewrites older ones) and saves after each, printing
 * {@code saved N} once a save of N planes has returned, until it is killed.
 */
public final class CrashWriter {

	private CrashWriter() {}

	/** @return the content plane i always has */
	static Img<UnsignedShortType> plane(final int i) {
		final short[] px = new short[256 * 256];
		for (int k = 0; k < px.length; k++)
			px[k] = (short) (i * 31 + k);
		return ArrayImgs.unsignedShorts(px, 256, 256);
	}

	public static void main(final String... args) {
		final String db = args[0];
		try (SqlImageStack s = java.nio.file.Files.exists(java.nio.file.Paths.get(db + ".mv.db")) && SqlImageStack.stackNames(db).contains("crash") ? SqlImageStack.loadFromDatabase(db,
			"crash", 1) : SqlImageStack.create(db, "crash", PixelType.UINT16, 1))
		{
			while (true) {
				final int n = s.size();
				s.addImage(plane(n));
				if (n > 3) s.set(n / 2, plane(n / 2)); // rewrite an older plane with its own content
				s.saveState();
				System.out.println("saved " + s.size());
				System.out.flush();
			}
		}
	}
}
