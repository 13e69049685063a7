package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.array.ArrayImg;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/**
 * {@link Chunks}: a large array split over the cores is converted whole, each element once; what a chunk throws
 * reaches the caller; an interrupted caller still gets every chunk done and keeps its interrupt; and the range a float
 * image is refused for is measured across all chunks.
 */
class ChunksTest {

	/** Several chunks (the last one short) on any machine with two cores or more. */
	private static final int N = 3 * Chunks.CHUNK + 1234;

	/** @return how many times each element was visited, by {@link Chunks#run(int, Chunks.ChunkWork)} */
	private static int[] visits(final int n) {
		final int[] visits = new int[n];
		Chunks.run(n, (c, from, to) -> {
			assertEquals(c * Chunks.CHUNK, from, "chunk " + c + " starts where it should"); // seen by the caller below
			for (int i = from; i < to; i++)
				visits[i]++;
		});
		return visits;
	}

	@Test
	void everyElementIsVisitedOnce() {
		for (final int n : new int[] { 0, 1, 1000, Chunks.PARALLEL_MIN - 1, Chunks.PARALLEL_MIN, N, 4 * Chunks.CHUNK }) {
			final int[] visits = visits(n);
			for (int i = 0; i < n; i++)
				assertEquals(1, visits[i], "element " + i + " of " + n);
		}
	}

	@Test
	void aLargeArrayConvertsWhole() {
		final short[] in = new short[N];
		for (int i = 0; i < N; i++)
			in[i] = (short) (i * 31);
		final float[] out = new float[N];
		Chunks.run(Loops.loop(PixelType.UINT16, PixelType.FLOAT32, false), in, out, N);
		for (int i = 0; i < N; i++)
			assertEquals((in[i] & 0xffff) * (float) (1 / 65535.0), out[i], "element " + i);
		final float[] small = new float[100];
		Chunks.run(Loops.loop(PixelType.UINT16, PixelType.FLOAT32, false), in, small, 100);
		assertArrayEquals(java.util.Arrays.copyOf(out, 100), small);
	}

	@Test
	void whatAChunkThrowsReachesTheCaller() {
		final IllegalStateException runtime = new IllegalStateException("chunk 2");
		assertSame(runtime, assertThrows(IllegalStateException.class, () -> Chunks.run(N, (c, from, to) -> {
			if (c == 2) throw runtime;
		})));
		final AssertionError error = new AssertionError("chunk 3");
		assertSame(error, assertThrows(AssertionError.class, () -> Chunks.run(N, (c, from, to) -> {
			if (c == 3) throw error;
		})));
		final IOException checked = new IOException("chunk 1");
		final IllegalStateException wrapped = assertThrows(IllegalStateException.class, () -> Chunks.run(N, (c, from,
			to) -> {
			if (c == 1) ChunksTest.<RuntimeException> sneak(checked);
		}));
		assertSame(checked, wrapped.getCause());
		// a small array runs on the calling thread: the exception is thrown there as it is
		assertSame(runtime, assertThrows(IllegalStateException.class, () -> Chunks.run(10, (c, from, to) -> {
			throw runtime;
		})));
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> void sneak(final Throwable t) throws T {
		throw (T) t;
	}

	@Test
	void anInterruptedCallerGetsEveryChunkDoneAndKeepsItsInterrupt() {
		Thread.currentThread().interrupt();
		final int[] visits;
		try {
			visits = visits(N);
		}
		finally {
			assertTrue(Thread.interrupted(), "the caller's interrupt was lost");
		}
		for (int i = 0; i < N; i++)
			assertEquals(1, visits[i], "element " + i);
	}

	@Test
	void aFloatImageIsMeasuredAcrossEveryChunk() {
		// float to integer converts while measuring, chunk by chunk: a value out of [-1, 1] in any chunk refuses it
		for (final int at : new int[] { 0, Chunks.CHUNK - 1, Chunks.CHUNK, 2 * Chunks.CHUNK + 7, N - 1 }) {
			final float[] px = new float[N];
			px[at] = -1.5f;
			px[(at + N / 2) % N] = 2.5f;
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtypeConversion
				.convert(ArrayImgs.floats(px, N, 1), PixelType.UINT8), "out of range at " + at);
			assertTrue(e.getMessage().contains("found values from -1.5 to 2.5"), e.getMessage());
			// and the path stored cells take: the statistics of a large piece, then the plan
			final ImageStats stats = new ImageStats(PixelType.FLOAT32);
			stats.accept(px);
			final IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> DtypeConversion.plan(
				PixelType.FLOAT32, PixelType.UINT8, stats), "plan: out of range at " + at);
			assertTrue(p.getMessage().contains("found values from -1.5 to 2.5"), p.getMessage());
		}
		final double[] px = new double[N];
		px[N - 1] = 1;
		px[Chunks.CHUNK] = -1;
		final ArrayImg<?, ?> out = (ArrayImg<?, ?>) DtypeConversion.convert(ArrayImgs.doubles(px, N, 1),
			PixelType.INT16);
		final short[] s = (short[]) PixelArrays.storage(out);
		assertEquals(32767, s[N - 1]);
		assertEquals(-32768, s[Chunks.CHUNK]);
		assertEquals(0, s[1]); // 0 * 32767.5 - 0.5 = -0.5, rounded half to even
	}

	/** @return the ranges a run over {@code n} elements handed out, in order, and whether all ran on this thread */
	private static List<String> ranges(final int n, final boolean rangeLoop, final boolean[] callerOnly) {
		final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
		final Thread caller = Thread.currentThread();
		callerOnly[0] = true;
		final Chunks.RangeLoop record = (in, out, from, to) -> {
			ranges.add(from + ".." + to);
			if (Thread.currentThread() != caller) callerOnly[0] = false;
		};
		if (rangeLoop) Chunks.run(record, null, null, n);
		else Chunks.run(n, (c, from, to) -> record.run(null, null, from, to));
		final List<String> sorted = new ArrayList<>(ranges);
		sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.split("\\.")[0]), Integer.parseInt(b.split("\\.")[0])));
		return sorted;
	}

	@Test
	void smallArraysRunWholeOnTheCallerLargeOnesInChunksOfAFixedSize() {
		// the measuring loops keep one range per chunk: chunk c must be elements c * CHUNK .. (c + 1) * CHUNK - 1
		Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "one core: everything runs whole");
		final int c = Chunks.CHUNK;
		for (final boolean rangeLoop : new boolean[] { true, false }) {
			final boolean[] callerOnly = new boolean[1];
			for (final int n : new int[] { 1, 1000, Chunks.PARALLEL_MIN - 1 }) {
				assertEquals(List.of("0.." + n), ranges(n, rangeLoop, callerOnly), n + " elements");
				assertTrue(callerOnly[0], n + " elements ran on another thread than the caller's");
			}
			assertEquals(List.of("0.." + c, c + ".." + 2 * c), ranges(Chunks.PARALLEL_MIN, rangeLoop, callerOnly));
			assertEquals(List.of("0.." + c, c + ".." + 2 * c, 2 * c + ".." + 3 * c, 3 * c + ".." + 4 * c), ranges(4 * c,
				rangeLoop, callerOnly));
			assertEquals(List.of("0.." + c, c + ".." + 2 * c, 2 * c + ".." + 3 * c, 3 * c + ".." + N), ranges(N,
				rangeLoop, callerOnly));
		}
		assertEquals(1, Chunks.count(Chunks.PARALLEL_MIN - 1));
		assertEquals(4, Chunks.count(N));
	}
}
