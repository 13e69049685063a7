package org.imagestack.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PyList;
import org.python.core.PyObject;
import org.python.core.PySlice;
import org.python.core.PySystemState;
import org.python.core.PyTuple;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.stack.AbstractImageStack;

/**
 * Python's sequence protocol as Jython drives it: the stack's {@code __getitem__}, {@code __setitem__},
 * {@code __delitem__}, {@code append}, {@code insert}, {@code extend} and {@code pop} called with what Jython passes
 * (Java {@code Integer}, {@code Long}, {@code BigInteger} for a big Python int, {@link PySlice}, Python lists and
 * wrapped images), asserting the planes that result and Python's exception types and messages.
 */
class PythonSequenceTest {

	@BeforeAll
	static void python() {
		PySystemState.initialize(); // Python's exception types, as inside Jython
	}

	/** A 3 x 2 uint8 plane of one value. */
	static Img<UnsignedByteType> plane(final int value) {
		final byte[] px = new byte[6];
		java.util.Arrays.fill(px, (byte) value);
		return ArrayImgs.unsignedBytes(px, 3, 2);
	}

	/** A uint8 stack whose plane i holds the value 10 * i everywhere. */
	static AbstractImageStack stack(final int n) {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		for (int i = 0; i < n; i++)
			s.add(plane(10 * i));
		return s;
	}

	static double value(final Object plane) {
		@SuppressWarnings("unchecked")
		final RandomAccessibleInterval<? extends RealType<?>> p = (RandomAccessibleInterval<? extends RealType<?>>) plane;
		return p.getAt(0, 0).getRealDouble();
	}

	static List<Double> values(final List<? extends RandomAccessibleInterval<? extends RealType<?>>> planes) {
		final List<Double> out = new ArrayList<>();
		for (final RandomAccessibleInterval<? extends RealType<?>> p : planes)
			out.add(p.getAt(0, 0).getRealDouble());
		return out;
	}

	static PySlice slice(final Integer start, final Integer stop, final Integer step) {
		return new PySlice(start == null ? Py.None : Py.newInteger(start), stop == null ? Py.None : Py.newInteger(
			stop), step == null ? Py.None : Py.newInteger(step));
	}

	/** Asserts a Python exception of the type with exactly the message. */
	static void assertPyError(final PyObject type, final String message, final Runnable r) {
		final PyException e = assertThrows(PyException.class, r::run);
		assertTrue(e.match(type), () -> "expected " + type + ", got " + e.type + ": " + e.value);
		assertEquals(message, e.value.__str__().toString());
	}

	@Test
	void getItemTakesEveryJavaIntegerJythonPasses() {
		final AbstractImageStack s = stack(3);
		assertEquals(0.0, value(s.__getitem__(0)));
		assertEquals(20.0, value(s.__getitem__(2)));
		assertEquals(20.0, value(s.__getitem__(-1)));
		assertEquals(0.0, value(s.__getitem__(-3)));
		assertEquals(10.0, value(s.__getitem__(1L)));
		assertEquals(10.0, value(s.__getitem__((short) -2)));
		assertEquals(20.0, value(s.__getitem__((byte) 2)));
		assertEquals(10.0, value(s.__getitem__(BigInteger.ONE)));
		assertEquals(0.0, value(s.__getitem__(BigInteger.valueOf(-3))));
	}

	@Test
	void indicesOutOfRangeAreIndexErrorsNamingIndexAndSize() {
		final AbstractImageStack s = stack(3);
		assertPyError(Py.IndexError, "stack index 3 out of range for 3 images", () -> s.__getitem__(3));
		assertPyError(Py.IndexError, "stack index -4 out of range for 3 images", () -> s.__getitem__(-4));
		assertPyError(Py.IndexError, "stack index 3 out of range for 3 images", () -> s.__getitem__(3L));
		final BigInteger big = BigInteger.ONE.shiftLeft(62); // 63 bits: refused before it is made a long
		assertPyError(Py.IndexError, "stack index " + big + " out of range for 3 images", () -> s.__getitem__(big));
		final BigInteger low = big.negate().subtract(BigInteger.ONE);
		assertPyError(Py.IndexError, "stack index " + low + " out of range for 3 images", () -> s.__getitem__(low));
		final BigInteger two64 = BigInteger.ONE.shiftLeft(64); // would wrap to 0 as a long
		assertPyError(Py.IndexError, "stack index " + two64 + " out of range for 3 images", () -> s.__getitem__(
			two64));
		assertPyError(Py.IndexError, "stack index 0 out of range for 0 images", () -> stack(0).__getitem__(0));
		assertPyError(Py.IndexError, "stack index -1 out of range for 0 images", () -> stack(0).__getitem__(-1));
		assertEquals(List.of(0.0, 10.0, 20.0), values(s), "nothing changed");
	}

