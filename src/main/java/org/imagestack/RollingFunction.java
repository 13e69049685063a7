package org.imagestack;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

/**
 * A function of two neighbouring planes, for
 * {@link ImageStack#executeRollingFunction(RollingFunction, boolean)}: {@code I_new(n) = f(I(n-1), I(n))}, the seed's
 * {@code func(img1, img2, *args, **kwargs)} with the extra arguments bound in a closure.
 * <p>
 * A one-method interface of this project's own so that Jython passes a plain Python function straight in.
 * </p>
 */
@FunctionalInterface
public interface RollingFunction {

	/**
	 * @param previous plane n-1 as it was before the operation started (do not change it)
	 * @param current plane n as it was before the operation started (may be changed in place and returned)
	 * @return the new plane n, of any supported pixel type (converted back to the stack's type), or {@code null}
	 *         (Python's {@code None}) when the function changed {@code current} in place
	 */
	RandomAccessibleInterval<? extends RealType<?>> apply(Img<? extends RealType<?>> previous,
		Img<? extends RealType<?>> current);
}
