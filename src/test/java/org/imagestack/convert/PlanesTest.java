package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.FinalInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;

/**
 * {@link Planes}: numpy's {@code nbytes}, deep copies, planes gathered into one array image from array images, cell
 * images and views of each of the eleven types, the one-array size limit, and bit-for-bit comparison.
 */
class PlanesTest {

	/** A 5 x 3 plane of a type with distinct pixel values (1 .. 15; bool: alternating), in an array image. */
	private static Img<? extends RealType<?>> plane(final PixelType type) {
		return fill(cast(type.createImg(5, 3)), type);
	}

	/** The same plane in a cell image of 2 x 2 cells (cells cut by the image's edge). */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Img<? extends RealType<?>> cellPlane(final PixelType type) {
		final NativeType t = (NativeType) type.createType();
		return fill((Img<? extends RealType<?>>) new CellImgFactory(t, 2).create(5, 3), type);
	}

	private static Img<? extends RealType<?>> fill(final Img<? extends RealType<?>> img, final PixelType type) {
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(img))
			t.setReal(type == PixelType.BOOL ? ++i % 2 : ++i);
		return img;
	}

	@SuppressWarnings("unchecked")
	private static Img<? extends RealType<?>> cast(final ArrayImg<?, ?> img) {
		return (Img<? extends RealType<?>>) img;
	}

	/** @return the pixel values in flat order */
	private static double[] values(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final double[] out = new double[(int) net.imglib2.util.Intervals.numElements(img)];
		int i = 0;
		for (final RealType<?> t : Views.flatIterable(img))
			out[i++] = t.getRealDouble();
		return out;
	}

	@Test
	void nbytesIsNumpysPixelsTimesItemSize() {
		final long[] itemSize = { 1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8 }; // numpy's itemsize, in PixelType's order
		for (final PixelType type : PixelType.values()) {
			assertEquals(15 * itemSize[type.ordinal()], Planes.nbytes(plane(type)), type.toString());
			assertEquals(15 * itemSize[type.ordinal()], Planes.nbytes(cellPlane(type)), type + " in cells");
		}
	}

	@Test
	void copyIsDeepAndIndependent() {
		final Img<DoubleType> img = ArrayImgs.doubles(new double[] { 1, 2, 3, 4 }, 2, 2);
		final Img<? extends RealType<?>> copy = Planes.copy(img);
		assertNotSame(img, copy);
		assertArrayEquals(values(img), values(copy));
		copy.firstElement().setReal(99);
		assertEquals(1, img.firstElement().getRealDouble(), "the original changed with its copy");
	}

	/** The plane through an extended view cut back to its interval: neither an array nor a cell image. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RandomAccessibleInterval<? extends RealType<?>> extendedView(final Img<? extends RealType<?>> img) {
		return Views.interval(Views.extendZero((Img) img), new FinalInterval(5, 3));
	}

	@Test
	void asArrayImgGathersCellsAndViewsOfEveryType() {
		for (final PixelType type : PixelType.values()) {
			final Img<? extends RealType<?>> array = plane(type);
			assertSame(array, Planes.asArrayImg(array), type + ": an array image is itself");
			assertSame(array, Planes.arrayPlane(array), type + ": an array image is itself");
			for (final RandomAccessibleInterval<? extends RealType<?>> other : java.util.List.of(cellPlane(type), Views
				.translate(array, 7, -2), extendedView(array)))
			{
				final ArrayImg<?, ?> gathered = Planes.asArrayImg(other);
				final String what = type + " from " + other.getClass().getSimpleName();
				assertEquals(type, PixelType.of(gathered), what);
				assertArrayEquals(new long[] { 5, 3 }, Planes.dims(gathered), what);
				assertArrayEquals(values(array), values(cast(gathered)), what);
				assertEquals(PixelArrays.newArray(type, 0).getClass(), Planes.storage(gathered).getClass(), what);
				assertArrayEquals(values(array), values(Planes.arrayPlane(other)), what);
			}
		}
	}

	@Test
	void storageIsTheArrayBehindTheImage() {
		final float[] pixels = { 0.5f, 0.25f };
		assertSame(pixels, Planes.storage(ArrayImgs.floats(pixels, 2, 1)));
		final ArrayImg<?, ?> gathered = Planes.asArrayImg(cellPlane(PixelType.INT16));
		final short[] s = (short[]) Planes.storage(gathered);
		assertEquals(15, s.length);
		assertEquals(15, s[14]);
	}

	@Test
	void newArrayIsZeroFilledOfThePixelsArrayClass() {
		final Class<?>[] classes = { boolean[].class, byte[].class, byte[].class, short[].class, short[].class,
			int[].class, int[].class, long[].class, long[].class, float[].class, double[].class };
		for (final PixelType type : PixelType.values()) {
			final Object a = Planes.newArray(type, 6);
			assertEquals(classes[type.ordinal()], a.getClass(), type.toString());
			assertEquals(6, java.lang.reflect.Array.getLength(a), type.toString());
			for (int i = 0; i < 6; i++)
				assertEquals(type == PixelType.BOOL ? Boolean.FALSE : (Object) 0.0, type == PixelType.BOOL
					? java.lang.reflect.Array.get(a, i) : (Object) ((Number) java.lang.reflect.Array.get(a, i))
						.doubleValue(), type + " [" + i + "]");
		}
	}

	@Test
	void dimsAreTheSizesNotTheBounds() {
		assertArrayEquals(new long[] { 5, 3 }, Planes.dims(Views.translate(plane(PixelType.UINT8), 100, 200)));
		assertArrayEquals(new long[] { 4, 1, 3 }, Planes.dims(ArrayImgs.bytes(4, 1, 3)));
	}

	/** A plane of {@code pixels} zero pixels that allocates nothing (a view of a 1-pixel image, extended). */
	private static RandomAccessibleInterval<? extends RealType<?>> huge(final long width, final long height) {
		return Views.interval(Views.extendZero(ArrayImgs.unsignedBytes(1, 1)), new FinalInterval(width, height));
	}

	@Test
	void aPlaneLargerThanOneJavaArrayIsRefusedSayingWhatToDo() {
		final long max = Planes.MAX_ARRAY_PIXELS;
		assertEquals(Integer.MAX_VALUE - 8, max);
		Planes.checkFitsOneArray(huge(max, 1)); // the largest that fits: no exception
		final RandomAccessibleInterval<? extends RealType<?>> tooLarge = huge(max + 1, 1);
		final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Planes
			.checkFitsOneArray(tooLarge));
		assertTrue(e.getMessage().contains("[" + (max + 1) + ", 1] = " + (max + 1) + " pixels"), e.getMessage());
		assertTrue(e.getMessage().contains("a region at a time"), e.getMessage());
		// asArrayImg checks before it allocates anything
		final RandomAccessibleInterval<? extends RealType<?>> square = huge(50_000, 50_000);
		final UnsupportedOperationException a = assertThrows(UnsupportedOperationException.class, () -> Planes
			.asArrayImg(square));
		assertTrue(a.getMessage().contains("[50000, 50000] = 2500000000 pixels"), a.getMessage());
		assertThrows(UnsupportedOperationException.class, () -> Planes.arrayPlane(square));
	}

	@Test
	void samePixelsComparesDimensionsTypeAndEveryPixelBitForBit() {
		for (final PixelType type : PixelType.values()) {
			final Img<? extends RealType<?>> a = plane(type);
			assertTrue(Planes.samePixels(a, a), type.toString());
			assertTrue(Planes.samePixels(a, plane(type)), type + ": equal arrays");
			assertTrue(Planes.samePixels(a, cellPlane(type)), type + ": equal cells");
			assertTrue(Planes.samePixels(cellPlane(type), a), type + ": equal cells");
			for (int at : new int[] { 0, 7, 14 }) {
				final Img<? extends RealType<?>> b = plane(type);
				final RealType<?> t = b.getAt(at % 5, at / 5);
				t.setReal(type == PixelType.BOOL ? 1 - t.getRealDouble() : t.getRealDouble() + 1);
				assertFalse(Planes.samePixels(a, b), type + ": pixel " + at + " differs");
				assertFalse(Planes.samePixels(b, a), type + ": pixel " + at + " differs");
			}
			final PixelType other = type == PixelType.INT8 ? PixelType.UINT8 : PixelType.INT8;
			assertFalse(Planes.samePixels(a, plane(other)), type + " vs " + other);
			final Img<? extends RealType<?>> wider = fill(cast(type.createImg(3, 5)), type);
			assertFalse(Planes.samePixels(a, wider), type + ": 5 x 3 vs 3 x 5");
		}
		// bit for bit: NaN equals NaN, -0.0 is not 0.0
		assertTrue(Planes.samePixels(ArrayImgs.floats(new float[] { Float.NaN }, 1, 1), ArrayImgs.floats(new float[] {
			Float.NaN }, 1, 1)));
		assertTrue(Planes.samePixels(ArrayImgs.doubles(new double[] { Double.NaN }, 1, 1), ArrayImgs.doubles(
			new double[] { Double.NaN }, 1, 1)));
		assertFalse(Planes.samePixels(ArrayImgs.doubles(new double[] { -0.0 }, 1, 1), ArrayImgs.doubles(new double[] {
			0.0 }, 1, 1)));
	}
}
