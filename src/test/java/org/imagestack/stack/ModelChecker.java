package org.imagestack.stack;

import static org.imagestack.stack.ReferenceModel.BY_PIXELS;
import static org.imagestack.stack.ReferenceModel.edit;
import static org.imagestack.stack.ReferenceModel.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PySlice;
import org.python.core.PySystemState;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;

/**
 * The model-based test of the {@code List} contract: runs a sequence of {@link StackOp}s on a stack and on a
 * {@link ReferenceModel}, and compares them (size, type, every plane's pixels) after every step. A backend says how
 * to make, save, reload and reopen its stacks.
 */
public final class ModelChecker {

	/** How a backend makes and keeps its stacks. */
	public interface Backend {

		/** @return a new empty stack */
		ImageStack create(PixelType type);

		/** @return whether the stack saves (save, reload, reopen are steps; else they are skipped) */
		boolean saves();

		void save(ImageStack s);

		void reload(ImageStack s);

		/** @return the stack closed and opened again, in its saved state */
		ImageStack reopen(ImageStack s);

		void dispose(ImageStack s);
	}

	private static final PixelType[] TYPES = { PixelType.UINT8, PixelType.INT16, PixelType.UINT16, PixelType.FLOAT32,
		PixelType.FLOAT64 };

	private final Backend backend;
	private final ReferenceModel model = new ReferenceModel(PixelType.UINT8);
	private ImageStack s;

	private ModelChecker(final Backend backend) {
		this.backend = backend;
	}

	/** A 3 x 2 uint8 plane of pixels {@code seed, seed + 7, ...}. */
	static Img<? extends RealType<?>> plane(final int seed) {
		return AbstractImageStackTest.ramp(seed, 3, 2);
	}

	/**
	 * Runs the steps on a stack of three planes and on the model, comparing after each.
	 *
	 * @throws AssertionError naming the step that went wrong
	 */
	public static void check(final Backend backend, final List<StackOp> steps) {
		PySystemState.initialize(); // Python's exception types, as inside Jython
		final ModelChecker m = new ModelChecker(backend);
		m.s = backend.create(PixelType.UINT8);
		try {
			for (int i = 0; i < 3; i++) {
				m.s.add(plane(40 * i));
				m.model.planes.add(m.model.converted(plane(40 * i)));
			}
			backend.save(m.s);
			m.model.save();
			for (int k = 0; k < steps.size(); k++) {
				try {
					m.apply(steps.get(k));
					m.compare();
				}
				catch (final AssertionError | RuntimeException e) {
					throw new AssertionError("step " + k + ", " + steps.get(k) + ", of " + steps + ": " + e, e);
				}
			}
		}
		finally {
			backend.dispose(m.s);
		}
	}

	private void compare() {
		assertEquals(model.planes.size(), s.size(), "size");
		assertEquals(model.type, s.pixelType(), "type");
		for (int i = 0; i < s.size(); i++)
			assertPlane(model.planes.get(i), s.get(i), "plane " + i);
	}

	private void assertPlane(final RandomAccessibleInterval<? extends RealType<?>> expected,
		final RandomAccessibleInterval<? extends RealType<?>> actual, final String what)
	{
		assertEquals(PixelType.of(expected), PixelType.of(actual), what + "'s type");
		assertArrayEquals(pixels(expected), pixels(actual), what);
	}

	private void apply(final StackOp op) {
		final int n = s.size();
		final int i = n == 0 ? 0 : op.a % n, j = n == 0 ? 0 : op.b % n;
		final List<Img<? extends RealType<?>>> m = model.planes;
		switch (op.kind) {
			case ADD:
				s.add(plane(op.v));
				m.add(model.converted(plane(op.v)));
				return;
			case INSERT:
				s.add(op.a % (n + 1), plane(op.v));
				m.add(op.a % (n + 1), model.converted(plane(op.v)));
				return;
			case CHANGE_TYPE:
				changeType(TYPES[op.a % TYPES.length]);
				return;
			case MAP:
				s.executeFunction(ReferenceModel::halve);
				m.forEach(ReferenceModel::halve);
				return;
			case SAVE:
				if (!backend.saves()) return;
				backend.save(s);
				model.save();
				return;
			case RELOAD:
				if (!backend.saves()) return;
				backend.reload(s);
				model.restore();
				return;
			case REOPEN:
				if (!backend.saves()) return;
				s = backend.reopen(s);
				model.restore();
				return;
			default:
		}
		if (n == 0) return; // the rest needs a plane
		switch (op.kind) {
			case GET_EDIT:
				edit(s.get(i), op.b, op.v);
				edit(m.get(i), op.b, op.v);
				return;
			case SET:
				assertPlane(m.get(i), s.set(i, plane(op.v)), "the plane set() returns");
				m.set(i, model.converted(plane(op.v)));
				return;
			case REMOVE:
				assertPlane(m.get(i), s.remove(i), "the plane remove() returns");
				m.remove(i);
				return;
			case MOVE:
				s.add(j, s.remove(i));
				m.add(j, m.remove(i));
				return;
			case SWAP:
				Collections.swap(s, i, j);
				Collections.swap(m, i, j);
				return;
			case SORT:
				s.sort(BY_PIXELS);
				m.sort(BY_PIXELS);
				return;
			case SET_SELF: // s.set(j, s.get(i)), then one of them edited: one plane is never two
				s.set(j, s.get(i));
				m.set(j, model.converted(m.get(i)));
				edit(s.get(i), 0, op.v);
				edit(m.get(i), 0, op.v);
				return;
			case SLICE_EDIT:
				sliceEdit(i, j, op);
				return;
			case COPY_EDIT:
				copyEdit(i, j, op);
				return;
			case RETAIN:
			case REMOVE_ALL: {
				final boolean keep = op.kind == StackOp.Kind.RETAIN;
				final List<Img<? extends RealType<?>>> like = List.of(s.get(i));
				if (keep) s.retainAll(like);
				else s.removeAll(like);
				model.retain(m.get(i), keep);
				return;
			}
			case ADD_ALL_SELF:
				s.addAll(s);
				m.addAll(ReferenceModel.deepCopy(m));
				return;
			case STALE_VIEW:
				staleView(i, op);
				return;
			case PY_SLICE_SET:
				pySliceSet(op);
				return;
			case PY_BIG_INDEX:
				pyBigIndex(op);
				return;
			default:
				throw new AssertionError(op.kind);
		}
	}

