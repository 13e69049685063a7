package org.imagestack.ij;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

import ij.VirtualStack;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.SqlImageStack;

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

	/** A slice's pixels as handed out, and their checksum then. */
	private static final class Handed {

		final ImageProcessor ip;
		final long crc;

		Handed(final ImageProcessor ip) {
			this.ip = ip;
			this.crc = checksum(ip);
		}

		boolean changed() {
			return checksum(ip) != crc;
		}
	}

	private final SqlImageStack stack;
	private final int handedMax;
	private final LinkedHashMap<Integer, Handed> handed = new LinkedHashMap<>(8, 0.75f, true);
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

	@Override
	public synchronized ImageProcessor getProcessor(final int n) {
		final Handed h = handed.get(n);
		if (h != null) return h.ip;
		final ImageProcessor ip = ImagePlusAdapter.toProcessor(stack.get(n - 1));
		handed.put(n, new Handed(ip));
		dropBeyond(handedMax);
		return ip;
	}

	@Override
	public Object getPixels(final int n) {
		return getProcessor(n).getPixels();
	}

	/** Replaces a slice's pixels (ImageJ calls this for some edits); written to the database stack at once. */
	@Override
	public synchronized void setPixels(final Object pixels, final int n) {
		final ImageProcessor ip = getProcessor(n);
		if (pixels != ip.getPixels()) System.arraycopy(pixels, 0, ip.getPixels(), 0, ip.getPixelCount());
		writeBack(n, ip);
		handed.put(n, new Handed(ip));
	}

	@Override
	public int saveChanges(final int n) {
		flush();
		return 0;
	}

	/** Writes every changed slice back into the database stack (not yet saved). */
	public synchronized void flush() {
		for (final Map.Entry<Integer, Handed> e : handed.entrySet())
			if (e.getValue().changed()) {
				writeBack(e.getKey(), e.getValue().ip);
				e.setValue(new Handed(e.getValue().ip));
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
		return false;
	}

	/** Forgets every handed-out slice and closes the database stack (unsaved changes are discarded). */
	public synchronized void close() {
		handed.clear();
		stack.close();
	}

	private void dropBeyond(final int max) {
		final Iterator<Map.Entry<Integer, Handed>> it = handed.entrySet().iterator();
		while (handed.size() > max && it.hasNext()) {
			final Map.Entry<Integer, Handed> eldest = it.next();
			if (eldest.getValue().changed()) writeBack(eldest.getKey(), eldest.getValue().ip);
			it.remove();
		}
	}

	private void writeBack(final int n, final ImageProcessor ip) {
		stack.set(n - 1, ImagePlusAdapter.fromProcessor(ip, stack.pixelType()));
		written = true;
	}

	@Override
	public void deleteSlice(final int n) {
		flush();
		handed.clear();
		stack.remove(n - 1);
		written = true;
	}

	/** CRC-32 of a processor's pixels, through a small buffer (no copy of the slice). */
	private static long checksum(final ImageProcessor ip) {
		final CRC32 crc = new CRC32();
		final Object px = ip.getPixels();
		if (px instanceof byte[]) {
			crc.update((byte[]) px);
			return crc.getValue();
		}
		final java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
		final int n = ip.getPixelCount();
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
