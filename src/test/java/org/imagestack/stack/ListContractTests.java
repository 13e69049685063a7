package org.imagestack.stack;

import static org.imagestack.stack.AbstractImageStackTest.at;
import static org.imagestack.stack.AbstractImageStackTest.constant;
import static org.imagestack.stack.AbstractImageStackTest.firstPixels;
import static org.imagestack.stack.AbstractImageStackTest.ramp;
import static org.imagestack.stack.AbstractImageStackTest.writeFirstPixel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PySlice;
import org.python.core.PySystemState;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;

/**
 * The {@code java.util.List} contract as every stack keeps it (part of {@link AbstractImageStackTest}, so it runs on
 * every backend): edits in place survive every move, copies and slices never share an edit they should not, plane
 * equality is pixel equality for every method, views fail fast, Python's indices and slice assignment.
 */
interface ListContractTests {

	/** @return a new stack of the backend under test, disposed of after the test */
	ImageStack stack(PixelType type);

	/** @return {@code made}, disposed of after the test (a copy, say) */
	<S extends ImageStack> S keep(S made);

	/** Makes the stack's state the saved one where the backend saves (a database stack), else nothing. */
	void checkpoint(ImageStack s);

	/** @param s a stack of {@code n} 5 x 4 uint8 ramps, planes 0, 10, 20, ... at pixel (0, 0) */
	static ImageStack ramps(final ImageStack s, final int n) {
		for (int i = 0; i < n; i++)
			s.addImage(ramp(10 * i, 5, 4));
		return s;
	}

	private ImageStack savedRamps(final int n) {
		final ImageStack s = ramps(stack(PixelType.UINT8), n);
		checkpoint(s);
		return s;
	}

	@Test
	default void anEditInPlaceMovesWithItsPlane() {
		ImageStack s = savedRamps(3);
		Img<? extends RealType<?>> p = s.get(1);
		p.firstElement().setReal(99);
		Collections.swap(s, 0, 1);
		assertEquals(List.of(99.0, 0.0, 20.0), firstPixels(s), "swap keeps the edit");

		s = savedRamps(3);
		p = s.get(1);
		p.firstElement().setReal(98);
		s.add(s.remove(1));
		assertEquals(List.of(0.0, 20.0, 98.0), firstPixels(s), "remove + add keeps the edit");

		s = savedRamps(3);
		p = s.get(2);
		p.firstElement().setReal(97);
		final Img<? extends RealType<?>> old = s.set(2, ramp(5, 5, 4));
		assertEquals(97, at(old, 0, 0), "set returns the plane with its edit");
		s.set(0, old);
		assertEquals(List.of(97.0, 10.0, 5.0), firstPixels(s), "set keeps the edit");

		s = savedRamps(4);
		for (int i = 0; i < 4; i++)
			s.get(i).firstElement().setReal(200 - i);
		s.sort((a, b) -> Double.compare(at(a, 0, 0), at(b, 0, 0)));
		assertEquals(List.of(197.0, 198.0, 199.0, 200.0), firstPixels(s), "sort keeps every edit");
	}

