package org.imagestack;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

/**
 * A function of one plane, for {@link ImageStack#executeFunction(PlaneFunction)}: the seed's
 * {@code func(img, *args, **kwargs)}, with the extra arguments bound in a closure.
 * <p>
 * A one-method interface of this project's own (not {@code java.util.function.Function}) so that Jython passes
 * a plain Python function or lambda straight in.
 * </p>
 */
@FunctionalInterface
public interface PlaneFunction {

	/**
	 * @param image the plane, in the stack's pixel type; the function may change it in place and return it
	 * @return the new plane, of any supported pixel type (it is converted back to the stack's type), or {@code null}
	 *         (Python's {@code None}) when the function changed {@code image} in place
	 */
	RandomAccessibleInterval<? extends RealType<?>> apply(Img<? extends RealType<?>> image);
}
