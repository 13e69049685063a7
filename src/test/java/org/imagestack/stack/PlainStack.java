package org.imagestack.stack;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.convert.Planes;

/**
 * The smallest backend: planes in an {@code ArrayList}, handed out and stored as they are, and none of the optional
 * primitives ({@code peekPlane}, {@code takePlane}, {@code allOrNothing}, {@code slice}) overridden, so that tests
 * reach the shared code's own defaults.
 */
final class PlainStack extends AbstractImageStack {

	private final PixelType type;
	final List<Img<? extends RealType<?>>> planes = new ArrayList<>();

	PlainStack(final PixelType type) {
		this.type = type;
	}

	@Override
	public PixelType pixelType() {
		return type;
	}

	@Override
	public int size() {
		return planes.size();
	}

	@Override
	protected Img<? extends RealType<?>> getPlane(final int index) {
		return planes.get(index);
	}

	@Override
	protected void storePlane(final int index, final Img<? extends RealType<?>> plane) {
		planes.set(index, plane);
	}

	@Override
	protected void insertPlane(final int index, final Img<? extends RealType<?>> plane) {
		planes.add(index, plane);
	}

	@Override
	protected void deletePlane(final int index) {
		planes.remove(index);
	}

	@Override
	public long nbytes() {
		long n = 0;
		for (final Img<? extends RealType<?>> p : planes)
			n += Planes.nbytes(p);
		return n;
	}

	@Override
	public void changeType(final PixelType newType) {
		if (newType != type) throw new UnsupportedOperationException("a plain stack keeps its type");
	}

	@Override
	public ImageStack copy() {
		final int[] all = new int[size()];
		for (int i = 0; i < all.length; i++)
			all[i] = i;
		return detach(all);
	}

	@Override
	protected ImageStack detach(final int... indices) {
		final PlainStack out = new PlainStack(type);
		for (final int i : indices)
			out.planes.add(Planes.copy(planes.get(i)));
		return out;
	}
}
