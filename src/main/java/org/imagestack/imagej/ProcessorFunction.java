package org.imagestack.imagej;

import ij.process.ImageProcessor;

/**
 * A function of one plane as an ImageJ {@link ImageProcessor}, for {@link ProcessorFunctions#wrap}: so that a script
 * can call ImageJ filters on each plane ({@code ip.blurGaussian(2)}). Jython passes a plain Python function straight
 * in.
 */
@FunctionalInterface
public interface ProcessorFunction {

	/**
	 * @param ip the plane (8-bit, 16-bit, 32-bit or RGB; see {@link ImagePlusAdapter}), which may be changed in place
	 * @return the new plane, or {@code null} (Python's {@code None}) when {@code ip} was changed in place
	 */
	ImageProcessor apply(ImageProcessor ip);
}