	@Test
	void otherKeysAreTypeErrorsNamingTheType() {
		final AbstractImageStack s = stack(2);
		assertPyError(Py.TypeError, "stack indices must be integers or slices, not java.lang.String",
			() -> s.__getitem__("1"));
		assertPyError(Py.TypeError, "stack indices must be integers or slices, not java.lang.Double",
			() -> s.__getitem__(1.0));
		assertPyError(Py.TypeError, "stack indices must be integers or slices, not None", () -> s.__getitem__(null));
		assertPyError(Py.TypeError, "stack indices must be integers or slices, not str", () -> s.__getitem__(Py
			.newString("1")));
		assertPyError(Py.TypeError, "stack indices must be integers or slices, not float", () -> s.__delitem__(Py
			.newFloat(1.0)));
		assertPyError(Py.TypeError, "stack indices must be integers or slices, not java.lang.String",
			() -> s.__setitem__("0", plane(1)));
		assertEquals(List.of(0.0, 10.0), values(s), "nothing changed");
	}

	@Test
	void slicesGiveStacksOfTheSelectedPlanesInOrder() {
		final AbstractImageStack s = stack(5);
		assertEquals(List.of(10.0, 20.0, 30.0, 40.0), values((ImageStack) s.__getitem__(slice(1, null, null))));
		assertEquals(List.of(40.0, 30.0, 20.0, 10.0, 0.0), values((ImageStack) s.__getitem__(slice(null, null,
			-1))));
		assertEquals(List.of(0.0, 20.0, 40.0), values((ImageStack) s.__getitem__(slice(null, null, 2))));
		assertEquals(List.of(30.0, 40.0), values((ImageStack) s.__getitem__(slice(-2, 10, null))));
		assertEquals(List.of(), values((ImageStack) s.__getitem__(slice(3, 1, null))));
		final ImageStack sub = (ImageStack) s.__getitem__(slice(4, 0, -2));
		assertEquals(List.of(40.0, 20.0), values(sub));
		assertEquals(PixelType.UINT8, sub.pixelType());
	}

	@Test
	void setItemConvertsImagesViewsAndWrappedImages() {
		final AbstractImageStack s = stack(3);
		s.__setitem__(0, ArrayImgs.floats(new float[] { 1, 1, 1, 1, 1, 1 }, 3, 2));
		assertEquals(255.0, value(s.get(0)), "float32 1.0 becomes uint8 255");
		assertEquals(PixelType.UINT8, PixelType.of(s.get(0)));
		s.__setitem__(-1, Py.java2py(plane(7)));
		assertEquals(7.0, value(s.get(2)));
		// a view (not an Img): copied; here the plane 3 x 2 of a 3 x 4 image, shifted to start at row 2
		final Img<UnsignedByteType> tall = ArrayImgs.unsignedBytes(new byte[] { 1, 1, 1, 1, 1, 1, 9, 8, 7, 6, 5,
			4 }, 3, 4);
		s.__setitem__(BigInteger.ONE, Views.zeroMin(Views.interval(tall, new long[] { 0, 2 }, new long[] { 2, 3 })));
		assertEquals("9,8,7,6,5,4,", flat(s.get(1)));
		assertEquals(List.of(255.0, 9.0, 7.0), values(s));
	}

