package org.imagestack.stack;

import java.util.Arrays;
import java.util.ConcurrentModificationException;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;

/**
 * A lazy view of some planes of another stack, in a given order: what a slice such as {@code s[1:3]} of a
 * database stack gives. Nothing is loaded until a plane is read, and then through the parent (its cache, its
 * memory budget).
 * <p>
 * Like {@link java.util.List#subList}, a view reads and writes through: {@link #set} replaces the parent's plane,
 * {@link #executeFunction} maps the parent's selected planes. Its length is fixed (adding or removing planes, and
 * changing the type, are unsupported: do that on the parent, or detach the view with {@link #copy()}). A view stays
 * valid while the parent keeps its planes where they were: as {@code ArrayList.subList}, once planes were added to or
 * removed from the parent (or its type changed, or it was reloaded), every use of the view is a
 * {@link ConcurrentModificationException} saying so, instead of reading or writing the wrong plane; slice again.
 * A view and its parent share one lock (see {@link AbstractImageStack}), and a map of the view is all or nothing as
 * the parent's maps are.
 * </p>
 */
public final class StackView extends AbstractImageStack {

	private final AbstractImageStack parent;
	private final int[] indices;
	/** The parent's structure when this view was made (see {@link #checkParent()}). */
	private final int expected;

	/**
	 * @param parent the stack viewed
	 * @param indices the parent's indices, in the view's order
	 */
	public StackView(final AbstractImageStack parent, final int... indices) {
		super(parent); // one lock for the parent and its views
		this.parent = parent;
		this.indices = indices.clone();
		for (final int i : this.indices)
			parent.checkIndex(i);
		expected = parent.structureVersion();
	}

	/** @throws ConcurrentModificationException when the parent's planes were added or removed since the view was made */
	private void checkParent() {
		if (parent.structureVersion() != expected) throw new ConcurrentModificationException("This view of planes " +
			Arrays.toString(indices) + " is stale: planes were added or removed (or the type changed, or the stack " +
			"was reloaded) in the stack it views, " + parent + ", since the view was made; slice again");
	}

	@Override
	public PixelType pixelType() {
		return parent.pixelType();
	}

	@Override
	public int size() {
		checkParent();
		return indices.length;
	}

	@Override
	protected Img<? extends RealType<?>> getPlane(final int index) {
		checkParent();
		return parent.getPlane(indices[index]);
	}

	@Override
	protected Img<? extends RealType<?>> peekPlane(final int index) {
		checkParent();
		return parent.peekPlane(indices[index]);
	}

	@Override
	protected void storePlane(final int index, final Img<? extends RealType<?>> plane) {
		checkParent();
		parent.storePlane(indices[index], plane);
	}

	/** A map of a view is all or nothing as a map of the parent is. */
	@Override
	protected void allOrNothing(final Runnable change) {
		checkParent();
		parent.allOrNothing(change);
	}

	@Override
	protected void insertPlane(final int index, final Img<? extends RealType<?>> plane) {
		throw fixed();
	}

	@Override
	protected void deletePlane(final int index) {
		throw fixed();
	}

	private static UnsupportedOperationException fixed() {
		return new UnsupportedOperationException("A stack view has a fixed length: add or remove planes in the " +
			"stack it views, or detach it with copy()");
	}

	/** @return 0: a view holds no planes of its own */
	@Override
	public long nbytes() {
		return 0;
	}

	@Override
	public void changeType(final PixelType type) {
		if (type != pixelType()) throw new UnsupportedOperationException("A stack view keeps its parent's type " +
			pixelType() + ": change the parent's type, or detach the view with copy()");
	}

	@Override
	public ImageStack slice(final int... viewIndices) {
		return parent.slice(parentIndices(viewIndices));
	}

	@Override
	protected ImageStack detach(final int... viewIndices) {
		return parent.detach(parentIndices(viewIndices));
	}

	private int[] parentIndices(final int... viewIndices) {
		checkParent();
		final int[] mapped = new int[viewIndices.length];
		for (int k = 0; k < mapped.length; k++) {
			checkIndex(viewIndices[k]);
			mapped[k] = indices[viewIndices[k]];
		}
		return mapped;
	}

	/** @return an independent stack holding copies of the viewed planes, made by the parent (see its detach) */
	@Override
	public ImageStack copy() {
		checkParent();
		return parent.detach(indices);
	}

	@Override
	public String toString() {
		if (parent.structureVersion() != expected) return "ImageStack: stale view of planes " + Arrays.toString(
			indices) + " of " + parent;
		return super.toString() + " (view of planes " + Arrays.toString(indices) + " of " + parent + ")";
	}
}
