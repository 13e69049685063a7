package org.imagestack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;

/**
 * The shared list code ({@link ListStack}, {@link StackPrimitives}, {@link AbstractImageStack}) on the smallest
 * backend ({@link PlainStack}, which overrides none of the optional primitives): bounds and their messages, return
 * values, what a map refuses, and when views of the stack go stale.
 */
class ListStackTest {

	/** A 3 x 2 uint8 plane of one value. */
	static Img<UnsignedByteType> plane(final int value) {
		final byte[] px = new byte[6];
		java.util.Arrays.fill(px, (byte) value);
		return ArrayImgs.unsignedBytes(px, 3, 2);
	}

	/** A uint8 stack whose plane i holds 10 * i. */
	static PlainStack stack(final int n) {
		final PlainStack s = new PlainStack(PixelType.UINT8);
		for (int i = 0; i < n; i++)
			s.planes.add(plane(10 * i));
		return s;
	}

	static List<Double> values(final List<? extends RandomAccessibleInterval<? extends RealType<?>>> planes) {
		final List<Double> out = new ArrayList<>();
		for (final RandomAccessibleInterval<? extends RealType<?>> p : planes)
			out.add(p.getAt(0, 0).getRealDouble());
		return out;
	}

	static void assertOutOfBounds(final String message, final Runnable r) {
		final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, r::run);
		assertEquals(message, e.getMessage());
	}

	@Test
	void indicesAreCheckedAtBothEndsWithTheStacksMessage() {
		final PlainStack s = stack(3);
		assertOutOfBounds("Index 3 out of range for a stack of 3 images", () -> s.get(3));
		assertOutOfBounds("Index -1 out of range for a stack of 3 images", () -> s.get(-1));
		assertOutOfBounds("Index 3 out of range for a stack of 3 images", () -> s.set(3, plane(1)));
		assertOutOfBounds("Index 3 out of range for a stack of 3 images", () -> s.remove(3));
		assertOutOfBounds("Index 3 out of range for a stack of 3 images", () -> s.readRegion(3, 0, 0, 1, 1));
		assertOutOfBounds("Index 4 out of range for a stack of 3 images", () -> s.add(4, plane(1)));
		assertOutOfBounds("Index -1 out of range for a stack of 3 images", () -> s.add(-1, plane(1)));
		assertOutOfBounds("Index 4 out of range for a stack of 3 images", () -> s.addAll(4, List.of(plane(1))));
		assertOutOfBounds("Index -1 out of range for a stack of 3 images", () -> s.addAll(-1, List.of(plane(1))));
		assertOutOfBounds("Index 3 out of range for a stack of 3 images", () -> s.removeImage(3));
		assertOutOfBounds("Index -4 out of range for a stack of 3 images", () -> s.removeImage(-4));
		assertOutOfBounds("Index 3 out of range for a stack of 3 images", () -> s.assignAll(new int[] { 0, 3 }, List
			.of(plane(1), plane(2))));
		assertEquals(List.of(0.0, 10.0, 20.0), values(s), "nothing changed");
		assertEquals(20.0, s.get(2).getAt(0, 0).getRealDouble());
		assertEquals(0.0, s.get(0).getAt(0, 0).getRealDouble());
	}

	@Test
	void insertingAtEitherEndAndWhatAddsReturn() {
		final PlainStack s = stack(2);
		assertTrue(s.add(plane(1)));
		s.add(3, plane(2)); // at the end: allowed
		s.add(0, plane(3));
		assertTrue(s.addAll(5, List.of(plane(4), plane(5)))); // at the end
		assertTrue(s.addAll(0, List.of(plane(6))));
		assertTrue(s.addAll(List.of(plane(7))));
		assertEquals(List.of(6.0, 3.0, 0.0, 10.0, 1.0, 2.0, 4.0, 5.0, 7.0), values(s));
		assertFalse(s.addAll(List.of()), "nothing added");
		assertFalse(s.addAll(2, List.of()), "nothing added");
		s.removeImage(-1);
		s.removeImage(0);
		assertEquals(List.of(3.0, 0.0, 10.0, 1.0, 2.0, 4.0, 5.0), values(s));
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void addAllOfSomethingNotAnImageIsAClassCastNamingItAndAddsNothing() {
		final PlainStack s = stack(1);
		final ClassCastException e = assertThrows(ClassCastException.class, () -> ((List) s).addAll(List.of(plane(1),
			"not a plane")));
		assertEquals("not an image: java.lang.String", e.getMessage());
		assertEquals(List.of(0.0), values(s));
		assertThrows(NullPointerException.class, () -> ((List) s).addAll(java.util.Arrays.asList(plane(1), null)));
		assertEquals(List.of(0.0), values(s));
	}

	@Test
	void assignAllStoresEveryTargetOrNone() {
		final PlainStack s = stack(3);
		s.assignAll(new int[] { 2, 0 }, List.of(plane(1), plane(2)));
		assertEquals(List.of(2.0, 10.0, 1.0), values(s));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.assignAll(new int[] {
			0 }, List.of(plane(1), plane(2))));
		assertEquals("2 images provided to override 1 images!", e.getMessage());
		assertEquals(List.of(2.0, 10.0, 1.0), values(s));
	}

	@Test
	void searchesComparePixelsFromEitherEnd() {
		final PlainStack s = stack(3); // 0, 10, 20
		s.add(plane(0));
		assertEquals(0, s.indexOf(plane(0)));
		assertEquals(3, s.lastIndexOf(plane(0)));
		assertEquals(1, s.lastIndexOf(plane(10)));
		assertEquals(-1, s.lastIndexOf(plane(5)));
		assertEquals(-1, s.lastIndexOf("a plane"));
		assertEquals(-1, s.indexOf("a plane"));
		final PlainStack t = stack(2);
		assertEquals(0, t.lastIndexOf(plane(0)), "found at the very start");
		assertFalse(t.remove((Object) plane(5)));
		assertTrue(t.remove((Object) plane(0)));
		assertEquals(List.of(10.0), values(t));
		assertFalse(t.removeAll(List.of(plane(5))));
		assertFalse(t.retainAll(List.of(plane(10), "x")));
		assertTrue(t.retainAll(List.of(plane(5))));
		assertEquals(List.of(), values(t));
		final PlainStack u = stack(4);
		assertTrue(u.removeAll(List.of(plane(10), plane(30), "x")));
		assertEquals(List.of(0.0, 20.0), values(u));
	}

	@Test
	void setReturnsTheOldPlaneAndRangesAreRemovedWhole() {
		final PlainStack s = stack(5); // 0 .. 40
		assertEquals(10.0, s.set(1, plane(11)).getAt(0, 0).getRealDouble());
		assertEquals(11.0, s.get(1).getAt(0, 0).getRealDouble());
		assertEquals(2, s.indexOf(plane(20)));
		assertEquals(-1, s.indexOf(plane(21)));
		assertTrue(s.contains(plane(0)));
		assertFalse(s.contains(plane(21)));
		assertFalse(s.contains("a plane"));
		s.subList(1, 3).clear();
		assertEquals(List.of(0.0, 30.0, 40.0), values(s));
		s.subList(2, 2).clear();
		assertEquals(List.of(0.0, 30.0, 40.0), values(s));
		s.subList(0, 1).clear();
		assertEquals(List.of(30.0, 40.0), values(s));
		s.clear();
		assertEquals(0, s.size());
		assertEquals(List.of(), values(s));
	}

	@Test
	void stacksAreEqualOnlyToThemselves() {
		final PlainStack a = stack(2), b = stack(2);
		assertTrue(a.equals(a));
		assertFalse(a.equals(b), "same planes, another stack");
		assertNotEquals(a, List.copyOf(a));
		assertEquals(System.identityHashCode(a), a.hashCode());
		assertEquals("ImageStack: 2 images, uint8", a.toString());
	}

	/** Every change a function of a map must not make, with the name its message gives. */
	static Map<String, Consumer<PlainStack>> changes() {
		final Map<String, Consumer<PlainStack>> m = new LinkedHashMap<>();
		m.put("addImage", s -> s.addImage(plane(1)));
		m.put("add", s -> s.add(0, plane(1)));
		m.put("addAll", s -> s.addAll(List.of(plane(1))));
		m.put("set", s -> s.set(0, plane(1)));
		m.put("set ", s -> s.assignAll(new int[] { 0 }, List.of(plane(1))));
		m.put("remove", s -> s.remove(0));
		m.put("removeImage", s -> s.removeImage(0));
		m.put("removing planes", s -> s.subList(0, 1).clear());
		m.put("removeAll", s -> s.removeAll(List.of(plane(0))));
		m.put("retainAll", s -> s.retainAll(List.of()));
		m.put("executeFunction", s -> s.executeFunction(img -> img));
		m.put("executeRollingFunction", s -> s.executeRollingFunction((a, b) -> b, true));
		return m;
	}

	@Test
	void aMapsFunctionMayReadButNotChangeItsStack() {
		for (final Map.Entry<String, Consumer<PlainStack>> change : changes().entrySet()) {
			final PlainStack s = stack(2);
			final List<String> seen = new ArrayList<>();
			final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
				seen.add(s.get(1).getAt(0, 0).toString()); // reading is fine
				change.getValue().accept(s);
				return img;
			}), change.getKey());
			assertTrue(e.getMessage().startsWith(change.getKey().trim() + " during executeFunction or " +
				"executeRollingFunction of the same stack"), e.getMessage());
			assertEquals(List.of("10"), seen);
			assertEquals(List.of(0.0, 10.0), values(s), change.getKey() + ": nothing changed");
			// and after the map, the same change works
			change.getValue().accept(s);
		}
	}

	/** Structural changes: each one must make a view of the stack stale, also after another one that undoes it. */
	static Map<String, Consumer<PlainStack>> structuralChanges() {
		final Map<String, Consumer<PlainStack>> m = new LinkedHashMap<>();
		m.put("addImage", s -> s.addImage(plane(1)));
		m.put("add", s -> s.add(0, plane(1)));
		m.put("addAll", s -> s.addAll(List.of(plane(1))));
		m.put("addAll at", s -> s.addAll(1, List.of(plane(1))));
		m.put("remove", s -> s.remove(0));
		m.put("removeImage", s -> s.removeImage(-1));
		m.put("removeRange", s -> s.subList(0, 1).clear());
		m.put("clear", ImageStack::clear);
		m.put("removeAll", s -> s.removeAll(List.of(plane(0))));
		m.put("retainAll", s -> s.retainAll(List.of(plane(0))));
		m.put("remove(Object)", s -> s.remove((Object) plane(10)));
		m.put("rolling map dropping the first", s -> s.executeRollingFunction((a, b) -> b, false));
		return m;
	}

	@Test
	void viewsGoStaleAfterEveryStructuralChangeEvenWhenUndone() {
		for (final Map.Entry<String, Consumer<PlainStack>> change : structuralChanges().entrySet()) {
			for (final Consumer<PlainStack> undo : List.<Consumer<PlainStack>> of(s -> s.add(0, plane(5)), s -> s
				.remove(0)))
			{
				final PlainStack s = stack(3);
				final ImageStack view = s.slice(0, 1);
				assertEquals(List.of(0.0, 10.0), values(view));
				change.getValue().accept(s);
				if (s.isEmpty()) s.add(plane(5));
				undo.accept(s);
				final ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class,
					view::size, change.getKey());
				assertTrue(e.getMessage().contains("is stale"), e.getMessage());
			}
		}
	}

	@Test
	void changesThatAddOrRemoveNothingKeepViewsValid() {
		final Map<String, Consumer<PlainStack>> m = new LinkedHashMap<>();
		m.put("set", s -> s.set(0, plane(1)));
		m.put("addAll of nothing", s -> s.addAll(List.of()));
		m.put("addAll at of nothing", s -> s.addAll(1, List.of()));
		m.put("removeAll of nothing there", s -> s.removeAll(List.of(plane(99))));
		m.put("retainAll of all", s -> s.retainAll(List.of(plane(0), plane(10), plane(20))));
		m.put("map", s -> s.executeFunction(img -> plane(7)));
		m.put("rolling map keeping the first", s -> s.executeRollingFunction((a, b) -> b, true));
		for (final Map.Entry<String, Consumer<PlainStack>> change : m.entrySet()) {
			final PlainStack s = stack(3);
			final ImageStack view = s.slice(2, 0);
			change.getValue().accept(s);
			assertEquals(2, view.size(), change.getKey());
		}
	}

	@Test
	void mapsOnTheDefaultPrimitivesReplaceEveryPlane() {
		final PlainStack s = stack(3);
		s.executeFunction(img -> plane((int) img.getAt(0, 0).getRealDouble() + 1));
		assertEquals(List.of(1.0, 11.0, 21.0), values(s));
		s.executeFunction(img -> null, true); // null: changed in place (here: not at all)
		assertEquals(List.of(1.0, 11.0, 21.0), values(s));
		s.executeRollingFunction((a, b) -> plane((int) (b.getAt(0, 0).getRealDouble() - a.getAt(0, 0)
			.getRealDouble())), false);
		assertEquals(List.of(10.0, 10.0), values(s));
	}

	/**
	 * In parallel, plane 1 is the current plane of one task and the previous plane of another: a function changing
	 * its current plane in place must not change what the other task reads. The task of plane 2 waits (up to 10 s)
	 * until the task of plane 1 has changed its plane, so that on two or more cores the order that would show a shared
	 * plane is forced; on one core the wait times out and the test still passes when the planes are kept apart.
	 */
	@Test
	void aParallelRollingFunctionChangingItsPlaneInPlaceLeavesThePreviousPlaneAlone() throws Exception {
		final PlainStack s = new PlainStack(PixelType.UINT8);
		for (final int v : new int[] { 5, 10, 20 })
			s.add(plane(v));
		final java.util.concurrent.CountDownLatch plane1Changed = new java.util.concurrent.CountDownLatch(1);
		s.executeRollingFunction((previous, current) -> {
			final double cur = current.getAt(0, 0).getRealDouble();
			try {
				if (cur == 20) plane1Changed.await(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (final InterruptedException e) {
				throw new IllegalStateException(e);
			}
			final double prev = previous.getAt(0, 0).getRealDouble();
			for (final RealType<?> t : current)
				t.setReal(t.getRealDouble() + prev);
			if (cur == 10) plane1Changed.countDown();
			return null; // changed in place
		}, true, true);
		assertEquals(List.of(5.0, 15.0, 30.0), values(s), "plane 2 = 20 + the original 10 of plane 1");
	}

	@Test
	void theStackLockIsHeldOnlyInsideACall() {
		final PlainStack s = stack(1);
		assertFalse(s.holdsStackLock());
		assertTrue(s.locked(s::holdsStackLock));
		final List<Boolean> inside = new ArrayList<>();
		s.executeFunction(img -> {
			inside.add(s.holdsStackLock());
			return img;
		});
		assertEquals(List.of(true), inside);
		assertFalse(s.holdsStackLock());
	}

	@Test
	void viewsOfThePlainStackReadAndWriteThrough() {
		final PlainStack s = stack(4);
		final ImageStack v = s.slice(3, 1);
		assertEquals(List.of(30.0, 10.0), values(v));
		v.set(0, plane(9));
		assertEquals(List.of(0.0, 10.0, 20.0, 9.0), values(s));
		final ImageStack copy = v.copy();
		s.set(1, plane(8));
		assertEquals(List.of(9.0, 10.0), values(copy), "a copy is detached");
		assertSame(PixelType.UINT8, copy.pixelType());
		final Collection<Img<? extends RealType<?>>> none = List.of();
		assertFalse(v.addAll(none));
	}
}