	@Test
	void setItemRefusesWhatIsNoImage() {
		final AbstractImageStack s = stack(2);
		assertPyError(Py.TypeError, "expected an ImgLib2 image, got java.lang.String", () -> s.__setitem__(0,
			"img"));
		assertPyError(Py.TypeError, "expected an ImgLib2 image, got str", () -> s.__setitem__(0, Py.newString(
			"img")));
		assertPyError(Py.TypeError, "expected an ImgLib2 image, got None", () -> s.__setitem__(0, null));
		assertPyError(Py.TypeError, "expected an ImgLib2 image, got java.lang.String", () -> s.append("img"));
		assertEquals(List.of(0.0, 10.0), values(s), "nothing changed");
	}

	@Test
	void sliceAssignmentTakesListsTuplesArraysAndPythonIterables() {
		final AbstractImageStack s = stack(4);
		s.__setitem__(slice(null, null, 2), List.of(plane(1), plane(2)));
		assertEquals(List.of(1.0, 10.0, 2.0, 30.0), values(s));
		s.__setitem__(slice(null, null, -1), new PyList(new PyObject[] { Py.java2py(plane(5)), Py.java2py(plane(6)),
			Py.java2py(plane(7)), Py.java2py(plane(8)) }));
		assertEquals(List.of(8.0, 7.0, 6.0, 5.0), values(s));
		s.__setitem__(slice(1, 3, null), new PyTuple(Py.java2py(plane(11)), Py.java2py(plane(12))));
		assertEquals(List.of(8.0, 11.0, 12.0, 5.0), values(s));
		// a Java array reaches Java as a Python array: iterated the Python way
		s.__setitem__(slice(-1, null, null), Py.java2py(new Img<?>[] { plane(99) }));
		assertEquals(List.of(8.0, 11.0, 12.0, 99.0), values(s));
		// an empty slice takes an empty iterable
		s.__setitem__(slice(2, 2, null), List.of());
		assertEquals(List.of(8.0, 11.0, 12.0, 99.0), values(s));
	}

	@Test
	void sliceAssignmentOfAnotherLengthIsValueErrorAndChangesNothing() {
		final AbstractImageStack s = stack(3);
		assertPyError(Py.ValueError, "1 images provided to override 2 images!", () -> s.__setitem__(slice(0, 2,
			null), List.of(plane(1))));
		assertPyError(Py.ValueError, "3 images provided to override 2 images!", () -> s.__setitem__(slice(0, 2,
			null), List.of(plane(1), plane(2), plane(3))));
		assertPyError(Py.ValueError, "1 images provided to override 0 images!", () -> s.__setitem__(slice(2, 2,
			null), List.of(plane(1))));
		assertPyError(Py.TypeError, "expected an iterable of images, not int", () -> s.__setitem__(slice(0, 1,
			null), Py.newInteger(3)));
		assertPyError(Py.TypeError, "expected an iterable of images, not java.lang.Integer", () -> s.__setitem__(
			slice(0, 1, null), 3));
		assertPyError(Py.TypeError, "expected an ImgLib2 image, got java.lang.String", () -> s.__setitem__(slice(0,
			1, null),
			new PyList(new PyObject[] { Py.newString("x") })));
		assertEquals(List.of(0.0, 10.0, 20.0), values(s), "nothing changed");
	}

