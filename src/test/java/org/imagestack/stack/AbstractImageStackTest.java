package org.imagestack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;

/**
 * The behaviour every {@link ImageStack} shares, run against each backend (as N5 runs one suite against every
 * storage): a subclass says how to make a stack and how to let it go.
 */
public abstract class AbstractImageStackTest implements ListContractTests {

	private final List<ImageStack> made = new ArrayList<>();

	/**
	 * @param type the stack's pixel type
	 * @return a new empty stack of the backend under test
	 */
	protected abstract ImageStack createStack(PixelType type);

	/** Releases what a stack holds (closes a database stack); the default does nothing. */
	protected void dispose(final ImageStack stack) throws Exception {
		if (stack instanceof AutoCloseable) ((AutoCloseable) stack).close();
	}

	/** @return a new stack, disposed of after the test */
	protected final ImageStack newStack(final PixelType type) {
		final ImageStack s = createStack(type);
		made.add(s);
		return s;
	}

	/** Remembers a stack made by the code under test (e.g. a copy) to dispose of it after the test. */
	protected final <S extends ImageStack> S track(final S stack) {
		made.add(stack);
		return stack;
	}

	@Override
	public ImageStack stack(final PixelType type) {
		return newStack(type);
	}

	@Override
	public <S extends ImageStack> S keep(final S stack) {
		return track(stack);
	}

	/** Nothing to save by default; a database stack saves. */
	@Override
	public void checkpoint(final ImageStack s) {}

	@AfterEach
	void disposeStacks() throws Exception {
		for (final ImageStack s : made)
			dispose(s);
		made.clear();
	}

	/** A w x h uint8 plane whose pixel (x, y) is {@code (seed + 7x + 13y) mod 256}. */
	public static Img<UnsignedByteType> ramp(final int seed, final int w, final int h) {
		final byte[] px = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				px[y * w + x] = (byte) (seed + 7 * x + 13 * y);
		return ArrayImgs.unsignedBytes(px, w, h);
	}

	/** A plane function halving every pixel in place (the benchmarks' map). */
	public static final org.imagestack.PlaneFunction HALVE = img -> {
		for (final RealType<?> t : img)
			t.setReal(t.getRealDouble() * 0.5);
		return img;
	};

	/** A w x h float32 plane of one value. */
	public static Img<FloatType> constant(final float value, final int w, final int h) {
		final float[] px = new float[w * h];
		java.util.Arrays.fill(px, value);
		return ArrayImgs.floats(px, w, h);
	}

	/** @return every pixel's value, in flat order, as text: for comparing planes bit for bit in messages */
	public static String pixels(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final StringBuilder sb = new StringBuilder();
		for (final RealType<?> t : net.imglib2.view.Views.flatIterable(img))
			sb.append(t.getRealDouble()).append(',');
		return sb.toString();
	}

	public static double at(final RandomAccessibleInterval<? extends RealType<?>> img, final long... pos) {
		return img.getAt(pos).getRealDouble();
	}

	private static ImageStack uint8Stack(final ImageStack s, final int n) {
		for (int i = 0; i < n; i++)
			s.addImage(ramp(10 * i, 5, 4));
		return s;
	}

	@Test
	void addImageConvertsToTheStackType() {
		final ImageStack s = newStack(PixelType.FLOAT32);
		s.addImage(ramp(0, 5, 4));
		assertEquals(1, s.size());
		assertEquals(PixelType.FLOAT32, PixelType.of(s.get(0)));
		// skimage: uint8 -> float32 is x * float32(1/255) in float32
		assertEquals((float) 20 * (float) (1.0 / 255), (float) at(s.get(0), 1, 1));
		assertEquals(PixelType.FLOAT32, s.pixelType());
		assertEquals(5 * 4 * 4, s.nbytes());
	}

	static List<Double> firstPixels(final List<? extends RandomAccessibleInterval<? extends RealType<?>>> planes) {
		final List<Double> out = new ArrayList<>();
		for (final RandomAccessibleInterval<? extends RealType<?>> p : planes)
			out.add(at(p, 0, 0));
		return out;
	}

	@Test
	void reprAndSizes() {
		final ImageStack s = uint8Stack(newStack(PixelType.UINT16), 3);
		assertTrue(s.toString().contains("3 images, uint16"), s.toString());
		assertEquals(3L * 5 * 4 * 2, s.nbytes());
	}

