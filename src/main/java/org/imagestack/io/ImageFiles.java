package org.imagestack.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.convert.Colour;
import org.imagestack.imagej.ImagePlusAdapter;

/**
 * Image files in and out, through ImageJ 1's {@link Opener} and {@link FileSaver} (TIFF, PNG, BMP, JPEG, GIF):
 * files become planes (8-bit: uint8; 16-bit: uint16; 32-bit: float32; RGB and indexed colour: uint8 (X, Y, 3)).
 */
public final class ImageFiles {

	private static final String FORMATS = "TIFF, PNG, BMP, JPEG, GIF";

	private ImageFiles() {}

	/**
	 * @param file an image file
	 * @return its (first) image as a plane
	 * @throws NoSuchFileException when the file does not exist
	 * @throws IOException naming the file when ImageJ cannot read it, or when it is cut short or damaged (see
	 *           {@link ImageFileCheck}): never an image with missing pixels filled in
	 */
	public static Img<? extends RealType<?>> read(final Path file) throws IOException {
		return ImagePlusAdapter.toImg(processor(open(file), 1));
	}

	/**
	 * @param file an image file
	 * @param asGray whether to turn a colour image to grey as {@code skimage.io.imread(as_gray=True)} (float64)
	 * @return its (first) image as a plane
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> read(final Path file, final boolean asGray)
		throws IOException
	{
		final Img<? extends RealType<?>> img = read(file);
		return asGray ? Colour.asGray(img) : img;
	}

	/**
	 * @param file a (multi-page) image file
	 * @return every slice as a plane
	 */
	public static List<Img<? extends RealType<?>>> readAll(final Path file) throws IOException {
		final ImagePlus imp = open(file);
		final List<Img<? extends RealType<?>>> out = new ArrayList<>();
		for (int i = 1; i <= imp.getStackSize(); i++)
			out.add(ImagePlusAdapter.toImg(processor(imp, i)));
		return out;
	}

	private static ImagePlus open(final Path file) throws IOException {
		if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such image file");
		if (!Files.isRegularFile(file)) throw new IOException("Not an image file: " + file);
		ImageFileCheck.requireComplete(file);
		final ImagePlus imp = new Opener().openImage(file.toAbsolutePath().toString());
		if (imp == null) throw new IOException("Cannot read " + file + " as an image (readable formats: " + FORMATS +
			")");
		return imp;
	}

	/** Slice i, with an indexed-colour LUT applied (as RGB) so that colour is kept. */
	private static ImageProcessor processor(final ImagePlus imp, final int slice) {
		final ImageProcessor ip = imp.getStack().getProcessor(slice);
		if (ip.isColorLut() || ip.isPseudoColorLut() && !ip.isDefaultLut() && !ip.isInvertedLut()) return ip
			.convertToRGB();
		return ip;
	}

	/**
	 * Writes a plane as an image file, the format given by the extension ({@code .tif}, {@code .png}, {@code .bmp},
	 * {@code .jpg}, {@code .gif}).
	 */
	public static void write(final Path file, final RandomAccessibleInterval<? extends RealType<?>> img)
		throws IOException
	{
		final ImagePlus imp = new ImagePlus(String.valueOf(file.getFileName()), ImagePlusAdapter.toProcessor(img));
		final FileSaver saver = new FileSaver(imp);
		final String path = file.toAbsolutePath().toString();
		final String name = path.toLowerCase(Locale.ROOT);
		final boolean ok;
		if (name.endsWith(".png")) ok = saver.saveAsPng(path);
		else if (name.endsWith(".bmp")) ok = saver.saveAsBmp(path);
		else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) ok = saver.saveAsJpeg(path);
		else if (name.endsWith(".gif")) ok = saver.saveAsGif(path);
		else ok = saver.saveAsTiff(path);
		if (!ok) throw new IOException("Could not write " + file);
	}

	/** Writes planes of one size as a multi-page TIFF. */
	public static void writeStack(final Path file,
		final List<? extends RandomAccessibleInterval<? extends RealType<?>>> planes) throws IOException
	{
		final ImagePlus imp = ImagePlusAdapter.toImagePlus(String.valueOf(file.getFileName()), planes);
		if (!new FileSaver(imp).saveAsTiffStack(file.toAbsolutePath().toString())) throw new IOException(
			"Could not write " + file);
	}

	/**
	 * @param folder a folder
	 * @param glob a pattern for file names, e.g. {@code *.bmp} (null or empty: every file)
	 * @return the regular files in it that match, in natural order of their names
	 * @throws NoSuchFileException when the folder does not exist
	 */
	public static List<Path> list(final Path folder, final String glob) throws IOException {
		if (!Files.isDirectory(folder)) throw new NoSuchFileException(folder.toString(), null, "no such folder");
		final PathMatcher matcher = glob == null || glob.isEmpty() ? p -> true : folder.getFileSystem()
			.getPathMatcher("glob:" + glob);
		final List<Path> out = new ArrayList<>();
		try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
			for (final Path p : ds)
				if (Files.isRegularFile(p) && matcher.matches(p.getFileName())) out.add(p);
		}
		Collections.sort(out, NaturalOrder.byFileName());
		return out;
	}

	/**
	 * @param paths a {@code Path}, {@code File} or string, or any iterable of them (e.g. a Python list of strings)
	 * @return them as paths, in order
	 */
	public static List<Path> paths(final Object paths) {
		final List<Path> out = new ArrayList<>();
		if (paths instanceof Iterable && !(paths instanceof Path)) {
			for (final Object p : (Iterable<?>) paths)
				out.add(path(p));
		}
		else out.add(path(paths));
		return out;
	}

	private static Path path(final Object p) {
		if (p == null) throw new NullPointerException("a path is null");
		if (p instanceof Path) return (Path) p;
		if (p instanceof File) return ((File) p).toPath();
		return Paths.get(p.toString());
	}
}
