package org.imagestack.stack;

import java.util.AbstractList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

/**
 * A stack's {@code subList}: {@code java.util.AbstractList}'s own view (reads and writes through, adds and removes
 * through it allowed), whose failure after the stack changed structurally behind its back, a
 * {@code ConcurrentModificationException} without a message, gets one saying what happened and what to do.
 */
final class StackSubList extends AbstractList<Img<? extends RealType<?>>> implements RandomAccess {

	private final List<Img<? extends RealType<?>>> inner;
	private final ListStack stack;
	private final int from, to;

	StackSubList(final List<Img<? extends RealType<?>>> inner, final ListStack stack, final int from, final int to) {
		this.inner = inner;
		this.stack = stack;
		this.from = from;
		this.to = to;
	}

	private <T> T checked(final Supplier<T> op) {
		try {
			return op.get();
		}
		catch (final ConcurrentModificationException e) {
			if (e.getMessage() != null) throw e;
			final ConcurrentModificationException stale = new ConcurrentModificationException("This subList(" + from +
				", " + to + ") is stale: planes were added to or removed from " + stack + " since it was made (not " +
				"through the subList); take subList again");
			stale.initCause(e);
			throw stale;
		}
	}

	@Override
	public int size() {
		return checked(inner::size);
	}

	@Override
	public Img<? extends RealType<?>> get(final int index) {
		return checked(() -> inner.get(index));
	}

	@Override
	public Img<? extends RealType<?>> set(final int index, final Img<? extends RealType<?>> img) {
		return checked(() -> inner.set(index, img));
	}

	@Override
	public void add(final int index, final Img<? extends RealType<?>> img) {
		checked(() -> {
			inner.add(index, img);
			return null;
		});
		modCount++;
	}

	@Override
	public Img<? extends RealType<?>> remove(final int index) {
		final Img<? extends RealType<?>> old = checked(() -> inner.remove(index));
		modCount++;
		return old;
	}

	@Override
	protected void removeRange(final int fromIndex, final int toIndex) {
		checked(() -> {
			inner.subList(fromIndex, toIndex).clear();
			return null;
		});
		modCount++;
	}
}
