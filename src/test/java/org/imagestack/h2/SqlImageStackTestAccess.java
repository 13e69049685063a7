package org.imagestack.h2;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Pixel dumps for comparisons in this package's tests. */
final class SqlImageStackTestAccess {

	private SqlImageStackTestAccess() {}

	static String pixels(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final StringBuilder sb = new StringBuilder();
		for (final RealType<?> t : Views.flatIterable(img))
			sb.append(t.getRealDouble()).append(',');
		return sb.toString();
	}
}
