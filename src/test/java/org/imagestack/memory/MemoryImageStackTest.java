package org.imagestack.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ConcurrentModificationException;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.stack.AbstractImageStackTest;

/** The shared suite on the in-memory stack, and what only it does. */
class MemoryImageStackTest extends AbstractImageStackTest {

	@Override
	protected ImageStack createStack(final PixelType type) {
		return new MemoryImageStack(type);
	}

	@Test
	void defaultTypeIsFloat32AndNamesAreParsed() {
		assertEquals(PixelType.FLOAT32, new MemoryImageStack().pixelType());
		assertEquals(PixelType.INT8, new MemoryImageStack("Int8").pixelType());
	}

	@Test
	void imagesOfTheStackTypeAreKeptNotCopied() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		final Img<UnsignedByteType> img = ramp(0, 3, 3);
		s.addImage(img);
		assertSame(img, s.get(0));
	}

	@Test
	void copiesSharePlanesUntilOneIsHandedOut() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		final Img<UnsignedByteType> img = ramp(0, 3, 3);
		s.addImage(img);
		final MemoryImageStack c = s.copy();
		assertNotSame(img, c.get(0), "the copy hands out a private copy");
		assertSame(img, s.get(0), "the original keeps its plane once the copy has its own");
	}
	/** @return a stack of {@code img} and a copy sharing it, then {@code change} applied to the first */
	private static MemoryImageStack copyAfter(final Img<UnsignedByteType> img,
		final java.util.function.Consumer<MemoryImageStack> change)
	{
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		s.addImage(img);
		final MemoryImageStack c = s.copy();
		change.accept(s);
		return c;
	}

	@Test
	void aPlaneNoLongerSharedIsHandedOutAsItIsNotCopiedAgain() {
		// once the other stack let the plane go, the copy is its only owner: it hands out the image added itself
		final Img<UnsignedByteType> a = ramp(0, 3, 3), b = ramp(0, 3, 3), c = ramp(0, 3, 3), d = ramp(0, 3, 3);
		assertSame(a, copyAfter(a, s -> s.remove(0)).get(0), "after remove");
		final Img<UnsignedByteType> a2 = ramp(0, 3, 3), a3 = ramp(0, 3, 3), b2 = ramp(0, 3, 3);
		assertSame(a2, copyAfter(a2, s -> s.removeImage(0)).get(0), "after removeImage");
		assertSame(a3, copyAfter(a3, s -> s.clear()).get(0), "after clear");
		assertSame(b2, copyAfter(b2, s -> s.__setitem__(new org.python.core.PySlice(org.python.core.Py.newInteger(0),
			org.python.core.Py.newInteger(1), org.python.core.Py.None), List.of(ramp(5, 3, 3)))).get(0),
			"after s[0:1] = [image]");
		assertSame(b, copyAfter(b, s -> s.set(0, ramp(5, 3, 3))).get(0), "after set");
		assertSame(c, copyAfter(c, s -> s.changeType(PixelType.FLOAT32)).get(0), "after changeType");
		assertSame(d, copyAfter(d, s -> s.executeFunction(img -> ramp(7, 3, 3), false)).get(0), "after a map");
		final Img<UnsignedByteType> e = ramp(0, 3, 3);
		final MemoryImageStack failed = copyAfter(e, s -> assertThrows(IllegalStateException.class, () -> s
			.executeFunction(img -> {
				throw new IllegalStateException("boom");
			}, false)));
		assertEquals(pixels(e), pixels(failed.get(0)));
	}

	@Test
	void anImageAddedToAStackThatHasPlanesIsKeptAndAddedTwiceIsTwoPlanes() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		final Img<UnsignedByteType> a = ramp(0, 3, 3), b = ramp(1, 3, 3);
		s.addImage(a);
		s.addImage(b);
		assertSame(b, s.get(1), "kept, not copied");
		final MemoryImageStack t = new MemoryImageStack(PixelType.UINT8);
		final Img<UnsignedByteType> img = ramp(0, 3, 3);
		t.addImage(img);
		t.addImage(img); // one plane is never two
		img.firstElement().set(99);
		assertEquals(99, at(t.get(0), 0, 0));
		assertEquals(0, at(t.get(1), 0, 0), "the second plane is a copy");
	}

	@Test
	void aSubListFailsFastAfterTheStackChangedEvenWhenTwoChangesFollow() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		s.addImage(ramp(0, 3, 3));
		s.addImage(ramp(1, 3, 3));
		final List<?> view = s.subList(0, 1);
		s.addImage(ramp(2, 3, 3));
		s.changeType(PixelType.FLOAT32);
		assertThrows(ConcurrentModificationException.class, view::size, "after add and changeType");
		final List<?> view2 = s.subList(0, 1);
		s.addImage(ramp(3, 3, 3));
		assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			throw new IllegalStateException("boom");
		}, false)); // the planes are put back
		assertThrows(ConcurrentModificationException.class, view2::size, "after add and a map that failed");
	}

	@Test
	void aFunctionMustNotChangeTheTypeOfTheStackItMaps() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		s.addImage(ramp(0, 3, 3));
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
			s.changeType(PixelType.FLOAT32);
			return img;
		}, false));
		assertEquals(true, e.getMessage().startsWith("changeType during executeFunction"), e.getMessage());
		assertEquals(PixelType.UINT8, s.pixelType());
	}

	@Test
	void aSliceOfAnIndexOutOfRangeSaysSoAndAViewsCopyHasItsPlanes() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		s.addImage(ramp(0, 3, 3));
		s.addImage(ramp(1, 3, 3));
		assertEquals("Index 2 out of range for a stack of 2 images", assertThrows(IndexOutOfBoundsException.class,
			() -> s.slice(0, 2)).getMessage());
		final ImageStack copy = ((org.imagestack.stack.AbstractImageStack) s).slice(1).copy();
		assertEquals(1, copy.size());
		assertEquals(pixels(s.get(1)), pixels(copy.get(0)));
	}
}
