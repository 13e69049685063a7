package org.imagestack.stack;

import static org.imagestack.stack.AbstractImageStackTest.at;
import static org.imagestack.stack.AbstractImageStackTest.constant;
import static org.imagestack.stack.AbstractImageStackTest.firstPixels;
import static org.imagestack.stack.AbstractImageStackTest.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PySlice;

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
}
