package org.imagestack.ij;

import java.util.Arrays;

import org.imagestack.sql.SqlImageStack;

/**
 * The virtual stack as a window shows it: scrolling only looks. ImageJ hands the current slice's pixels back with
 * {@code setPixels} at every slice change; {@link H2VirtualStack} writes whatever it is given and so marks the stack
 * changed, and closing after only scrolling asked to save. Here pixels equal to the slice's tracked pixels are not
 * written: an edit made in place in the tracked array is still found by the virtual stack's checksums (on save, on
 * flush, on close), and different pixels are written as before.
 * <p>
 * Only public methods of {@link H2VirtualStack} are used; once the virtual stack itself stops writing unchanged
 * slices, this class can go.
 * </p>
 */
public class ViewedVirtualStack extends H2VirtualStack {

	/**
	 * @param stack an open database stack whose planes share one size
	 * @param slicesHeld how many handed-out slices to keep track of
	 */
	public ViewedVirtualStack(final SqlImageStack stack, final int slicesHeld) {
		super(stack, slicesHeld);
	}

	@Override
	public synchronized void setPixels(final Object pixels, final int n) {
		final Object tracked = getPixels(n);
		if (pixels == tracked || samePixels(pixels, tracked)) return;
		super.setPixels(pixels, n);
	}

	private static boolean samePixels(final Object a, final Object b) {
		if (a instanceof byte[] && b instanceof byte[]) return Arrays.equals((byte[]) a, (byte[]) b);
		if (a instanceof short[] && b instanceof short[]) return Arrays.equals((short[]) a, (short[]) b);
		if (a instanceof float[] && b instanceof float[]) return Arrays.equals((float[]) a, (float[]) b);
		if (a instanceof int[] && b instanceof int[]) return Arrays.equals((int[]) a, (int[]) b);
		return false;
	}
}