	private void changeType(final PixelType t) {
		final List<Img<? extends RealType<?>>> converted;
		try {
			converted = model.convertedTo(t);
		}
		catch (final IllegalArgumentException e) { // a float plane outside [-1, 1] to an integer type: nothing changes
			assertThrows(IllegalArgumentException.class, () -> s.changeType(t));
			return;
		}
		s.changeType(t);
		model.planes = converted;
		model.type = t;
	}

	/** A slice of planes i and j, its first plane edited: a view writes through, a memory slice is a copy. */
	private void sliceEdit(final int i, final int j, final StackOp op) {
		final ImageStack v = s.slice(i, j);
		final List<Img<? extends RealType<?>>> expected = ReferenceModel.deepCopy(List.of(model.planes.get(i), model
			.planes.get(j)));
		edit(v.get(0), op.v, op.v);
		edit(expected.get(0), op.v, op.v);
		if (v instanceof StackView) {
			edit(model.planes.get(i), op.v, op.v);
			if (i == j) edit(expected.get(1), op.v, op.v); // one plane, seen twice
		}
		for (int k = 0; k < 2; k++)
			assertPlane(expected.get(k), v.get(k), "slice plane " + k);
	}

	/** A plane held, the stack copied, the held plane and a plane of the copy edited: neither shows in the other. */
	private void copyEdit(final int i, final int j, final StackOp op) {
		final Img<? extends RealType<?>> held = s.get(i);
		final ImageStack c = s.copy();
		try {
			if (backend.saves()) model.save(); // a database stack's copy() saves it first
			final List<Img<? extends RealType<?>>> expected = ReferenceModel.deepCopy(model.planes);
			edit(held, op.b, op.v);
			edit(model.planes.get(i), op.b, op.v);
			edit(c.get(j), op.b + 1, op.v + 1);
			edit(expected.get(j), op.b + 1, op.v + 1);
			assertEquals(expected.size(), c.size(), "the copy's size");
			for (int k = 0; k < c.size(); k++)
				assertPlane(expected.get(k), c.get(k), "the copy's plane " + k);
		}
		finally {
			backend.dispose(c);
		}
	}

	/** A view made, a plane added to its parent: the view fails fast (a memory slice is a stack of its own). */
	private void staleView(final int i, final StackOp op) {
		final ImageStack v = s.slice(i);
		s.add(plane(op.v));
		model.planes.add(model.converted(plane(op.v)));
		if (v instanceof StackView) {
			final ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, () -> v.set(
				0, plane(op.v)));
			assertTrue(e.getMessage().contains("slice again"), e.getMessage());
		}
		else assertPlane(model.planes.get(i), v.get(0), "the slice's plane");
	}

	/** {@code s[i:i+2] = [ok, bad]} changes nothing; {@code s[i:i+2] = [ok, ok]} both. */
	private void pySliceSet(final StackOp op) {
		final int n = s.size();
		if (n < 2) return;
		final AbstractImageStack a = (AbstractImageStack) s;
		final int i = op.a % (n - 1);
		final PySlice two = new PySlice(Py.newInteger(i), Py.newInteger(i + 2), Py.None);
		assertThrows(IllegalArgumentException.class, () -> a.__setitem__(two, List.of(plane(op.v), ArrayImgs
			.unsignedBytes(3, 2, 2))));
		if (op.b % 2 == 0) return;
		a.__setitem__(two, List.of(plane(op.v), plane(op.v + 1)));
		model.planes.set(i, model.converted(plane(op.v)));
		model.planes.set(i + 1, model.converted(plane(op.v + 1)));
	}

	/** {@code s[2**64 + k]}, {@code s[2**64 + k] = img}, {@code del s[2**64 + k]}: IndexError, nothing changed. */
	private void pyBigIndex(final StackOp op) {
		final AbstractImageStack a = (AbstractImageStack) s;
		final BigInteger k = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(op.a));
		for (final Runnable r : List.<Runnable> of(() -> a.__getitem__(k), () -> a.__setitem__(k, plane(op.v)),
			() -> a.__delitem__(k)))
		{
			final PyException e = assertThrows(PyException.class, r::run);
			assertTrue(e.match(Py.IndexError), () -> String.valueOf(e.value));
		}
	}
}
