package org.imagestack.ij;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

import ij.VirtualStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;

/**
 * An ImageJ virtual stack over a {@link SqlImageStack}: a window on a database stack of any size. Slices are read
 * through the stack's one cell cache; the only whole-plane allocation is the pixel array ImageJ is given (ImageJ
 * needs a flat array per slice).
 * <p>
 * Edits come back, and looking never writes: ImageJ changes the arrays it is given in place (drawing on a slice, a
 * filter on one slice or on all), and calls {@link #setPixels} when it moves to another slice. A slice is written
 * into the database stack only when its array differs from the stack's plane; the arrays of the last two slices
 * given out are kept, the older ones followed weakly until ImageJ lets them go, and all of them are compared on
 * {@link #flush()}. Nothing is durable until {@link #save()} ({@code saveState}).
 * </p>
 * <p>
 * Pixel mapping: uint8 → 8-bit, uint16 → 16-bit, float32 → 32-bit, 3-channel uint8 → RGB, bool → 8-bit 0/255 (back
 * by &gt; 127); other types show as 32-bit with their values cast to float, and are cast back when written.
 * Whole-stack filters from ImageJ's menus refuse virtual stacks ("Use Process&gt;Batch&gt;Virtual Stack"): use
 * Plugins › ImageStack H2 › Apply to Every Plane, or a macro command with the {@code stack} keyword.
 * </p>
 */
public class H2VirtualStack extends VirtualStack {

	private static final int KEPT = 2;

	private final SqlImageStack stack;
	/** Arrays of the last slices given out, by slice number (1-based), most recent last. */
	private final LinkedHashMap<Integer, Object> given = new LinkedHashMap<>(8, 0.75f, true);
	/** Older arrays ImageJ (a filter's worker thread) may still write into, with their slice numbers. */
	private final WeakHashMap<Object, Integer> released = new WeakHashMap<>();

	/**
	 * @param stack an open database stack whose planes share one size
	 */
	public H2VirtualStack(final SqlImageStack stack) {
		super(width(stack), height(stack), null, null);
		this.stack = stack;
		setBitDepth(bitDepth(stack));
	}

	/**
	 * @param stack an open database stack whose planes share one size
	 * @param slicesHeld ignored (kept for callers of 0.1); two slices are kept, older ones followed weakly
	 */
	public H2VirtualStack(final SqlImageStack stack, final int slicesHeld) {
		this(stack);
	}

	private static int width(final SqlImageStack s) {
		if (s.isEmpty()) throw new IllegalArgumentException("Stack '" + s.name() + "' is empty: nothing to show");
		return (int) s.get(0).dimension(0);
	}

	private static int height(final SqlImageStack s) {
		return (int) s.get(0).dimension(1);
	}

	private static int channels(final SqlImageStack s) {
		final Img<? extends RealType<?>> first = s.get(0);
		return first.numDimensions() > 2 ? (int) first.dimension(2) : 1;
	}

	private static int bitDepth(final SqlImageStack s) {
		final int channels = channels(s);
		final PixelType t = s.pixelType();
		if (channels == 3 && t == PixelType.UINT8) return 24;
		if (channels == 1 && (t == PixelType.UINT8 || t == PixelType.BOOL)) return 8;
		if (channels == 1 && t == PixelType.UINT16) return 16;
		return 32;
	}

	/** @return whether ImageJ shows this stack's pixels without loss (else as 32-bit with a note) */
	public boolean isExact() {
		return ImagePlusAdapter.isExact(stack.pixelType(), channels(stack));
	}

	/** @return the database stack behind the view */
	public SqlImageStack stack() {
		return stack;
	}

	@Override
	public int getSize() {
		return stack.size();
	}

	@Override
	public String getSliceLabel(final int n) {
		return stack.name() + ":" + n;
	}

	/** @return a new processor on slice {@code n}'s pixel array */
	@Override
	public synchronized ImageProcessor getProcessor(final int n) {
		return processor(pixels(n));
	}

	@Override
	public synchronized Object getPixels(final int n) {
		return pixels(n);
	}

