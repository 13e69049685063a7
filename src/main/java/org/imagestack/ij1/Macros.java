package org.imagestack.ij1;

import ij.IJ;
import ij.WindowManager;

import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.service.CommandSpec;
import org.imagestack.ij1.ImageJFeedback;
import org.imagestack.service.Progress;
import org.imagestack.service.UserMessages;

/**
 * Entry points for ImageJ macros' {@code call(...)}: every argument and result is a string, no dialog is ever
 * shown, so they work with no display at all (e.g. {@code ImageJ -batch} on a cluster), where the menu commands'
 * dialogs cannot be made. The arguments are the menu command's parameters in the order of its {@link CommandSpec};
 * each returns a one-line report, or a line starting with {@code Error: } (a macro cannot catch a Java exception, and
 * an uncaught one would open a dialog), and never stops the macro: test the result.
 *
 * <pre>
 * r = call("org.imagestack.ij1.Macros.importSequence", "/data/photos", "*.bmp", "/data/crack", "specimen", "uint8", "true", "0");
 * r = call("org.imagestack.ij1.Macros.applyToEveryPlane", "/data/crack", "specimen", "Gaussian Blur...", "sigma=2", "", "0");
 * if (startsWith(r, "Error:")) exit(r);
 * </pre>
 */
public final class Macros {

	private Macros() {}

	/** Runs a command with its parameters in spec order; returns its report, the listing, or {@code Error: ...}. */
	static String call(final CommandSpec spec, final String... args) {
		if (args.length != spec.params().size()) return "Error: " + spec.label() + " takes " + spec.params().size() +
			" arguments, not " + args.length;
		final CommandSpec.Values values = new CommandSpec.Values().put(Front.IMAGE, WindowManager.getCurrentImage());
		for (int i = 0; i < args.length; i++)
			values.put(spec.params().get(i).key, args[i]);
		return report(() -> {
			final Progress progress = IJ.getInstance() == null ? Progress.NONE : ImageJFeedback.progress(spec.title());
			final Front.Result r = Front.run(spec, ImageStackH2.service(), values, progress);
			if (r.image != null) {
				VirtualStackCloser.show(r.image);
				WindowManager.setTempCurrentImage(r.image);
				return r.image.getTitle();
			}
			return r.stacks != null ? CommandSpec.text(r.stacks) : r.report;
		});
	}

	/** Work giving a one-line report. */
	private interface Work {

		String run() throws Exception;
	}

	/** @return the work's report, or {@code Error: ...} in the menu commands' wording */
	private static String report(final Work work) {
		try {
			return work.run();
		}
		catch (final Exception | OutOfMemoryError e) {
			if (!UserMessages.expected(e)) IJ.log("ImageStack-H2 error: " + UserMessages.details(e));
			return "Error: " + UserMessages.brief(e).replace('\n', ' ');
		}
	}

	/** Saves the current image (or stack) as a stack; {@code type} is {@code same} or a type name. */
	public static String saveImage(final String database, final String stack, final String type,
		final String budgetMb)
	{
		return saveImage(database, stack, type, budgetMb, "none");
	}

	/** As {@link #saveImage(String, String, String, String)}, the cells stored with {@code compression} (none, lz4, zstd, deflate). */
	public static String saveImage(final String database, final String stack, final String type,
		final String budgetMb, final String compression)
	{
		return call(CommandSpec.SAVE, database, stack, type, budgetMb, compression);
	}

	/**
	 * Opens a stack as the current image ({@code virtual}: {@code true}/{@code false}; {@code onClose}: ask, save or
	 * discard) and shows it (in batch mode: as a batch-mode image).
	 *
	 * @return the image's title, or an error
	 */
	public static String openStack(final String database, final String stack, final String virtual,
		final String onClose, final String budgetMb)
	{
		return call(CommandSpec.OPEN, database, stack, virtual, onClose, budgetMb);
	}