	@Test
	void delItemRemovesByIndexAndBySliceInAnyOrder() {
		final AbstractImageStack s = stack(6);
		s.__delitem__(-1);
		assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0), values(s));
		s.__delitem__(BigInteger.ZERO);
		assertEquals(List.of(10.0, 20.0, 30.0, 40.0), values(s));
		final AbstractImageStack t = stack(6);
		t.__delitem__(slice(null, null, -2)); // 5, 3, 1: removed from the end so the others do not move
		assertEquals(List.of(0.0, 20.0, 40.0), values(t));
		t.__delitem__(slice(0, 2, null));
		assertEquals(List.of(40.0), values(t));
		t.__delitem__(slice(5, 9, null));
		assertEquals(List.of(40.0), values(t), "an empty slice removes nothing");
		assertPyError(Py.IndexError, "stack index 1 out of range for 1 images", () -> t.__delitem__(1));
		assertEquals(List.of(40.0), values(t));
	}

	@Test
	void appendInsertExtendAndPopAsPythonLists() {
		final AbstractImageStack s = stack(2); // 0, 10
		s.append(Py.java2py(plane(1)));
		s.append(ArrayImgs.floats(new float[] { 1, 1, 1, 1, 1, 1 }, 3, 2));
		assertEquals(List.of(0.0, 10.0, 1.0, 255.0), values(s));
		s.insert(-100, plane(2)); // past the start: at the start
		s.insert(100, plane(3)); // past the end: at the end
		s.insert(-1, plane(4)); // before the last
		s.insert(1, plane(5));
		s.insert(0, plane(6)); // at the start, not the end
		assertEquals(List.of(6.0, 2.0, 5.0, 0.0, 10.0, 1.0, 255.0, 4.0, 3.0), values(s));
		final AbstractImageStack t = stack(2);
		t.insert(-2, plane(6)); // exactly the start
		t.insert(3, plane(7)); // exactly the end
		assertEquals(List.of(6.0, 0.0, 10.0, 7.0), values(t));
		t.extend(new PyList(new PyObject[] { Py.java2py(plane(8)), Py.java2py(plane(9)) }));
		assertEquals(List.of(6.0, 0.0, 10.0, 7.0, 8.0, 9.0), values(t));
		assertThrows(IllegalArgumentException.class, () -> t.extend(List.of(plane(1), ArrayImgs.unsignedBytes(3, 2, 2))));
		// a Python list is a java.util.List: its items reach Java converted
		assertPyError(Py.TypeError, "expected an ImgLib2 image, got java.lang.Integer", () -> t.extend(new PyList(new PyObject[] {
			Py.java2py(plane(1)), Py.newInteger(1) })));
		assertEquals(List.of(6.0, 0.0, 10.0, 7.0, 8.0, 9.0), values(t), "extend: all or nothing");
		assertEquals(9.0, value(t.pop()));
		assertEquals(6.0, value(t.pop(0)));
		assertEquals(7.0, value(t.pop(-2)));
		assertEquals(List.of(0.0, 10.0, 8.0), values(t));
		assertPyError(Py.IndexError, "stack index 3 out of range for 3 images", () -> t.pop(3));
		assertEquals(8.0, value(t.pop()));
		assertEquals(0.0, value(t.pop(-2)));
		assertEquals(10.0, value(t.pop(0)));
		assertPyError(Py.IndexError, "pop from empty stack", t::pop);
		assertPyError(Py.IndexError, "pop from empty stack", () -> t.pop(0));
	}

	@Test
	void reprNamesCountAndType() {
		assertEquals("ImageStack: 0 images, uint8", stack(0).__repr__());
		assertEquals("ImageStack: 1 image, uint8", stack(1).__repr__());
		assertEquals("ImageStack: 2 images, uint8", stack(2).__repr__());
		assertEquals("ImageStack: 0 images, float32", new MemoryImageStack(PixelType.FLOAT32).__repr__());
	}

	@Test
	void staticCallsWorkOnAnyImageStack() {
		final AbstractImageStack s = stack(3);
		assertSame(s.get(1), PythonSequence.getItem(s, 1));
		final List<int[]> calls = new ArrayList<>();
		PythonSequence.setItem(s, slice(null, null, -1), List.of(plane(1), plane(2), plane(3)), (targets,
			images) -> {
			calls.add(targets);
			assertEquals(List.of(1.0, 2.0, 3.0), values(images));
		});
		assertEquals(1, calls.size());
		assertEquals("[2, 1, 0]", java.util.Arrays.toString(calls.get(0)), "the slice's targets, in its order");
		assertEquals(List.of(0.0, 10.0, 20.0), values(s), "only the assignment stores");
		assertEquals("[3, 5, 7]", java.util.Arrays.toString(PythonSequence.indices(slice(3, null, 2), 9)));
		assertEquals("[]", java.util.Arrays.toString(PythonSequence.indices(slice(3, null, 2), 2)));
	}

	private static String flat(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final StringBuilder sb = new StringBuilder();
		for (final RealType<?> t : Views.flatIterable(img))
			sb.append((int) t.getRealDouble()).append(',');
		return sb.toString();
	}
}
