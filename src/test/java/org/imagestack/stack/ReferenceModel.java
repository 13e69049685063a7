package org.imagestack.stack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;

/**
 * The reference a stack is compared with in the model-based test: a plain list of independent array planes and a
 * type, and the state last saved. Conversions use the library's own {@link DtypeConversion} (tested against skimage's
 * table elsewhere); everything else is a {@code java.util.ArrayList} of deep copies.
 */
public final class ReferenceModel {

	List<Img<? extends RealType<?>>> planes = new ArrayList<>();
	PixelType type;
	private List<Img<? extends RealType<?>>> savedPlanes = new ArrayList<>();
	private PixelType savedType;

	ReferenceModel(final PixelType type) {
		this.type = type;
		save();
	}

	/** @return a deep copy of an image in the model's type */
	Img<? extends RealType<?>> converted(final RandomAccessibleInterval<? extends RealType<?>> img) {
		return Planes.copy(DtypeConversion.convert(img, type));
	}

	static List<Img<? extends RealType<?>>> deepCopy(final List<Img<? extends RealType<?>>> list) {
		final List<Img<? extends RealType<?>>> out = new ArrayList<>(list.size());
		for (final Img<? extends RealType<?>> p : list)
			out.add(Planes.copy(p));
		return out;
	}

	void save() {
		savedPlanes = deepCopy(planes);
		savedType = type;
	}

	void restore() {
		planes = deepCopy(savedPlanes);
		type = savedType;
	}

	/** Sets pixel {@code k} (flat order, modulo the plane's size) of a plane. */
	static void edit(final RandomAccessibleInterval<? extends RealType<?>> plane, final int k, final double value) {
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		c.jumpFwd(1 + k % net.imglib2.util.Intervals.numElements(plane));
		c.get().setReal(value);
	}

	/** @return a plane's pixels in flat order */
	static double[] pixels(final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final double[] out = new double[(int) net.imglib2.util.Intervals.numElements(plane)];
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(plane))
			out[i++] = t.getRealDouble();
		return out;
	}

	/** Orders planes by their pixels, lexicographically. */
	static final Comparator<RandomAccessibleInterval<? extends RealType<?>>> BY_PIXELS = (x, y) -> java.util.Arrays
		.compare(pixels(x), pixels(y));

	/** The test's map: every pixel halved, in place. */
	static Img<? extends RealType<?>> halve(final Img<? extends RealType<?>> img) {
		for (final RealType<?> t : img)
			t.setReal(t.getRealDouble() * 0.5);
		return img;
	}

	/** Keeps (or removes) the planes with the same pixels as {@code like}. */
	void retain(final Img<? extends RealType<?>> like, final boolean keep) {
		final double[] px = pixels(like);
		planes.removeIf(p -> java.util.Arrays.equals(pixels(p), px) != keep);
	}

	/** @return the planes converted to {@code newType}, or an exception when one cannot be */
	List<Img<? extends RealType<?>>> convertedTo(final PixelType newType) {
		final List<Img<? extends RealType<?>>> out = new ArrayList<>();
		for (final Img<? extends RealType<?>> p : planes)
			out.add(Planes.copy(DtypeConversion.convert(p, newType)));
		return out;
	}
}
