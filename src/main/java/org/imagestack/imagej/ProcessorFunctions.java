package org.imagestack.imagej;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;

/**
 * Turns functions of ImageJ processors into plane functions for {@code executeFunction} and
 * {@code executeRollingFunction}: each plane is shown to the function as an {@link ImageProcessor} (copied, see
 * {@link ImagePlusAdapter}) and its result put back in the stack's type (a bool stack's 8-bit plane by {@code > 127};
 * a type ImageJ shows as 32-bit by casting the values back).
 *
 * <pre>
 * def blur(ip):
 *     ip.blurGaussian(2.0)          # in place: return nothing
 * stack.executeFunction(ProcessorFunctions.wrap(blur), True)
 * stack.executeFunction(ProcessorFunctions.command("Median...", "radius=2"))   # any ImageJ command (needs a display)
 * </pre>
 */
public final class ProcessorFunctions {

	private ProcessorFunctions() {}

	/**
	 * @param pf a function of one processor (Jython turns a Python function into one; for other callables see
	 *          {@code org.imagestack.jython.PythonProcessors})
	 * @return a plane function for {@code executeFunction}
	 */
	public static PlaneFunction wrap(final ProcessorFunction pf) {
		return plane -> {
			final ImageProcessor ip = ImagePlusAdapter.toProcessor(plane);
			final ImageProcessor out = pf.apply(ip);
			return back(out == null ? ip : out, plane);
		};
	}

	/** A function of (previous, current) processors returning the new current one (or null: changed in place). */
	@FunctionalInterface
	public interface RollingProcessorFunction {

		ImageProcessor apply(ImageProcessor previous, ImageProcessor current);
	}

	/**
	 * @param rf a function of two processors (Jython turns a Python function into one)
	 * @return a rolling function for {@code executeRollingFunction}
	 */
	public static RollingFunction wrapRolling(final RollingProcessorFunction rf) {
		return (previous, current) -> {
			final ImageProcessor cur = ImagePlusAdapter.toProcessor(current);
			final ImageProcessor out = rf.apply(ImagePlusAdapter.toProcessor(previous), cur);
			return back(out == null ? cur : out, current);
		};
	}

	/**
	 * @param command an ImageJ command, e.g. {@code "Gaussian Blur..."}
	 * @param options its options as recorded, e.g. {@code "sigma=2"}
	 * @return a plane function running the command on each plane (ImageJ commands with a dialog need a display;
	 *         run it sequentially: ImageJ's commands are not made for several threads)
	 */
	public static PlaneFunction command(final String command, final String options) {
		return wrap(ip -> {
			final ImagePlus imp = new ImagePlus("plane", ip);
			ij.IJ.run(imp, command, options == null ? "" : options);
			return imp.getProcessor();
		});
	}

	private static Img<? extends RealType<?>> back(final ImageProcessor ip, final Img<? extends RealType<?>> plane) {
		return ImagePlusAdapter.fromProcessor(ip, PixelType.of(plane));
	}
}
