package org.imagestack.cpython;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

import org.imagestack.PixelType;

/**
 * Runs of pixels between a plane's primitive array and numpy's memory (a typed view of a direct buffer, private to
 * one thread): straight runs by bulk copies, colour by interleaving its planar channels (numpy: H x W x C).
 */
abstract class Rows {

	/** @return the primitive array class a type's planes hold */
	static Class<?> arrayClass(final PixelType type) {
		switch (type) {
			case BOOL: return boolean[].class;
			case UINT8: case INT8: return byte[].class;
			case UINT16: case INT16: return short[].class;
			case UINT32: case INT32: return int[].class;
			case UINT64: case INT64: return long[].class;
			case FLOAT32: return float[].class;
			default: return double[].class;
		}
	}

	static boolean matches(final Object array, final PixelType type) {
		return array.getClass() == arrayClass(type);
	}

	/** @return runs over a view of the buffer of its own (native byte order) */
	static Rows of(final PixelType type, final ByteBuffer buffer) {
		final ByteBuffer b = buffer.duplicate().order(ByteOrder.nativeOrder());
		switch (type) {
			case BOOL: return new Bools(b);
			case UINT8: case INT8: return new Bytes(b);
			case UINT16: case INT16: return new Shorts(b.asShortBuffer());
			case UINT32: case INT32: return new Ints(b.asIntBuffer());
			case UINT64: case INT64: return new Longs(b.asLongBuffer());
			case FLOAT32: return new Floats(b.asFloatBuffer());
			default: return new Doubles(b.asDoubleBuffer());
		}
	}

	/** numpy[dst .. dst+len) = a[src .. src+len) */
	abstract void put(Object a, int src, long dst, int len);

	/** numpy[dst + x*c + k] = a[src + k*planeStride + x] for x < len, k < c */
	abstract void interleave(Object a, int src, int planeStride, int c, long dst, int len);

	/** a[dst .. dst+len) = numpy[src .. src+len) */
	abstract void get(long src, Object a, int dst, int len);

	/** a[dst + k*planeStride + x] = numpy[src + x*c + k] for x < len, k < c */
	abstract void deinterleave(long src, Object a, int dst, int planeStride, int c, int len);

	private static final class Bools extends Rows {

		private final ByteBuffer b;

		Bools(final ByteBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			final boolean[] v = (boolean[]) a;
			for (int i = 0; i < len; i++)
				b.put((int) dst + i, v[src + i] ? (byte) 1 : 0);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final boolean[] v = (boolean[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x] ? (byte) 1 : 0);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			final boolean[] v = (boolean[]) a;
			for (int i = 0; i < len; i++)
				v[dst + i] = b.get((int) src + i) != 0;
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final boolean[] v = (boolean[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k) != 0;
		}
	}

	private static final class Bytes extends Rows {

		private final ByteBuffer b;

		Bytes(final ByteBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			b.position((int) dst);
			b.put((byte[]) a, src, len);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final byte[] v = (byte[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x]);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			b.position((int) src);
			b.get((byte[]) a, dst, len);
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final byte[] v = (byte[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k);
		}
	}

	private static final class Shorts extends Rows {

		private final ShortBuffer b;

		Shorts(final ShortBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			b.position((int) dst);
			b.put((short[]) a, src, len);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final short[] v = (short[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x]);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			b.position((int) src);
			b.get((short[]) a, dst, len);
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final short[] v = (short[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k);
		}
	}

	private static final class Ints extends Rows {

		private final IntBuffer b;

		Ints(final IntBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			b.position((int) dst);
			b.put((int[]) a, src, len);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final int[] v = (int[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x]);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			b.position((int) src);
			b.get((int[]) a, dst, len);
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final int[] v = (int[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k);
		}
	}

	private static final class Longs extends Rows {

		private final LongBuffer b;

		Longs(final LongBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			b.position((int) dst);
			b.put((long[]) a, src, len);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final long[] v = (long[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x]);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			b.position((int) src);
			b.get((long[]) a, dst, len);
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final long[] v = (long[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k);
		}
	}

	private static final class Floats extends Rows {

		private final FloatBuffer b;

		Floats(final FloatBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			b.position((int) dst);
			b.put((float[]) a, src, len);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final float[] v = (float[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x]);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			b.position((int) src);
			b.get((float[]) a, dst, len);
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final float[] v = (float[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k);
		}
	}

	private static final class Doubles extends Rows {

		private final DoubleBuffer b;

		Doubles(final DoubleBuffer b) {
			this.b = b;
		}

		@Override
		void put(final Object a, final int src, final long dst, final int len) {
			b.position((int) dst);
			b.put((double[]) a, src, len);
		}

		@Override
		void interleave(final Object a, final int src, final int planeStride, final int c, final long dst,
			final int len)
		{
			final double[] v = (double[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					b.put((int) dst + x * c + k, v[src + k * planeStride + x]);
		}

		@Override
		void get(final long src, final Object a, final int dst, final int len) {
			b.position((int) src);
			b.get((double[]) a, dst, len);
		}

		@Override
		void deinterleave(final long src, final Object a, final int dst, final int planeStride, final int c,
			final int len)
		{
			final double[] v = (double[]) a;
			for (int k = 0; k < c; k++)
				for (int x = 0; x < len; x++)
					v[dst + k * planeStride + x] = b.get((int) src + x * c + k);
		}
	}
}