	/** The seed's {@code from_paths} on a folder ({@code type}: {@code same} or a type; {@code asGray}: {@code true}/{@code false}). */
	public static String importSequence(final String folder, final String filter, final String database,
		final String stack, final String type, final String asGray, final String budgetMb)
	{
		return importSequence(folder, filter, database, stack, type, asGray, budgetMb, "none");
	}

	/** As {@link #importSequence(String, String, String, String, String, String, String)}, the cells stored with {@code compression} (none, lz4, zstd, deflate). */
	public static String importSequence(final String folder, final String filter, final String database,
		final String stack, final String type, final String asGray, final String budgetMb, final String compression)
	{
		return call(CommandSpec.IMPORT, folder, filter, database, stack, type, asGray, budgetMb, compression);
	}

	/** Converts every plane to another type, in place. */
	public static String convertType(final String database, final String stack, final String type,
		final String budgetMb)
	{
		return convertType(database, stack, "", type, budgetMb);
	}

	/** Converts every plane to another type, into a new stack {@code output} (empty: in place). */
	public static String convertType(final String database, final String stack, final String output,
		final String type, final String budgetMb)
	{
		return call(CommandSpec.CONVERT, database, stack, output, type, budgetMb);
	}

	/** Runs an ImageJ command with options, or macro code, on every plane, in place. */
	public static String applyToEveryPlane(final String database, final String stack, final String command,
		final String options, final String macro, final String budgetMb)
	{
		return applyToEveryPlane(database, stack, "", command, options, macro, budgetMb);
	}

	/** Runs an ImageJ command with options, or macro code, on every plane, into a new stack {@code output} (empty: in place). */
	public static String applyToEveryPlane(final String database, final String stack, final String output,
		final String command, final String options, final String macro, final String budgetMb)
	{
		return call(CommandSpec.APPLY, database, stack, output, command, options, macro, budgetMb);
	}

	/** Image n becomes {@code operation(n-1, n)} ({@code keepFirst}: {@code true}/{@code false}), in place. */
	public static String applyRolling(final String database, final String stack, final String operation,
		final String keepFirst, final String budgetMb)
	{
		return applyRolling(database, stack, "", operation, keepFirst, budgetMb);
	}

	/** Image n becomes {@code operation(n-1, n)}, into a new stack {@code output} (empty: in place). */
	public static String applyRolling(final String database, final String stack, final String output,
		final String operation, final String keepFirst, final String budgetMb)
	{
		return call(CommandSpec.ROLLING, database, stack, output, operation, keepFirst, budgetMb);
	}

	/**
	 * One worker of a distributed map: runs the ImageJ command (with options) or macro code on the planes it claims,
	 * together with every other worker given the same job name (other ImageJ instances, cluster nodes), until the
	 * whole stack is done.
	 *
	 * @return how many planes this worker mapped and the job's progress, or an error
	 */
	public static String applyDistributed(final String database, final String stack, final String job,
		final String command, final String options, final String macro)
	{
		return report(() -> {
			CommandSpec.requireNoPassword(database);
			return ImageStackH2.service().applyDistributed(database, stack, job, command, options, macro);
		});
	}

	/** @return a distributed map's progress, planes done / total (e.g. {@code 120/200}), or an error */
	public static String jobProgress(final String database, final String stack, final String job) {
		return report(() -> {
			CommandSpec.requireNoPassword(database);
			return ImageStackH2.service().jobProgress(database, stack, job);
		});
	}

	public static String copyStack(final String database, final String stack, final String newName) {
		return call(CommandSpec.COPY, database, stack, newName);
	}

	public static String deleteStack(final String database, final String stack) {
		return call(CommandSpec.DELETE, database, stack);
	}

	public static String compactDatabase(final String database) {
		return call(CommandSpec.COMPACT, database);
	}

	/** @return one line per stack: name, type, planes, size (MB), modified, separated by tabs */
	public static String listStacks(final String database) {
		return call(CommandSpec.LIST, database);
	}
}
