package org.imagestack.io;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.SqlImageStack;

/**
 * Stacks made from image files: the seed's {@code from_paths}, for the in-memory stack and for a database stack.
 * Files are read one at a time with ImageJ's opener ({@link ImageFiles#read(Path, boolean)}), converted to the stack's
 * type on the way in, and never all held at once by a database stack.
 *
 * <pre>
 * s = StackFiles.fromFolder("/data/photos", "*.bmp", "uint8", True)                       # in memory
 * s = StackFiles.fromFolder("/data/photos", "*.bmp", "/data/crack", "specimen", None, 0, True)  # in a database
 * </pre>
 */
public final class StackFiles {

	private StackFiles() {}

	/**
	 * Reads image files into a new in-memory stack.
	 *
	 * @param paths image files (TIFF, PNG, BMP, JPEG, GIF) as {@code Path}s, {@code File}s or strings, in order
	 * @param type the stack's pixel type name, or null for the first image's type
	 * @param asGray whether to turn colour images to grey ({@code rgb2gray}, as {@code imread(as_gray=True)})
	 * @return the stack
	 * @throws IOException naming a file that cannot be read
	 */
	public static MemoryImageStack fromPaths(final Iterable<?> paths, final String type, final boolean asGray)
		throws IOException
	{
		final List<Path> files = ImageFiles.paths(paths);
		final PixelType pixelType = type != null ? PixelType.parse(type) : firstType(files, asGray);
		final MemoryImageStack s = new MemoryImageStack(pixelType);
		addAll(s, files, asGray);
		return s;
	}

	/**
	 * Reads the image files of a folder whose names match a glob, in natural order ({@code img2} before
	 * {@code img10}), into a new in-memory stack.
	 *
	 * @param folder the folder
	 * @param glob e.g. {@code "*.bmp"} (null: every file)
	 * @param type the stack's pixel type name, or null for the first image's type
	 * @param asGray whether to turn colour images to grey
	 * @return the stack
	 * @throws NoSuchFileException naming the folder when it is missing, and the folder and the glob when no file
	 *           matches (an empty stack is never made from a folder)
	 * @throws IOException naming a file that cannot be read
	 */
	public static MemoryImageStack fromFolder(final Object folder, final String glob, final String type,
		final boolean asGray) throws IOException
	{
		return fromPaths(matching(folder, glob), type, asGray);
	}

	/**
	 * Reads image files into a new database stack, one file at a time (never all held). All or nothing: when a file
	 * cannot be read, no stack is created.
	 *
	 * @param paths image files as {@code Path}s, {@code File}s or strings, in order
	 * @param database a file path or a JDBC URL
	 * @param stackName the new stack's name
	 * @param type pixel type name of the stack, or null for the first image's type
	 * @param maxSizeMb heap budget in MB (≤ 0: default)
	 * @param asGray whether to turn colour images to grey ({@code rgb2gray})
	 * @return the saved, open stack
	 * @throws IOException naming the file that cannot be read
	 */
	public static SqlImageStack fromPaths(final Iterable<?> paths, final String database, final String stackName,
		final String type, final double maxSizeMb, final boolean asGray) throws IOException
	{
		return fromPaths(paths, database, stackName, type, maxSizeMb, asGray, done -> {});
	}

	/**
	 * As {@link #fromPaths(Iterable, String, String, String, double, boolean)}, calling {@code afterEachFile} with the
	 * number of files read so far after each one; an exception it throws (e.g. a
	 * {@link java.util.concurrent.CancellationException}) stops the import and no stack is created.
	 */
	public static SqlImageStack fromPaths(final Iterable<?> paths, final String database, final String stackName,
		final String type, final double maxSizeMb, final boolean asGray, final IntConsumer afterEachFile)
		throws IOException
	{
		return fromPaths(paths, database, stackName, type, maxSizeMb, org.imagestack.Compression.NONE, asGray,
			afterEachFile);
	}