	@Test
	default void copiesAndSlicesNeverShareAnEdit() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 3);
		final Img<? extends RealType<?>> p = s.get(0);
		final ImageStack c = keep(s.copy());
		final ImageStack detached = s.slice(0, 1).copy();
		p.firstElement().setReal(111);
		assertEquals(111, at(s.get(0), 0, 0));
		assertEquals(0, at(c.get(0), 0, 0), "an edit of the original after copy() leaves the copy");
		assertEquals(0, at(detached.get(0), 0, 0), "and a detached slice");
		c.get(1).firstElement().setReal(112);
		assertEquals(10, at(s.get(1), 0, 0), "an edit of the copy leaves the original");
		s.set(1, s.get(0));
		assertEquals(List.of(111.0, 111.0, 20.0), firstPixels(s));
		s.get(0).firstElement().setReal(113);
		assertEquals(List.of(113.0, 111.0, 20.0), firstPixels(s), "set(1, get(0)) copies: one edit, one plane");
		s.get(1).firstElement().setReal(114);
		assertEquals(List.of(113.0, 114.0, 20.0), firstPixels(s));
		s.add(s.get(2));
		s.get(3).firstElement().setReal(115);
		assertEquals(List.of(113.0, 114.0, 20.0, 115.0), firstPixels(s), "add(get(2)) copies too");
	}

	@Test
	default void aSliceOfAMemoryStackIsIndependentAndAViewWritesThrough() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 3);
		final Img<? extends RealType<?>> p = s.get(1);
		final ImageStack v = s.slice(1, 2);
		p.firstElement().setReal(120);
		v.get(1).firstElement().setReal(121);
		if (v instanceof StackView) {
			assertEquals(List.of(120.0, 121.0), firstPixels(v), "a view reads and writes through");
			assertEquals(List.of(0.0, 120.0, 121.0), firstPixels(s));
		}
		else {
			assertEquals(List.of(10.0, 121.0), firstPixels(v), "a slice is a copy-on-write copy");
			assertEquals(List.of(0.0, 120.0, 20.0), firstPixels(s));
		}
	}

	@Test
	default void planeEqualityIsPixelEqualityForEveryMethod() {
		ImageStack s = ramps(stack(PixelType.UINT8), 4);
		assertTrue(s.retainAll(List.of(s.get(1), ramp(30, 5, 4))));
		assertEquals(List.of(10.0, 30.0), firstPixels(s), "retainAll keeps the planes with the same pixels");
		assertFalse(s.retainAll(List.of(ramp(10, 5, 4), ramp(30, 5, 4))), "nothing to remove");

		s = ramps(stack(PixelType.UINT8), 4);
		assertTrue(s.removeAll(List.of(s.get(1), ramp(20, 5, 4))));
		assertEquals(List.of(0.0, 30.0), firstPixels(s), "removeAll removes the planes with the same pixels");
		assertFalse(s.removeAll(List.of(ramp(11, 5, 4), "not an image")));
		assertTrue(s.containsAll(List.of(ramp(0, 5, 4), s.get(1))));
		assertFalse(s.containsAll(List.of(ramp(0, 5, 4), ramp(1, 5, 4))));

		s = ramps(stack(PixelType.UINT8), 2);
		assertTrue(s.addAll(s));
		assertEquals(List.of(0.0, 10.0, 0.0, 10.0), firstPixels(s), "addAll(itself) doubles the stack");
		s.get(2).firstElement().setReal(130);
		assertEquals(List.of(0.0, 10.0, 130.0, 10.0), firstPixels(s), "each plane its own");
		assertTrue(s.addAll(1, s.subList(2, 4)));
		assertEquals(List.of(0.0, 130.0, 10.0, 10.0, 130.0, 10.0), firstPixels(s));
		assertEquals(1, s.indexOf(s.get(4)));
		assertEquals(4, s.lastIndexOf(s.get(1)));
		assertTrue(s.remove((Object) ramp(10, 5, 4)));
		assertEquals(List.of(0.0, 130.0, 10.0, 130.0, 10.0), firstPixels(s), "remove(Object): the first equal plane");
	}

	@Test
	default void aViewFailsFastAfterItsParentChanged() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 4);
		final ImageStack v = s.slice(1, 3);
		if (!(v instanceof StackView)) return; // a memory stack's slice is a stack of its own
		s.remove(0);
		for (final Runnable use : List.<Runnable> of(() -> v.get(0), () -> v.set(1, ramp(1, 5, 4)), v::size,
			() -> v.executeFunction(img -> img), v::copy))
		{
			final ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, use::run);
			assertTrue(e.getMessage() != null && e.getMessage().contains("added or removed") && e.getMessage()
				.contains("slice again"), e.getMessage());
		}
		assertEquals(List.of(10.0, 20.0, 30.0), firstPixels(s), "nothing was written through the stale view");
		final ImageStack fresh = s.slice(0, 2);
		s.set(0, ramp(3, 5, 4));
		assertEquals(List.of(3.0, 30.0), firstPixels(fresh), "set is no structural change: the view lives on");
	}

	@Test
	default void aSubListFailsFastAfterItsStackChanged() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 4);
		final List<Img<? extends RealType<?>>> sub = s.subList(1, 3);
		sub.remove(0); // through the subList: fine
		assertEquals(List.of(0.0, 20.0, 30.0), firstPixels(s));
		assertEquals(List.of(20.0), firstPixels(sub));
		s.add(ramp(40, 5, 4));
		final ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, () -> sub.get(
			0));
		assertTrue(e.getMessage() != null && e.getMessage().contains("subList(1, 3) is stale") && e.getMessage()
			.contains("take subList again"), e.getMessage());
	}

	@Test
	default void pythonIndicesNeverWrap() {
		PySystemState.initialize(); // Python's exception types, as inside Jython
		final AbstractImageStack s = (AbstractImageStack) ramps(stack(PixelType.UINT8), 3);
		final BigInteger big = BigInteger.ONE.shiftLeft(64);
		for (final BigInteger k : List.of(big, big.add(BigInteger.ONE), big.negate(), BigInteger.valueOf(
			Long.MAX_VALUE).add(BigInteger.TWO), BigInteger.valueOf(3), BigInteger.valueOf(-4)))
		{
			assertIndexError(() -> s.__getitem__(k));
			assertIndexError(() -> s.__setitem__(k, ramp(1, 5, 4)));
			assertIndexError(() -> s.__delitem__(k));
		}
		assertEquals(20, at((Img<? extends RealType<?>>) s.__getitem__(BigInteger.valueOf(-1)), 0, 0));
		assertEquals(List.of(0.0, 10.0, 20.0), firstPixels(s), "nothing changed");
	}

	@Test
	default void sliceAssignmentIsAllOrNothing() {
		PySystemState.initialize();
		final AbstractImageStack s = (AbstractImageStack) ramps(stack(PixelType.UINT8), 3);
		final PySlice first2 = new PySlice(Py.newInteger(0), Py.newInteger(2), Py.None);
		for (final Object bad : List.of(ArrayImgs.unsignedBytes(5, 4, 2), constant(3f, 5, 4))) {
			assertThrows(RuntimeException.class, () -> s.__setitem__(first2, List.of(ramp(50, 5, 4), bad)));
			assertEquals(List.of(0.0, 10.0, 20.0), firstPixels(s), "nothing assigned when " + bad + " fails");
		}
		s.__setitem__(first2, List.of(ramp(50, 5, 4), constant(1f, 5, 4)));
		assertEquals(List.of(50.0, 255.0, 20.0), firstPixels(s));
		assertThrows(IllegalArgumentException.class, () -> s.extend(List.of(ramp(60, 5, 4), constant(3f, 5, 4))));
		assertThrows(IllegalArgumentException.class, () -> s.addAll(List.of(ramp(60, 5, 4), ArrayImgs.unsignedBytes(
			5, 4, 2))));
		assertEquals(List.of(50.0, 255.0, 20.0), firstPixels(s), "extend and addAll: all or nothing");
	}

	@Test
	default void listOperationsFollowJavaUtilList() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 4);
		assertEquals(4, s.size());
		assertEquals(30, at(s.get(3), 0, 0));
		final Img<? extends RealType<?>> old = s.set(1, constant(1f, 5, 4));
		assertEquals(10, at(old, 0, 0));
		assertEquals(255, at(s.get(1), 2, 2), "set converts float32 1.0 to uint8 255");
		s.add(0, ramp(99, 5, 4));
		assertEquals(5, s.size());
		assertEquals(99, at(s.get(0), 0, 0));
		final Img<? extends RealType<?>> removed = s.remove(0);
		assertEquals(99, at(removed, 0, 0));
		assertEquals(4, s.size());
		assertEquals(List.of(0.0, 255.0, 20.0, 30.0), firstPixels(s));
		assertEquals(List.of(20.0, 30.0), firstPixels(s.subList(2, 4)));
		final Iterator<Img<? extends RealType<?>>> it = s.iterator();
		it.next();
		it.remove();
		assertEquals(List.of(255.0, 20.0, 30.0), firstPixels(s));
		assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
		assertThrows(IndexOutOfBoundsException.class, () -> s.get(-1));
		s.subList(0, 2).clear();
		assertEquals(List.of(30.0), firstPixels(s));
		s.clear();
		assertTrue(s.isEmpty());
		assertEquals(0, s.nbytes());
	}

	@Test
	default void removeImageTakesPythonIndices() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 5);
		s.removeImage();
		assertEquals(List.of(0.0, 10.0, 20.0, 30.0), firstPixels(s));
		s.removeImage(-2);
		assertEquals(List.of(0.0, 10.0, 30.0), firstPixels(s));
		s.removeImage(0);
		assertEquals(List.of(10.0, 30.0), firstPixels(s));
		final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.removeImage(2));
		assertEquals("Index 2 out of range for a stack of 2 images", e.getMessage());
		assertThrows(IndexOutOfBoundsException.class, () -> s.removeImage(-3));
		assertEquals(2, s.size(), "a failed remove changes nothing");
	}

	@Test
	default void slicesKeepTheTypeAndSelectedPlanes() {
		final ImageStack s = ramps(stack(PixelType.INT16), 6);
		final ImageStack even = keep(s.slice(0, 2, 4));
		assertEquals(PixelType.INT16, even.pixelType());
		assertEquals(3, even.size());
		assertEquals(firstPixels(List.of(s.get(0), s.get(2), s.get(4))), firstPixels(even));
		final ImageStack detached = keep(even.copy());
		assertEquals(3, detached.size());
		assertFalse(detached.isEmpty());
	}

	@Test
	default void containsComparesPixels() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 3);
		assertTrue(s.contains(ramp(10, 5, 4)), "an equal plane made anew is in the stack");
		assertEquals(2, s.indexOf(ramp(20, 5, 4)));
		assertFalse(s.contains(ramp(11, 5, 4)));
		assertFalse(s.contains(ramp(10, 4, 5)), "other dimensions");
		assertFalse(s.contains("not an image"));
		assertTrue(s.remove(ramp(0, 5, 4)));
		assertEquals(2, s.size());
	}

	@Test
	default void copiesAreIndependent() {
		final ImageStack s = ramps(stack(PixelType.UINT8), 3);
		final ImageStack c = keep(s.copy());
		assertNotSame(s, c);
		assertEquals(s.pixelType(), c.pixelType());
		assertEquals(firstPixels(s), firstPixels(c));
		writeFirstPixel(c, 0, 200);
		assertEquals(0, at(s.get(0), 0, 0), "editing the copy leaves the original");
		writeFirstPixel(s, 1, 201);
		assertEquals(10, at(c.get(1), 0, 0), "editing the original leaves the copy");
		c.removeImage();
		assertEquals(3, s.size());
		s.changeType(PixelType.FLOAT32);
		assertEquals(PixelType.UINT8, c.pixelType());
	}

	private static void assertIndexError(final Runnable r) {
		final PyException e = assertThrows(PyException.class, r::run);
		assertTrue(e.match(Py.IndexError), () -> e.type + ": " + e.value + " " + e.getCause());
	}
}
