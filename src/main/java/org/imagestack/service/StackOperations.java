package org.imagestack.service;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.ImageCalculator;

import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;
import org.imagestack.ij.H2VirtualStack;
import org.imagestack.ij.ImagePlusAdapter;
import org.imagestack.ij.ProcessorFunctions;
import org.imagestack.ij.VirtualStackCloser;
import org.imagestack.io.StackFiles;
import org.imagestack.sql.H2Database;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackRecord;

/**
 * What the menu commands do, shared by the SciJava commands (Fiji), the ImageJ 1 plugins and the macro entry points
 * ({@link Macros}): each operation opens its database stack, works with the given heap budget, saves, and closes.
 * Long operations report progress and can be cancelled, leaving the last saved state.
 */
public final class StackOperations {

	/** Progress of a long operation, and the user's wish to stop it. */
	public interface Progress {

		/**
		 * @param done planes done
		 * @param total planes in all
		 */
		void update(int done, int total);

		/** @return whether the user asked to stop (e.g. pressed Esc) */
		boolean cancelled();
	}

	/** No progress shown, never cancelled. */
	public static final Progress NONE = new Progress() {

		@Override
		public void update(final int done, final int total) {}

		@Override
		public boolean cancelled() {
			return false;
		}
	};

	/** ImageJ's progress bar, and Esc to cancel. */
	public static final Progress IMAGEJ = new Progress() {

		@Override
		public void update(final int done, final int total) {
			IJ.showProgress(done, total);
		}

		@Override
		public boolean cancelled() {
			return IJ.escapePressed();
		}
	};

	/** The operations ImageJ's image calculator offers for {@link #applyRolling}. */
	public static final String[] ROLLING_OPERATIONS = { "Subtract", "Difference", "Divide", "Add", "Multiply",
		"Average", "Min", "Max", "AND", "OR", "XOR", "Copy", "Transparent-zero" };

	/** The type choices of "Save Stack to Database...": the slices' own type, or one of the pixel types. */
	public static final String[] SAVE_TYPES;

	static {
		final PixelType[] all = PixelType.values();
		SAVE_TYPES = new String[all.length + 1];
		SAVE_TYPES[0] = "same";
		for (int i = 0; i < all.length; i++)
			SAVE_TYPES[i + 1] = all[i].numpyName();
	}

	private StackOperations() {}

	/** @return the names of every pixel type */
	public static String[] typeNames() {
		final String[] names = new String[PixelType.values().length];
		for (int i = 0; i < names.length; i++)
			names[i] = PixelType.values()[i].numpyName();
		return names;
	}

	/**
	 * Saves an image (or stack) as a database stack. An image shown from that very stack with
	 * {@link #open(String, String, boolean, double, String)} ({@code virtual}) is saved in place (its edits written back,
	 * {@code saveState}); any other image becomes a new stack (the name must be free).
	 *
	 * @param type {@code same} (8-bit: uint8, 16-bit: uint16, 32-bit: float32, RGB: 3-channel uint8) or a type name
	 * @return a one-line report
	 */
	public static String save(final ImagePlus imp, final String database, final String stackName, final String type,
		final double budgetMb, final Progress progress)
	{
		if (imp == null) throw new IllegalArgumentException("No image to save");
		final ImageStack slices = imp.getStack();
		if (slices instanceof H2VirtualStack) {
			final H2VirtualStack v = (H2VirtualStack) slices;
			if (v.stack().name().equals(stackName) && sameDatabase(v.stack().database(), database)) {
				v.save();
				imp.changes = false;
				return "Saved " + v.stack();
			}
		}
		final PixelType pixelType = type == null || type.isEmpty() || type.equalsIgnoreCase("same")
			? PixelType.of(ImagePlusAdapter.toImg(slices.getProcessor(1))) : PixelType.parse(type);
		try (SqlImageStack s = SqlImageStack.create(database, stackName, pixelType, budgetMb)) {
			for (int i = 1; i <= slices.getSize(); i++) {
				checkCancelled(progress);
				s.addImage(ImagePlusAdapter.toImg(slices.getProcessor(i)));
				progress.update(i, slices.getSize());
			}
			s.saveState();
			return "Saved " + s;
		}
		catch (final CancellationException e) {
			SqlImageStack.deleteStack(database, stackName);
			throw e;
		}
	}