	/**
	 * As {@link #fromPaths(Iterable, String, String, String, double, boolean, IntConsumer)}, the new stack's cells
	 * stored with {@code codec}.
	 */
	public static SqlImageStack fromPaths(final Iterable<?> paths, final String database, final String stackName,
		final String type, final double maxSizeMb, final org.imagestack.Compression codec, final boolean asGray,
		final IntConsumer afterEachFile) throws IOException
	{
		final List<Path> files = ImageFiles.paths(paths);
		final PixelType pixelType = type != null ? PixelType.parse(type) : firstType(files, asGray);
		final SqlImageStack s = SqlImageStack.createUnsaved(database, stackName, pixelType, maxSizeMb, codec);
		try {
			int done = 0;
			for (final Path p : files) {
				s.addImage(ImageFiles.read(p, asGray));
				afterEachFile.accept(++done);
			}
			s.saveState();
			return s;
		}
		catch (final IOException | RuntimeException | Error e) {
			s.close(); // rolls back: not even the empty stack is left
			throw e;
		}
	}

	/**
	 * As {@link #fromPaths(Iterable, String, String, String, double, boolean)} for the files of a folder whose names
	 * match a glob, in natural order.
	 *
	 * @param folder the folder
	 * @param glob e.g. {@code "*.bmp"} (null: every file)
	 * @throws NoSuchFileException naming the folder and the glob when no file matches; the database is not opened
	 */
	public static SqlImageStack fromFolder(final Object folder, final String glob, final String database,
		final String stackName, final String type, final double maxSizeMb, final boolean asGray) throws IOException
	{
		return fromPaths(matching(folder, glob), database, stackName, type, maxSizeMb, asGray);
	}

	/** @return the folder's files matching the glob, in natural order; at least one */
	private static List<Path> matching(final Object folder, final String glob) throws IOException {
		final Path dir = ImageFiles.paths(folder).get(0);
		final List<Path> files = ImageFiles.list(dir, glob);
		if (files.isEmpty()) throw new NoSuchFileException(dir.toString(), null, glob == null || glob.isEmpty()
			? "the folder holds no file (no pattern given: every file)" : "no file in the folder matches \"" + glob +
				"\"");
		return files;
	}

	/** @return the type of the first file's image (float32 when there is no file) */
	private static PixelType firstType(final List<Path> files, final boolean asGray) throws IOException {
		return files.isEmpty() ? PixelType.FLOAT32 : PixelType.of(ImageFiles.read(files.get(0), asGray));
	}

	/**
	 * A file-name filter for a folder of images: {@code *.ext} of the image extension most of its files have (ties: the
	 * first in natural order), or {@code *} when it holds no image file of a known kind.
	 *
	 * @param folder a folder (a missing one gives {@code *})
	 */
	public static String suggestFilter(final Path folder) {
		final java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
		try {
			for (final Path p : ImageFiles.list(folder, null)) {
				final String name = p.getFileName().toString();
				final int dot = name.lastIndexOf('.');
				final String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
				if (IMAGE_EXTENSIONS.contains(ext)) counts.merge(name.substring(dot + 1), 1, Integer::sum);
			}
		}
		catch (final IOException e) {
			return "*";
		}
		String best = null;
		for (final java.util.Map.Entry<String, Integer> e : counts.entrySet())
			if (best == null || e.getValue() > counts.get(best)) best = e.getKey();
		return best == null ? "*" : "*." + best;
	}

	private static final List<String> IMAGE_EXTENSIONS = java.util.Arrays.asList("tif", "tiff", "png", "bmp",
		"jpg", "jpeg", "gif");

	private static void addAll(final ImageStack s, final List<Path> files, final boolean asGray) throws IOException {
		for (final Path p : files) {
			final RandomAccessibleInterval<? extends RealType<?>> img = ImageFiles.read(p, asGray);
			s.addImage(img);
		}
	}
}
