package org.imagestack.stack;

import static org.imagestack.stack.ListStackTest.plane;
import static org.imagestack.stack.ListStackTest.stack;
import static org.imagestack.stack.ListStackTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ConcurrentModificationException;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;

/**
 * {@link StackView} (what {@code slice} gives on a backend that does not make its own views) and
 * {@link StackSubList}: reading and writing through, fixed length, the parent's type, copies, and the messages of a
 * stale view.
 */
class StackViewTest {

	@Test
	void aViewReadsAndWritesThroughInItsOrder() {
		final PlainStack s = stack(5); // 0 .. 40
		final ImageStack v = s.slice(4, 0, 2);
		assertEquals(3, v.size());
		assertEquals(List.of(40.0, 0.0, 20.0), values(v));
		assertEquals(PixelType.UINT8, v.pixelType());
		final Img<? extends RealType<?>> old = v.set(1, plane(7));
		assertEquals(0.0, old.getAt(0, 0).getRealDouble());
		assertEquals(List.of(7.0, 10.0, 20.0, 30.0, 40.0), values(s));
		v.executeFunction(img -> plane((int) img.getAt(0, 0).getRealDouble() + 1));
		assertEquals(List.of(8.0, 10.0, 21.0, 30.0, 41.0), values(s), "a map of the view maps the parent's planes");
		assertEquals(List.of(41.0, 8.0, 21.0), values(v));
		assertEquals(0, v.nbytes(), "a view holds no planes of its own");
		assertEquals(1, v.indexOf(plane(8)));
	}

	@Test
	void aViewOfAViewMapsToTheParentsPlanes() {
		final PlainStack s = stack(5);
		final ImageStack v = s.slice(4, 3, 2, 1);
		final ImageStack w = v.slice(3, 0);
		assertEquals(List.of(10.0, 40.0), values(w));
		w.set(0, plane(1));
		assertEquals(List.of(0.0, 1.0, 20.0, 30.0, 40.0), values(s));
		final ImageStack c = v.slice(1, 2).copy();
		s.set(3, plane(99));
		assertEquals(List.of(30.0, 20.0), values(c), "a copy is detached from the parent");
		assertEquals(PixelType.UINT8, c.pixelType());
		final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> v.slice(0, 4));
		assertEquals("Index 4 out of range for a stack of 4 images", e.getMessage());
		final IndexOutOfBoundsException p = assertThrows(IndexOutOfBoundsException.class, () -> s.slice(5));
		assertEquals("Index 5 out of range for a stack of 5 images", p.getMessage());
		assertEquals(List.of(40.0, 99.0), values(v.copy().subList(0, 2)));
	}

	@Test
	void aViewHasAFixedLengthAndItsParentsType() {
		final PlainStack s = stack(3);
		final ImageStack v = s.slice(0, 1);
		for (final Runnable change : List.<Runnable> of(() -> v.add(plane(1)), () -> v.add(0, plane(1)), () -> v
			.remove(0), () -> v.removeImage(-1), v::clear))
		{
			final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, change::run);
			assertEquals("A stack view has a fixed length: add or remove planes in the stack it views, or detach it " +
				"with copy()", e.getMessage());
		}
		v.changeType(PixelType.UINT8); // its own type: nothing to do
		final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> v.changeType(
			PixelType.FLOAT32));
		assertEquals("A stack view keeps its parent's type uint8: change the parent's type, or detach the view with " +
			"copy()", e.getMessage());
		assertEquals(List.of(0.0, 10.0, 20.0), values(s), "nothing changed");
		assertEquals(2, v.size());
	}

	@Test
	void aStaleViewSaysSoInEveryUseAndInItsName() {
		final PlainStack s = stack(3);
		final ImageStack v = s.slice(2, 0);
		assertEquals("ImageStack: 2 images, uint8 (view of planes [2, 0] of ImageStack: 3 images, uint8)", v
			.toString());
		s.add(plane(1));
		assertEquals("ImageStack: stale view of planes [2, 0] of ImageStack: 4 images, uint8", v.toString());
		for (final Runnable use : List.<Runnable> of(v::size, () -> v.get(0), () -> v.set(0, plane(1)), v::copy,
			() -> v.slice(0), () -> v.executeFunction(img -> img), () -> v.indexOf(plane(0))))
		{
			final ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, use::run);
			assertTrue(e.getMessage().startsWith("This view of planes [2, 0] is stale: planes were added or removed"),
				e.getMessage());
			assertTrue(e.getMessage().endsWith("since the view was made; slice again"), e.getMessage());
		}
		assertEquals(List.of(0.0, 10.0, 20.0, 1.0), values(s), "nothing changed");
	}

	/** An iterator of a subList fails fast after the subList's own adds and removes, even when they cancel out. */
	@Test
	void aSubListsIteratorsSeeItsOwnChanges() {
		for (final String change : List.of("add", "remove", "removeRange")) {
			final PlainStack s = stack(4);
			final List<Img<? extends RealType<?>>> sub = s.subList(1, 3);
			final java.util.Iterator<Img<? extends RealType<?>>> it = sub.iterator();
			if (change.equals("add")) sub.add(0, plane(1));
			else if (change.equals("remove")) sub.remove(0);
			else sub.subList(0, 1).clear();
			// and the opposite change through the stack's list code, so that the count of changes alone is back
			if (change.equals("add")) sub.remove(0);
			else sub.add(0, plane(10));
			assertThrows(ConcurrentModificationException.class, it::next, change);
			assertEquals(List.of(0.0, 10.0, 20.0, 30.0), values(s), change);
		}
	}

	@Test
	void aSubListWritesThroughAndSaysWhenItIsStale() {
		final PlainStack s = stack(4); // 0, 10, 20, 30
		final List<Img<? extends RealType<?>>> sub = s.subList(1, 3);
		assertEquals(2, sub.size());
		assertEquals(20.0, sub.get(1).getAt(0, 0).getRealDouble());
		assertEquals(10.0, sub.set(0, plane(11)).getAt(0, 0).getRealDouble());
		sub.add(1, plane(15));
		assertEquals(List.of(0.0, 11.0, 15.0, 20.0, 30.0), values(s));
		assertEquals(15.0, sub.remove(1).getAt(0, 0).getRealDouble());
		sub.add(plane(25)); // through the subList's own add, after its remove: its iterators still work
		assertEquals(List.of(11.0, 20.0, 25.0), values(sub));
		sub.subList(0, 2).clear();
		assertEquals(List.of(0.0, 25.0, 30.0), values(s));
		assertEquals(List.of(25.0), values(sub));
		s.add(plane(40));
		for (final Runnable use : List.<Runnable> of(sub::size, () -> sub.get(0), () -> sub.set(0, plane(1)),
			() -> sub.add(0, plane(1)), () -> sub.remove(0), sub::clear))
		{
			final ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, use::run);
			assertEquals("This subList(1, 3) is stale: planes were added to or removed from ImageStack: 4 images, " +
				"uint8 since it was made (not through the subList); take subList again", e.getMessage());
			assertTrue(e.getCause() instanceof ConcurrentModificationException);
		}
		assertEquals(List.of(0.0, 25.0, 30.0, 40.0), values(s), "nothing changed");
	}
}