	private static boolean sameDatabase(final String location, final String database) {
		if (location.equals(database)) return true;
		if (database.startsWith("jdbc:")) return false;
		final String p = database.endsWith(".mv.db") ? database : database + ".mv.db";
		return Paths.get(p).toAbsolutePath().normalize().toString().equals(location);
	}

	/**
	 * Opens a database stack as an ImagePlus.
	 *
	 * @param virtual whether to show it as an {@link H2VirtualStack} (any size, bounded memory; edits written back on
	 *          save) rather than loading every plane
	 * @param onClose for a virtual stack with unsaved edits when its window closes: {@code ask} (a dialog; in batch
	 *          mode or headless: discard, with a log line), {@code save} or {@code discard}
	 * @return the image; for a virtual one, the database stays open until the image is closed
	 */
	public static ImagePlus open(final String database, final String stackName, final boolean virtual,
		final double budgetMb, final String onClose)
	{
		final SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, budgetMb);
		try {
			if (s.isEmpty()) throw new IllegalArgumentException("Stack '" + stackName + "' in " + s.database() +
				" is empty: nothing to open");
			if (virtual) {
				final H2VirtualStack v = new H2VirtualStack(s);
				final ImagePlus imp = new ImagePlus(stackName, v);
				if (!v.isExact()) imp.setProperty("Info", "ImageStack-H2: " + s.pixelType() +
					" planes shown as 32-bit (values cast to float); written back with a cast");
				VirtualStackCloser.watch(imp, v, onClose);
				return imp;
			}
			final ImagePlus imp = ImagePlusAdapter.toImagePlus(stackName, s);
			s.close();
			return imp;
		}
		catch (final RuntimeException e) {
			s.close();
			throw e;
		}
	}

	/** The seed's {@code from_paths} on a folder: files matching a glob, natural order, streaming. */
	public static String importSequence(final String folder, final String filter, final String database,
		final String stackName, final String type, final boolean asGray, final double budgetMb) throws IOException
	{
		try (SqlImageStack s = StackFiles.fromFolder(folder, filter, database, stackName, type, budgetMb, asGray)) {
			return "Imported " + s.size() + " images into " + s;
		}
	}

	/** Converts a stack to another type, streaming; all or nothing. */
	public static String convert(final String database, final String stackName, final String type,
		final double budgetMb)
	{
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, budgetMb)) {
			s.changeType(type);
			s.saveState();
			return "Converted " + s;
		}
	}

	/**
	 * Runs an ImageJ command (with its options) or macro code on every plane, the seed's {@code execute_function}
	 * for non-programmers; bounded memory, all or nothing, cancellable.
	 *
	 * @param command an ImageJ command (e.g. {@code Gaussian Blur...}), or empty when {@code macro} is given
	 * @param options the command's options (as recorded, e.g. {@code sigma=2})
	 * @param macro macro code run with each plane as the current image, or empty
	 */
	public static String applyToEveryPlane(final String database, final String stackName, final String command,
		final String options, final String macro, final double budgetMb, final Progress progress)
	{
		final boolean useMacro = macro != null && !macro.trim().isEmpty();
		if (!useMacro && (command == null || command.trim().isEmpty())) throw new IllegalArgumentException(
			"Give an ImageJ command or macro code to apply");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, budgetMb)) {
			final PixelType type = s.pixelType();
			final int total = s.size();
			final int[] done = { 0 };
			final PlaneFunction f = plane -> {
				checkCancelled(progress);
				ImagePlus imp = new ImagePlus("plane", ImagePlusAdapter.toProcessor(plane));
				if (useMacro) {
					final ImagePlus out = new Interpreter().runBatchMacro(macro, imp);
					if (out != null) imp = out;
				}
				else IJ.run(imp, command, options == null ? "" : options);
				progress.update(++done[0], total);
				return ImagePlusAdapter.fromProcessor(imp.getProcessor(), type);
			};
			s.executeFunction(f, false); // ImageJ commands are not safe to run on several threads at once
			s.saveState();
			return "Applied " + (useMacro ? "the macro" : command) + " to " + total + " planes of " + s;
		}
	}

	/**
	 * Image n becomes {@code operation(n-1, n)} with ImageJ's image calculator (the seed's
	 * {@code execute_rolling_function}); all or nothing, cancellable.
	 *
	 * @param operation one of {@link #ROLLING_OPERATIONS}, e.g. {@code Subtract} (n-1 minus n) or {@code Difference}
	 * @param keepFirst whether plane 0 stays (else it is dropped)
	 */
	public static String applyRolling(final String database, final String stackName, final String operation,
		final boolean keepFirst, final double budgetMb, final Progress progress)
	{
		final String op = rollingOperation(operation);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, budgetMb)) {
			final PixelType type = s.pixelType();
			final int total = Math.max(0, s.size() - 1);
			final int[] done = { 0 };
			final RollingFunction f = (previous, current) -> {
				checkCancelled(progress);
				final ImagePlus a = new ImagePlus("n-1", ImagePlusAdapter.toProcessor(previous));
				final ImagePlus b = new ImagePlus("n", ImagePlusAdapter.toProcessor(current));
				final ImagePlus out = new ImageCalculator().run(op + " create", a, b);
				progress.update(++done[0], total);
				return ImagePlusAdapter.fromProcessor(out.getProcessor(), type);
			};
			s.executeRollingFunction(f, keepFirst, false);
			s.saveState();
			return "Applied rolling " + op + " to " + s;
		}
	}

	private static String rollingOperation(final String operation) {
		for (final String op : ROLLING_OPERATIONS)
			if (op.equalsIgnoreCase(operation == null ? "" : operation.trim())) return op;
		throw new IllegalArgumentException("Unknown rolling operation '" + operation + "'; use one of " + String.join(
			", ", ROLLING_OPERATIONS));
	}

	/** Copies a stack inside its database. */
	public static String copy(final String database, final String stackName, final String newName) {
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, 1); SqlImageStack c = s.copy(
			newName))
		{
			return "Copied " + stackName + " to " + c;
		}
	}

	/** Deletes a stack. */
	public static String delete(final String database, final String stackName) {
		SqlImageStack.deleteStack(database, stackName);
		return "Deleted stack '" + stackName + "' from " + database;
	}

	/** Compacts a database file. */
	public static String compact(final String database) {
		final long[] sizes = H2Database.compact(database);
		return String.format(Locale.ROOT, "Compacted %s: %.1f MB -> %.1f MB", database, sizes[0] / 1e6, sizes[1] /
			1e6);
	}

	/** @return a results table with one row per stack: name, type, planes, size (MB), modified */
	public static ResultsTable list(final String database) {
		final ResultsTable rt = new ResultsTable();
		final List<StackRecord> records = SqlImageStack.listStacks(database);
		for (final StackRecord r : records) {
			rt.incrementCounter();
			rt.addValue("name", r.name());
			rt.addValue("type", r.type().numpyName());
			rt.addValue("planes", r.planeCount());
			rt.addValue("size (MB)", r.sizeBytes() / 1e6);
			rt.addValue("modified", r.modified().toString());
		}
		return rt;
	}

	/** @return {@link #list}'s rows as text: name, type, planes, size (MB), modified, tab-separated, a line each */
	public static String listText(final String database) {
		final StringBuilder sb = new StringBuilder();
		for (final StackRecord r : SqlImageStack.listStacks(database))
			sb.append(sb.length() == 0 ? "" : "\n").append(r.name()).append('\t').append(r.type()).append('\t').append(r
				.planeCount()).append('\t').append(String.format(Locale.ROOT, "%.3f", r.sizeBytes() / 1e6)).append('\t')
				.append(r.modified());
		return sb.toString();
	}

	private static void checkCancelled(final Progress progress) {
		if (progress.cancelled()) throw new CancellationException("Cancelled: the last saved state is kept");
	}
}
