package org.imagestack.imagej;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.CRC32;

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
 * filter on one slice or on all, on several threads), and hands them back with {@link #setPixels} or
 * {@link #saveChanges}. Each array given out is followed (weakly: ImageJ owns it) with the CRC-32 it had then, and
 * written into the database stack only when it changed since; the last two are also held, so that an edit is
 * written even when ImageJ drops the array at once. Nothing is durable until {@link #save()} ({@code saveState}).
 * </p>
 * <p>
 * Pixel mapping: uint8 → 8-bit, uint16 → 16-bit, float32 → 32-bit, 3-channel uint8 → RGB, bool → 8-bit 0/255 (back
 * by &gt; 127); other types show as 32-bit with their values cast to float, and are cast back when written.
 * Whole-stack filters from ImageJ's menus refuse virtual stacks ("Use Process&gt;Batch&gt;Virtual Stack"): use
 * Plugins › ImageStack H2 › Apply to Every Plane, or a macro command with the {@code stack} keyword.
 * </p>
 */
public class SqlVirtualStack extends VirtualStack {

	private static final int KEPT = 2;

	/** An array given to ImageJ: which slice it holds, and its CRC-32 when given (or last written). */
	private static final class Given {

		final int slice;
		long crc;

		Given(final int slice, final long crc) {
			this.slice = slice;
			this.crc = crc;
		}
	}

	private final SqlImageStack stack;
	/** The arrays of the last slices given out, by slice number (1-based), most recent last. */
	private final LinkedHashMap<Integer, Object> recent = new LinkedHashMap<>(8, 0.75f, true);
	/** Every array given out that ImageJ may still hold and change. */
	private final WeakHashMap<Object, Given> given = new WeakHashMap<>();

	/**
	 * @param stack an open database stack whose planes share one size
	 */
	public SqlVirtualStack(final SqlImageStack stack) {
		super(width(stack), height(stack), null, null);
		this.stack = stack;
		setBitDepth(bitDepth(stack));
	}

	/**
	 * @param stack an open database stack whose planes share one size
	 * @param slicesHeld ignored (kept for callers of 0.1): two slices are held, every other one followed weakly
	 */
	public SqlVirtualStack(final SqlImageStack stack, final int slicesHeld) {
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

	private double budgetMb;

	/** @return the budget the stack was opened with, in MB (0: the default), for reopening it */
	public double budgetMb() {
		return budgetMb;
	}

	/** Records the budget the stack was opened with (for reopening it after a command changed it). */
	public void setBudgetMb(final double mb) {
		budgetMb = mb;
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
		Object px = recent.get(n);
		if (px == null) {
			px = read(n);
			given.put(px, new Given(n, checksum(px)));
			recent.put(n, px);
			final Iterator<Map.Entry<Integer, Object>> it = recent.entrySet().iterator();
			while (recent.size() > KEPT && it.hasNext()) {
				writeIfChanged(it.next().getValue()); // still followed weakly after this
				it.remove();
			}
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

	/** ImageJ gives a slice's pixels back (it does on every change of slice): written only when they changed. */
	@Override
	public synchronized void setPixels(final Object pixels, final int n) {
		final Given g = given.get(pixels);
		if (g != null && g.slice == n) {
			writeIfChanged(pixels);
			return;
		}
		final Object px = pixels(n); // another array for slice n: its pixels become the slice's
		System.arraycopy(pixels, 0, px, 0, java.lang.reflect.Array.getLength(px));
		writeIfChanged(px);
	}

	@Override
	public int saveChanges(final int n) {
		flush();
		return 0;
	}

	/** Writes every array ImageJ changed since it was given out back into the database stack (not yet saved). */
	public synchronized void flush() {
		for (final Object px : new java.util.ArrayList<>(given.keySet()))
			if (px != null) writeIfChanged(px);
	}

	/** Writes changed slices back and saves the database stack ({@code saveState}). */
	public synchronized void save() {
		flush();
		stack.saveState();
	}

	/** @return whether anything changed since the last save: an array ImageJ was given, or the database stack */
	public synchronized boolean isChanged() {
		if (stack.hasUnsavedChanges()) return true;
		for (final Map.Entry<Object, Given> e : new java.util.ArrayList<>(given.entrySet()))
			if (e.getKey() != null && checksum(e.getKey()) != e.getValue().crc) return true;
		return false;
	}

	/** Forgets every slice given out and closes the database stack (unsaved changes are discarded). */
	public synchronized void close() {
		recent.clear();
		given.clear();
		stack.close();
	}

	private void writeIfChanged(final Object px) {
		final Given g = given.get(px);
		if (g == null || g.slice > stack.size()) return;
		final long crc = checksum(px);
		if (crc == g.crc) return;
		stack.set(g.slice - 1, ImagePlusAdapter.fromProcessor(processor(px), stack.pixelType()));
		g.crc = crc;
	}

	/** CRC-32 of an ImageJ pixel array, through a small buffer (no copy of the slice). */
	private static long checksum(final Object px) {
		final CRC32 crc = new CRC32();
		if (px instanceof byte[]) {
			crc.update((byte[]) px);
			return crc.getValue();
		}
		final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
		final int n = java.lang.reflect.Array.getLength(px);
		final int step = buf.capacity() / 4;
		for (int off = 0; off < n; off += step) {
			final int len = Math.min(step, n - off);
			buf.clear();
			if (px instanceof short[]) buf.asShortBuffer().put((short[]) px, off, len);
			else if (px instanceof float[]) buf.asFloatBuffer().put((float[]) px, off, len);
			else buf.asIntBuffer().put((int[]) px, off, len);
			crc.update(buf.array(), 0, len * (px instanceof short[] ? 2 : 4));
		}
		return crc.getValue();
	}

	@Override
	public synchronized void deleteSlice(final int n) {
		flush();
		recent.clear();
		given.clear();
		stack.remove(n - 1);
	}
}