	@Test
	void badPlanesAreRejectedNamingWhatIsWrong() {
		final ImageStack s = newStack(PixelType.UINT8);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addImage(ArrayImgs
			.unsignedBytes(2, 2, 2, 2)));
		assertTrue(e.getMessage().contains("4D"), e.getMessage());
		assertThrows(NullPointerException.class, () -> s.addImage(null));
		final IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> s.addImage(constant(
			3f, 2, 2)));
		assertTrue(range.getMessage().contains("between -1 and 1"), range.getMessage());
		assertEquals(0, s.size(), "nothing was added");
	}

	@Test
	void colourPlanesKeepTheirChannelAxis() {
		final ImageStack s = newStack(PixelType.FLOAT64);
		final Img<UnsignedByteType> rgb = ArrayImgs.unsignedBytes(new byte[] { (byte) 255, 0, 0, 0, 0, (byte) 51 },
			2, 1, 3);
		s.addImage(rgb);
		assertEquals(3, s.get(0).numDimensions());
		assertEquals(0.2, at(s.get(0), 1, 0, 2), 1e-15);
		assertEquals(1.0, at(s.get(0), 0, 0, 0));
	}

	@Test
	void aVolumeIsNotTakenForOneColourPlane() {
		final ImageStack s = newStack(PixelType.UINT8);
		for (final long channels : new long[] { 1, 2, 5, 200 }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addImage(ArrayImgs
				.unsignedBytes(4, 3, channels)), channels + " channels");
			assertTrue(e.getMessage().contains("[4, 3, " + channels + "]") && e.getMessage().contains(
				"3 or 4 channels") && e.getMessage().contains("Views.hyperSlice"), e.getMessage());
		}
		assertEquals(0, s.size(), "nothing was added");
		s.addImage(ArrayImgs.unsignedBytes(4, 3, 3));
		s.addImage(ArrayImgs.unsignedBytes(4, 3, 4));
		assertThrows(IllegalArgumentException.class, () -> s.set(0, ArrayImgs.unsignedBytes(4, 3, 200)));
		assertEquals(List.of(3L, 4L), List.of(s.get(0).dimension(2), s.get(1).dimension(2)));
	}

	@Test
	void changeTypeConvertsEveryPlane() {
		final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 3);
		s.changeType("uint16");
		assertEquals(PixelType.UINT16, s.pixelType());
		assertEquals(20 * 257, at(s.get(2), 0, 0));
		assertEquals(3L * 5 * 4 * 2, s.nbytes());
		s.changeType(PixelType.FLOAT64);
		assertEquals(20 * 257 / 65535.0, at(s.get(2), 0, 0), 1e-15);
		assertThrows(IllegalArgumentException.class, () -> s.changeType("float16"));
		assertEquals(PixelType.FLOAT64, s.pixelType());
	}

	@Test
	void failedChangeTypeLeavesTheStackAsItWas() {
		final ImageStack s = newStack(PixelType.FLOAT32);
		s.addImage(constant(0.5f, 3, 3));
		s.addImage(constant(7f, 3, 3)); // float32 keeps it: no range check between float types
		assertThrows(IllegalArgumentException.class, () -> s.changeType(PixelType.UINT8));
		assertEquals(PixelType.FLOAT32, s.pixelType());
		assertEquals(List.of(0.5, 7.0), firstPixels(s));
	}

	/** Changes a pixel in place and puts the plane back, as a user of any backend would. */
	static void writeFirstPixel(final ImageStack s, final int index, final double value) {
		final Img<? extends RealType<?>> p = s.get(index);
		p.firstElement().setReal(value);
		s.set(index, p);
	}

	@Test
	void executeFunctionReplacesEachPlaneConvertedBack() {
		for (final boolean parallel : new boolean[] { false, true }) {
			final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 7);
			// returns float32 in [0, 1]: converted back to uint8 with skimage's rules
			s.executeFunction(img -> {
				final Img<FloatType> out = ArrayImgs.floats(Intervals.dimensionsAsLongArray(img));
				final Iterator<FloatType> o = out.iterator();
				for (final RealType<?> p : img)
					o.next().set((float) (p.getRealDouble() / 510));
				return out;
			}, parallel);
			assertEquals(7, s.size());
			assertEquals(PixelType.UINT8, s.pixelType());
			for (int i = 0; i < 7; i++)
				assertEquals(Math.rint((float) ((10 * i) / 510.0) * 255f), at(s.get(i), 0, 0), "plane " + i +
					", parallel " + parallel);
		}
	}

	@Test
	void executeFunctionInPlaceAndExtraArgumentsByClosure() {
		final ImageStack s = newStack(PixelType.FLOAT32);
		for (int i = 0; i < 3; i++)
			s.addImage(constant(0.1f * i, 2, 2));
		final double factor = 2;
		s.executeFunction(img -> {
			for (final RealType<?> p : img)
				p.setReal(p.getRealDouble() * factor);
			return null; // changed in place
		});
		assertEquals(0.4, at(s.get(2), 1, 1), 1e-6);
	}

	@Test
	void executeRollingFunctionUsesOriginalNeighbours() {
		for (final boolean parallel : new boolean[] { false, true }) {
			for (final boolean keepFirst : new boolean[] { false, true }) {
				final ImageStack s = newStack(PixelType.FLOAT64);
				for (int i = 0; i < 9; i++)
					s.addImage(constant((float) (i * i) / 100, 3, 2));
				// current - previous, written into current in place
				s.executeRollingFunction((prev, cur) -> {
					final Iterator<? extends RealType<?>> p = prev.iterator();
					for (final RealType<?> c : cur)
						c.setReal(c.getRealDouble() - p.next().getRealDouble());
					return cur;
				}, keepFirst, parallel);
				final List<Double> expected = new ArrayList<>();
				if (keepFirst) expected.add(0.0);
				for (int i = 1; i < 9; i++)
					expected.add((double) ((float) (i * i) / 100) - (double) ((float) ((i - 1) * (i - 1)) / 100));
				final List<Double> actual = firstPixels(s);
				assertEquals(expected.size(), actual.size());
				for (int i = 0; i < expected.size(); i++)
					assertEquals(expected.get(i), actual.get(i), 1e-12, "plane " + i + " keepFirst " + keepFirst +
						" parallel " + parallel);
			}
		}
	}

	@Test
	void rollingFunctionOnEmptyAndSingleStacks() {
		final ImageStack empty = newStack(PixelType.UINT8);
		empty.executeRollingFunction((a, b) -> b, false);
		assertEquals(0, empty.size());
		final ImageStack one = uint8Stack(newStack(PixelType.UINT8), 1);
		one.executeRollingFunction((a, b) -> b, false);
		assertEquals(0, one.size(), "the first plane is dropped");
	}

	@Test
	void errorsInTheFunctionPropagate() {
		final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 3);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			throw new IllegalStateException("boom");
		}, true));
		assertEquals("boom", e.getMessage());
		assertEquals(3, s.size());
	}

	/** Every plane's pixels, in order. */
	static List<String> allPixels(final ImageStack s) {
		final List<String> out = new ArrayList<>();
		for (int i = 0; i < s.size(); i++)
			out.add(pixels(s.get(i)));
		return out;
	}

	/** Overwrites every pixel of a plane in place. */
	static void fill(final RandomAccessibleInterval<? extends RealType<?>> img, final double value) {
		for (final RealType<?> t : net.imglib2.view.Views.flatIterable(img))
			t.setReal(value);
	}

	@Test
	void anyThrowableFromTheFunctionLeavesTheStackAsItWas() {
		final Throwable[] failures = { new java.io.IOException("a checked exception (a Jython IOException)"),
			new IllegalStateException("an unchecked exception"), new AssertionError("an error") };
		for (final boolean parallel : new boolean[] { false, true }) {
			for (final boolean inPlace : new boolean[] { false, true }) {
				for (final Throwable failure : failures) {
					final String what = failure + (parallel ? ", parallel" : "") + (inPlace ? ", in place" : "");
					final int n = 2 * PlaneWorkers.window(true) + 3;
					final ImageStack s = uint8Stack(newStack(PixelType.UINT8), n);
					final List<String> before = allPixels(s);
					final Throwable thrown = assertThrows(Throwable.class, () -> s.executeFunction(img -> {
						final boolean last = at(img, 0, 0) == 10 * (n - 2); // the last plane but one: the planes before it are replaced by then
						fill(img, 0); // changed in place, also on the plane that fails
						if (last) throw PlaneWorkersTest.Sneaky.<RuntimeException> sneak(failure);
						return inPlace ? null : ramp(77, 5, 4);
					}, parallel), what);
					assertEquals(failure, thrown, what);
					assertTrue(before.equals(allPixels(s)), what + ": the stack is as before the call; first pixels now " +
						firstPixels(s));
				}
			}
		}
	}

	@Test
	void anyThrowableFromARollingFunctionLeavesTheStackAsItWas() {
		for (final boolean parallel : new boolean[] { false, true }) {
			for (final boolean keepFirst : new boolean[] { false, true }) {
				final String what = (parallel ? "parallel" : "sequential") + ", keepFirst " + keepFirst;
				final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 2 * PlaneWorkers.window(true) + 3);
				final List<String> before = allPixels(s);
				final java.io.IOException e = assertThrows(java.io.IOException.class, () -> s.executeRollingFunction((
					prev, cur) -> {
					final boolean second = at(cur, 0, 0) == 10;
					fill(cur, 0);
					if (second) throw PlaneWorkersTest.Sneaky.<RuntimeException> sneak(new java.io.IOException(
						"rolling failed"));
					return null;
				}, keepFirst, parallel), what);
				assertEquals("rolling failed", e.getMessage());
				assertTrue(before.equals(allPixels(s)), what + ": the stack is as before the call; first pixels now " +
					firstPixels(s));
			}
		}
	}

	@Test
	void aFailedParallelMapLeavesNoFunctionRunning() throws InterruptedException {
		final int window = PlaneWorkers.window(true);
		final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 2 * window + 1);
		final PlaneWorkersTest.Tasks tasks = new PlaneWorkersTest.Tasks();
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			final int plane = (int) at(img, 0, 0) / 10;
			tasks.run(plane, () -> {
				if (plane == 0) {
					PlaneWorkersTest.sleep(30);
					throw new IllegalStateException("plane 0 failed");
				}
				PlaneWorkersTest.sleep(250);
			});
			return null;
		}, true));
		assertEquals("plane 0 failed", e.getMessage());
		tasks.assertNothingRunsNorStartsAnyMore();
		assertTrue(tasks.started.stream().allMatch(p -> p < window), "only the first window ran: " + tasks.started);
		assertEquals(2 * window + 1, s.size());
	}

	/** A 3 x 2 uint8 plane telling which thread added it and when: (t, i, t, i, 255 - t, 255 - i). */
	static Img<UnsignedByteType> tagged(final int thread, final int i) {
		return ArrayImgs.unsignedBytes(new byte[] { (byte) thread, (byte) i, (byte) thread, (byte) i, (byte) (255 -
			thread), (byte) (255 - i) }, 3, 2);
	}

	@Test
	void concurrentAddImageLosesNoPlane() throws Exception {
		final int threads = 4;
		final int perThread = 100;
		final ImageStack s = newStack(PixelType.UINT8);
		final java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
		final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		try {
			final List<java.util.concurrent.Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				final int thread = t;
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						s.addImage(tagged(thread, i));
						s.get(s.size() - 1); // reads between the writes of the others
					}
					return null;
				}));
			}
			for (final java.util.concurrent.Future<?> f : done)
				f.get(60, java.util.concurrent.TimeUnit.SECONDS);
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(threads * perThread, s.size());
		final int[] next = new int[threads]; // each thread's planes in the order it added them
		for (final Img<? extends RealType<?>> plane : s) {
			final int thread = (int) at(plane, 0, 0);
			final int i = (int) at(plane, 1, 0);
			assertEquals(next[thread]++, i, "thread " + thread + "'s planes in order");
			assertEquals(pixels(tagged(thread, i)), pixels(plane), "plane " + i + " of thread " + thread);
		}
		for (int t = 0; t < threads; t++)
			assertEquals(perThread, next[t], "planes of thread " + t);
	}

	@Test
	void aFunctionMustNotChangeTheStackItMaps() {
		final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 3);
		final List<String> before = allPixels(s);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			s.addImage(ramp(1, 5, 4));
			return img;
		}));
		assertTrue(e.getMessage().contains("must not change the stack it maps"), e.getMessage());
		assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			s.remove(0);
			return img;
		}));
		assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			s.executeFunction(x -> x);
			return img;
		}));
		final StackView view = new StackView((AbstractImageStack) s, 2, 0);
		assertThrows(IllegalStateException.class, () -> view.executeFunction(img -> {
			s.set(1, img); // the view's map is a map of its parent
			return img;
		}));
		assertEquals(before, allPixels(s));
		final List<Double> seen = new ArrayList<>();
		s.executeFunction(img -> {
			seen.add(at(s.get(2), 0, 0)); // reading the stack is allowed
			return img;
		});
		assertEquals(List.of(20.0, 20.0, 20.0), seen);
	}

	@Test
	void aParallelFunctionUsingTheStackItMapsFailsInsteadOfWaitingForever() {
		final ImageStack s = uint8Stack(newStack(PixelType.UINT8), 2 * PlaneWorkers.window(true));
		final List<String> before = allPixels(s);
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			s.get(0);
			return img;
		}, true));
		assertTrue(e.getMessage().contains("must not use the stack it maps"), e.getMessage());
		assertEquals(before, allPixels(s));
	}

}