	private Object pixels(final int n) {
		Object px = given.get(n);
		if (px == null) {
			// an older array of this slice that ImageJ let go: its edits are written, then it is not followed any more
			// (it would otherwise be compared with, and could write over, what the new array holds)
			for (final Map.Entry<Object, Integer> e : new java.util.ArrayList<>(released.entrySet()))
				if (e.getValue() == n) {
					writeIfChanged(n, e.getKey());
					released.remove(e.getKey());
				}
			px = read(n);
			given.put(n, px);
			releaseBeyond(KEPT);
		}
		return px;
	}

	/** @return slice {@code n} of the database stack as a new ImageJ pixel array */
	private Object read(final int n) {
		return ImagePlusAdapter.toProcessor(stack.get(n - 1)).getPixels();
	}

	private ImageProcessor processor(final Object pixels) {
		final int w = getWidth(), h = getHeight();
		if (pixels instanceof byte[]) return new ByteProcessor(w, h, (byte[]) pixels);
		if (pixels instanceof short[]) return new ShortProcessor(w, h, (short[]) pixels, null);
		if (pixels instanceof float[]) return new FloatProcessor(w, h, (float[]) pixels);
		return new ColorProcessor(w, h, (int[]) pixels);
	}

	/** ImageJ gives a slice's pixels back (it does on every change of slice): written only when they differ. */
	@Override
	public synchronized void setPixels(final Object pixels, final int n) {
		final Object px = pixels(n);
		if (pixels != px) System.arraycopy(pixels, 0, px, 0, java.lang.reflect.Array.getLength(px));
		writeIfChanged(n, px);
	}

	@Override
	public int saveChanges(final int n) {
		flush();
		return 0;
	}

	/** Writes every slice whose array ImageJ changed back into the database stack (not yet saved). */
	public synchronized void flush() {
		for (final Map.Entry<Object, Integer> e : new java.util.ArrayList<>(released.entrySet()))
			writeIfChanged(e.getValue(), e.getKey());
		for (final Map.Entry<Integer, Object> e : given.entrySet())
			writeIfChanged(e.getKey(), e.getValue());
	}

	/** Writes changed slices back and saves the database stack ({@code saveState}). */
	public synchronized void save() {
		flush();
		stack.saveState();
	}

	/** @return whether anything differs from the last save: a slice's array, or the database stack itself */
	public synchronized boolean isChanged() {
		if (stack.hasUnsavedChanges()) return true;
		for (final Map.Entry<Integer, Object> e : given.entrySet())
			if (differs(e.getKey(), e.getValue())) return true;
		for (final Map.Entry<Object, Integer> e : new java.util.ArrayList<>(released.entrySet()))
			if (differs(e.getValue(), e.getKey())) return true;
		return false;
	}

	/** Forgets every slice given out and closes the database stack (unsaved changes are discarded). */
	public synchronized void close() {
		given.clear();
		released.clear();
		stack.close();
	}

	private void releaseBeyond(final int max) {
		final Iterator<Map.Entry<Integer, Object>> it = given.entrySet().iterator();
		while (given.size() > max && it.hasNext()) {
			final Map.Entry<Integer, Object> eldest = it.next();
			writeIfChanged(eldest.getKey(), eldest.getValue());
			released.put(eldest.getValue(), eldest.getKey());
			it.remove();
		}
	}

	private boolean differs(final int n, final Object px) {
		if (n < 1 || n > stack.size()) return false;
		final Object stored = read(n);
		if (px instanceof byte[]) return !java.util.Arrays.equals((byte[]) px, (byte[]) stored);
		if (px instanceof short[]) return !java.util.Arrays.equals((short[]) px, (short[]) stored);
		if (px instanceof float[]) return !java.util.Arrays.equals((float[]) px, (float[]) stored);
		return !java.util.Arrays.equals((int[]) px, (int[]) stored);
	}

	private void writeIfChanged(final int n, final Object px) {
		if (differs(n, px)) stack.set(n - 1, ImagePlusAdapter.fromProcessor(processor(px), stack.pixelType()));
	}

	@Override
	public synchronized void deleteSlice(final int n) {
		flush();
		given.clear();
		released.clear();
		stack.remove(n - 1);
	}
}
