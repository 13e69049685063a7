package org.imagestack.ij;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * An ImageJ virtual stack over a {@link SqlImageStack}: a window on a database stack of any size, slices loaded on
 * demand through the stack's plane cache.
 * <p>
 * Edits come back: ImageJ changes the pixel arrays this stack hands out in place (drawing on a slice, a filter on one
 * slice or on all slices), so the stack remembers the arrays of the last few slices it handed out with a checksum;
 * when one is dropped, or on {@link #flush()}, a changed array is written back into the database stack. Nothing is
 * durable until {@link #save()} ({@code saveState}).
 * </p>
 * <p>
 * Pixel mapping: uint8 → 8-bit, uint16 → 16-bit, float32 → 32-bit, 3-channel uint8 → RGB, bool → 8-bit 0/255 (back
 * by &gt; 127); other types show as 32-bit with their values cast to float, and are cast back when written.
 * </p>
 */
public class H2VirtualStack extends VirtualStack {

	/**
	 * A slice's pixel array as handed out, and its checksum then. The array is what is tracked, not a processor:
	 * ImageJ re-points processors it is given at other slices' arrays ({@code ip.setPixels(stack.getPixels(i))}).
	 */
	private final class Handed {

		final Object pixels;
		final long crc;

		Handed(final Object pixels) {
			this.pixels = pixels;
			this.crc = checksum(pixels);
		}

		boolean changed() {
			return checksum(pixels) != crc;
		}

		ImageProcessor processor() {
			final int w = getWidth(), h = getHeight();
			if (pixels instanceof byte[]) return new ByteProcessor(w, h, (byte[]) pixels);
			if (pixels instanceof short[]) return new ShortProcessor(w, h, (short[]) pixels, null);
			if (pixels instanceof float[]) return new FloatProcessor(w, h, (float[]) pixels);
			return new ColorProcessor(w, h, (int[]) pixels);
		}
	}

	private final SqlImageStack stack;
	private final int handedMax;
	private final LinkedHashMap<Integer, Handed> handed = new LinkedHashMap<>(8, 0.75f, true);
	/**
	 * Arrays dropped from {@link #handed} that someone (a filter's worker thread) may still be writing into: tracked
	 * weakly, by identity, until nothing references them, and checked again on {@link #flush()}.
	 */
	private final java.util.WeakHashMap<Object, long[]> released = new java.util.WeakHashMap<>();
	private boolean written;

	/**
	 * @param stack an open database stack whose planes share one size
	 * @param slicesHeld how many handed-out slices to keep track of (at least 2)
	 */
	public H2VirtualStack(final SqlImageStack stack, final int slicesHeld) {
		super(width(stack), height(stack), null, null);
		this.stack = stack;
		this.handedMax = Math.max(2, slicesHeld);
		setBitDepth(bitDepth(stack));
	}

	private static int width(final SqlImageStack s) {
		if (s.isEmpty()) throw new IllegalArgumentException("Stack '" + s.name() + "' is empty: nothing to show");
		return (int) s.get(0).dimension(0);
	}

	private static int height(final SqlImageStack s) {
		return (int) s.get(0).dimension(1);
	}

	private static int bitDepth(final SqlImageStack s) {
		final Img<? extends RealType<?>> first = s.get(0);
		final int channels = first.numDimensions() > 2 ? (int) first.dimension(2) : 1;
		final PixelType t = s.pixelType();
		if (channels == 3 && t == PixelType.UINT8) return 24;
		if (channels == 1 && (t == PixelType.UINT8 || t == PixelType.BOOL)) return 8;
		if (channels == 1 && t == PixelType.UINT16) return 16;
		return 32;
	}

	/** @return whether ImageJ shows this stack's pixels without loss (else as 32-bit with a note) */
	public boolean isExact() {
		final Img<? extends RealType<?>> first = stack.get(0);
		return ImagePlusAdapter.isExact(stack.pixelType(), first.numDimensions() > 2 ? (int) first.dimension(2) : 1);
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

	/** @return a new processor on slice {@code n}'s tracked pixel array (loaded when not tracked) */
	@Override
	public synchronized ImageProcessor getProcessor(final int n) {
		return handed(n).processor();
	}

	@Override
	public synchronized Object getPixels(final int n) {
		return handed(n).pixels;
	}

	private Handed handed(final int n) {
		Handed h = handed.get(n);
		if (h == null) {
			h = new Handed(ImagePlusAdapter.toProcessor(stack.get(n - 1)).getPixels());
			handed.put(n, h);
			dropBeyond(handedMax, n);
		}
		return h;
	}

	/** Replaces a slice's pixels (ImageJ calls this for some edits); written to the database stack at once. */
	@Override
	public synchronized void setPixels(final Object pixels, final int n) {
		final Handed h = handed(n);
		if (pixels != h.pixels) System.arraycopy(pixels, 0, h.pixels, 0, getWidth() * getHeight());
		writeBack(n, h);
		handed.put(n, new Handed(h.pixels));
	}

	@Override
	public int saveChanges(final int n) {
		flush();
		return 0;
	}

	/** Writes every changed slice back into the database stack (not yet saved). */
	public synchronized void flush() {
		for (final Map.Entry<Object, long[]> e : released.entrySet()) {
			final long crc = checksum(e.getKey());
			if (crc != e.getValue()[1]) {
				writeBack((int) e.getValue()[0], new Handed(e.getKey()));
				e.getValue()[1] = crc;
			}
		}
		for (final Map.Entry<Integer, Handed> e : handed.entrySet())
			if (e.getValue().changed()) {
				writeBack(e.getKey(), e.getValue());
				e.setValue(new Handed(e.getValue().pixels));
			}
	}

	/** Writes changed slices back and saves the database stack ({@code saveState}). */
	public synchronized void save() {
		flush();
		stack.saveState();
		written = false;
	}

	/** @return whether slices were changed since the last {@link #save()} */
	public synchronized boolean isChanged() {
		if (written) return true;
		for (final Handed h : handed.values())
			if (h.changed()) return true;
		for (final Map.Entry<Object, long[]> e : released.entrySet())
			if (checksum(e.getKey()) != e.getValue()[1]) return true;
		return false;
	}

	/** Forgets every handed-out slice and closes the database stack (unsaved changes are discarded). */
	public synchronized void close() {
		handed.clear();
		released.clear();
		stack.close();
	}

	private void dropBeyond(final int max, final int keep) {
		final Iterator<Map.Entry<Integer, Handed>> it = handed.entrySet().iterator();
		while (handed.size() > max && it.hasNext()) {
			final Map.Entry<Integer, Handed> eldest = it.next();
			if (eldest.getKey() == keep) continue;
			final Handed h = eldest.getValue();
			if (h.changed()) writeBack(eldest.getKey(), h);
			released.put(h.pixels, new long[] { eldest.getKey(), checksum(h.pixels) });
			it.remove();
		}
	}

	private void writeBack(final int n, final Handed h) {
		stack.set(n - 1, ImagePlusAdapter.fromProcessor(h.processor(), stack.pixelType()));
		written = true;
	}

	@Override
	public void deleteSlice(final int n) {
		flush();
		handed.clear();
		released.clear();
		stack.remove(n - 1);
		written = true;
	}

	/** CRC-32 of a processor's pixels, through a small buffer (no copy of the slice). */
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
}
