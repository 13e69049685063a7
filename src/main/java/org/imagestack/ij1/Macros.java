package org.imagestack.ij1;

import ij.ImagePlus;
import ij.WindowManager;

import org.imagestack.service.StackOperations;

/**
 * Entry points for ImageJ macros' {@code call(...)}: every argument and result is a string, no dialog is ever
 * shown, so they work with no display at all (e.g. {@code ImageJ -batch} on a cluster), where the menu commands'
 * dialogs cannot be made. Each returns a one-line report, or a line starting with {@code Error: } (a macro cannot
 * catch a Java exception, and an uncaught one would open a dialog).
 *
 * <pre>
 * r = call("org.imagestack.ij1.Macros.importSequence", "/data/photos", "*.bmp", "/data/crack", "specimen", "uint8", "true", "256");
 * r = call("org.imagestack.ij1.Macros.applyToEveryPlane", "/data/crack", "specimen", "Gaussian Blur...", "sigma=2", "", "256");
 * </pre>
 */
public final class Macros {

	private Macros() {}

	/** A report, or the error as {@code Error: message}. */
	private interface Work {

		String run() throws Exception;
	}

	private static String report(final Work work) {
		try {
			return work.run();
		}
		catch (final Exception | OutOfMemoryError e) {
			return "Error: " + e.getMessage();
		}
	}

	private static double mb(final String budget) {
		return budget == null || budget.trim().isEmpty() ? 0 : Double.parseDouble(budget.trim());
	}

	private static boolean yes(final String flag) {
		return flag != null && (flag.trim().equalsIgnoreCase("true") || flag.trim().equals("1") || flag.trim()
			.equalsIgnoreCase("yes"));
	}

	/** Saves the current image (or stack) as a new stack; {@code type} is {@code same} or a type name. */
	public static String saveImage(final String database, final String stack, final String type,
		final String budgetMb)
	{
		return report(() -> StackOperations.save(WindowManager.getCurrentImage(), database, stack, type, mb(budgetMb),
			StackOperations.NONE));
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
		return report(() -> {
			final ImagePlus imp = StackOperations.open(database, stack, yes(virtual), mb(budgetMb), onClose);
			if (java.awt.GraphicsEnvironment.isHeadless() || ij.macro.Interpreter.isBatchMode()) ij.macro.Interpreter
				.addBatchModeImage(imp);
			else imp.show();
			WindowManager.setTempCurrentImage(imp);
			return imp.getTitle();
		});
	}

	/** The seed's {@code from_paths} on a folder ({@code asGray}: {@code true}/{@code false}). */
	public static String importSequence(final String folder, final String filter, final String database,
		final String stack, final String type, final String asGray, final String budgetMb)
	{
		return report(() -> StackOperations.importSequence(folder, filter, database, stack, type == null || type
			.isEmpty() || type.equalsIgnoreCase("same") ? null : type, yes(asGray), mb(budgetMb)));
	}

	/** {@code changeType}, streaming. */
	public static String convertType(final String database, final String stack, final String type,
		final String budgetMb)
	{
		return report(() -> StackOperations.convert(database, stack, type, mb(budgetMb)));
	}

	/** Runs an ImageJ command with options, or macro code, on every plane. */
	public static String applyToEveryPlane(final String database, final String stack, final String command,
		final String options, final String macro, final String budgetMb)
	{
		return report(() -> StackOperations.applyToEveryPlane(database, stack, command, options, macro, mb(budgetMb),
			StackOperations.NONE));
	}

	/** Image n becomes {@code operation(n-1, n)} ({@code keepFirst}: {@code true}/{@code false}). */
	public static String applyRolling(final String database, final String stack, final String operation,
		final String keepFirst, final String budgetMb)
	{
		return report(() -> StackOperations.applyRolling(database, stack, operation, yes(keepFirst), mb(budgetMb),
			StackOperations.NONE));
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
		return report(() -> StackOperations.applyDistributed(database, stack, job, command, options, macro));
	}

	/** @return a distributed map's progress, planes done / total (e.g. {@code 120/200}), or an error */
	public static String jobProgress(final String database, final String stack, final String job) {
		return report(() -> StackOperations.jobProgress(database, stack, job));
	}

	public static String copyStack(final String database, final String stack, final String newName) {
		return report(() -> StackOperations.copy(database, stack, newName));
	}

	public static String deleteStack(final String database, final String stack) {
		return report(() -> StackOperations.delete(database, stack));
	}

	public static String compactDatabase(final String database) {
		return report(() -> StackOperations.compact(database));
	}

	/** @return one line per stack: name, type, planes, size (MB), modified, separated by tabs */
	public static String listStacks(final String database) {
		return report(() -> StackOperations.listText(database));
	}
}
