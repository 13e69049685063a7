package org.imagestack.stack;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One step of the model-based test of the {@code List} contract ({@link ModelChecker}): a kind and three small
 * numbers, read modulo the stack's size when the step runs, so that every sequence jqwik makes (or shrinks to) is
 * valid on any stack.
 */
public final class StackOp {

	/** What a step does; see {@link ModelChecker#apply}. */
	public enum Kind {
		ADD, GET_EDIT, SET, INSERT, REMOVE, MOVE, SWAP, SORT, SET_SELF, SLICE_EDIT, COPY_EDIT, RETAIN, REMOVE_ALL,
		ADD_ALL_SELF, CHANGE_TYPE, MAP, SAVE, RELOAD, REOPEN, STALE_VIEW, PY_SLICE_SET, PY_BIG_INDEX
	}

	public final Kind kind;
	public final int a, b, v;

	public StackOp(final Kind kind, final int a, final int b, final int v) {
		this.kind = kind;
		this.a = a;
		this.b = b;
		this.v = v;
	}

	/** @return a step as written in a regression test: {@code op(SWAP, 0, 1, 0)} */
	public static StackOp op(final Kind kind, final int a, final int b, final int v) {
		return new StackOp(kind, a, b, v);
	}

	/**
	 * The failures jqwik found and shrank while issue 23's items were put back, kept as regression tests (run on every
	 * stack): an edit through a slice lost when its plane is removed (item 1, database stack), {@code s.set(0, s.get(1))}
	 * and a held plane edited after {@code copy()} (item 2, memory stack), {@code retainAll} and {@code addAll(s)} on
	 * the database stack (item 3), a stale view written through (item 4), {@code s[2**64]} (item 5), and
	 * {@code s[0:2] = [ok, bad]} (item 6).
	 */
	public static List<List<StackOp>> regressions() {
		return List.of(List.of(op(Kind.SLICE_EDIT, 6, 2, 37), op(Kind.REMOVE, 6, 2, 23)), //
			List.of(op(Kind.SET_SELF, 1, 0, 0)), //
			List.of(op(Kind.COPY_EDIT, 0, 0, 1)), //
			List.of(op(Kind.RETAIN, 0, 7, 70)), //
			List.of(op(Kind.ADD_ALL_SELF, 0, 0, 0), op(Kind.GET_EDIT, 3, 0, 9)), //
			List.of(op(Kind.STALE_VIEW, 0, 3, 8)), //
			List.of(op(Kind.PY_BIG_INDEX, 0, 0, 0)), //
			List.of(op(Kind.PY_SLICE_SET, 0, 0, 1)));
	}

	/** @return sequences of 1 to {@code maxSteps} steps */
	public static Arbitrary<List<StackOp>> sequences(final int maxSteps) {
		final Arbitrary<StackOp> one = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(
			0, 7), Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 100)).as(StackOp::new);
		return one.list().ofMinSize(1).ofMaxSize(maxSteps).map(ArrayList::new);
	}

	@Override
	public String toString() {
		return "op(" + kind + ", " + a + ", " + b + ", " + v + ")";
	}
}
