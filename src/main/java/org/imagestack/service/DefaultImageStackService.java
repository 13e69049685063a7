package org.imagestack.service;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import ij.ImagePlus;
import ij.plugin.ImageCalculator;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;
import org.imagestack.StackRecord;
import org.imagestack.imagej.ImagePlusAdapter;
import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.io.ImageFiles;
import org.imagestack.io.StackFiles;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackDatabase;

/**
 * The operations, on {@link SqlImageStack}'s public API; images of ImageJ's are the front end's
 * ({@code org.imagestack.ij1.ImagePlusStacks}). Plain ImageJ 1 has no SciJava context: its front end makes
 * one with {@code new DefaultImageStackService()}; nothing here needs another service.
 */
@Plugin(type = Service.class)
public class DefaultImageStackService extends AbstractService implements ImageStackService {

	/** Budget of the stack read beside the one written (Convert, Copy): planes are read once, in order. */
	private static final double READ_BUDGET_MB = 1;

	/**
	 * Stops the threads the plugin runs beside its operations (SciJava calls this when the context is disposed, e.g.
	 * when Fiji quits): the virtual-stack watcher, the idle compaction of H2 files, the cell reaper, and the heap
	 * listener. Stacks still open go on working and start again what they need.
	 */
	@Override
	public void dispose() {
		VirtualStackCloser.stopWatching();
		StackDatabase.stopBackgroundWork();
	}

	@Override
	public String save(final List<? extends Img<? extends RealType<?>>> planes, final String database,
		final String stackName, final String type, final double budgetMb, final String compression,
		final Progress progress)
	{
		final org.imagestack.Compression codec = org.imagestack.Compression.parse(compression);
		if (planes == null || planes.isEmpty()) throw new IllegalArgumentException("No image to save: open or " +
			"select one first");
		requireName(stackName);
		requireFolderOf(database);
		final PixelType pixelType = isSame(type) ? PixelType.of(planes.get(0)) : PixelType.parse(type);
		final int total = planes.size();
		// not saved until every plane is in: a failure or Esc leaves no stack (and never touches one of that name)
		try (SqlImageStack s = SqlImageStack.createUnsaved(database, stackName, pixelType, budgetMb, codec)) {
			for (int i = 0; i < total; i++) {
				checkCancelled(progress, "stack '" + stackName + "' was not created");
				s.addImage(planes.get(i));
				progress.update(i + 1, total);
			}
			s.saveState();
		}
		return "Saved " + total + " " + planes(total) + " as stack '" + stackName + "' (" + pixelType + ") in " +
			shown(database);
	}

	@Override
	public SqlImageStack open(final String database, final String stackName, final double budgetMb) {
		final SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, budgetMb);
		if (!s.isEmpty()) return s;
		s.close();
		throw new IllegalArgumentException("Stack '" + stackName + "' is empty: nothing to open");
	}

	@Override
	public String importSequence(final String folder, final String filter, final String database,
		final String stackName, final String type, final boolean asGray, final double budgetMb,
		final String compression, final Progress progress) throws IOException
	{
		final org.imagestack.Compression codec = org.imagestack.Compression.parse(compression);
		requireName(stackName);
		requireFolderOf(database);
		final Path dir = Paths.get(folder);
		final List<Path> files = ImageFiles.list(dir, filter);
		if (files.isEmpty()) throw new IllegalArgumentException("No file in " + dir.getFileName() + " matches '" +
			filter + "'" + ("*".equals(StackFiles.suggestFilter(dir)) ? "" : "; its images match '" + StackFiles
				.suggestFilter(dir) + "'"));
		final int total = files.size();
		checkCancelled(progress, "stack '" + stackName + "' was not created");
		try (SqlImageStack s = StackFiles.fromPaths(files, database, stackName, isSame(type) ? null : type, budgetMb,
			codec, asGray, done -> {
				progress.update(done, total);
				checkCancelled(progress, "stack '" + stackName + "' was not created");
			}))
		{
			return "Imported " + total + " " + images(total) + " into stack '" + stackName + "' (" + s.pixelType() +
				") in " + shown(database);
		}
	}

	/**
	 * In place: reads the saved planes through a second connection while the stack, in its own transaction, is
	 * emptied, changed to the new type and filled again: one pass, a plane at a time, and nothing changes until the
	 * final save. Into a new stack: the source is only read.
	 */
	@Override
	public String convert(final String database, final String stackName, final String output, final String type,
		final double budgetMb, final Progress progress)
	{
		final PixelType target = PixelType.parse(type);
		if (!inPlace(stackName, output)) {
			requireName(output);
			try (SqlImageStack saved = SqlImageStack.loadFromDatabase(database, stackName, READ_BUDGET_MB);
				SqlImageStack out = SqlImageStack.createUnsaved(database, output.trim(), target, budgetMb))
			{
				final int total = saved.size();
				for (int i = 0; i < total; i++) {
					checkCancelled(progress, notCreated(output));
					out.addImage(saved.get(i));
					progress.update(i + 1, total);
				}
				out.saveState();
				return "Converted " + total + " " + planes(total) + " of stack '" + stackName + "' from " + saved
					.pixelType() + " to " + target + " into new stack '" + output.trim() + "'";
			}
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, budgetMb)) {
			if (s.pixelType() == target) return "Stack '" + stackName + "' is " + target + " already";
			final String from = s.pixelType().toString();
			try (SqlImageStack saved = SqlImageStack.loadFromDatabase(database, stackName, READ_BUDGET_MB)) {
				final int total = saved.size();
				s.clear();
				s.changeType(target);
				for (int i = 0; i < total; i++) {
					checkCancelled(progress, leftAtLastSave(stackName));
					s.addImage(saved.get(i));
					progress.update(i + 1, total);
				}
				s.saveState();
				return "Converted " + total + " " + planes(total) + " of stack '" + stackName + "' from " + from + " to " +
					target + " (in place)";
			}
		}
	}

	/** @return whether a command writes over its stack: no output given, or the stack's own name */
	static boolean inPlace(final String stackName, final String output) {
		return output == null || output.trim().isEmpty() || output.trim().equals(stackName);
	}

	static String notCreated(final String stackName) {
		return "stack '" + stackName.trim() + "' was not created";
	}

	@Override
	public String applyToEveryPlane(final String database, final String stackName, final String output,
		final String command, final String options, final String macro, final double budgetMb, final Progress progress)
	{
		final boolean useMacro = ImageJWork.requireWork(command, macro);
		final boolean inPlace = inPlace(stackName, output);
		if (!inPlace) requireName(output);
		final String cancelled = inPlace ? leftAtLastSave(stackName) : notCreated(output);
		final String what = useMacro ? "the macro" : command.trim();
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, inPlace ? budgetMb
			: READ_BUDGET_MB))
		{
			final PixelType type = s.pixelType();
			final int total = s.size();
			final int[] done = { 0 };
			final PlaneFunction f = plane -> {
				checkCancelled(progress, cancelled);
				final ImagePlus[] imp = { new ImagePlus("plane", ImagePlusAdapter.toProcessor(plane)) };
				step(progress, cancelled, () -> imp[0] = ImageJWork.runOn(imp[0], useMacro, command, options, macro));
				checkCancelled(progress, cancelled); // Esc during the command: it may have stopped half-way
				progress.update(++done[0], total);
				return ImagePlusAdapter.fromProcessor(imp[0].getProcessor(), type);
			};
			if (inPlace) {
				s.executeFunction(f, false); // ImageJ commands are not safe to run on several threads at once
				s.saveState();
				return "Applied " + what + " to " + total + " " + planes(total) + " of stack '" + stackName +
					"' (in place)";
			}
			try (SqlImageStack out = SqlImageStack.createUnsaved(database, output.trim(), type, budgetMb)) {
				for (int i = 0; i < total; i++)
					out.addImage(f.apply(s.get(i)));
				out.saveState();
			}
			return "Applied " + what + " to " + total + " " + planes(total) + " of stack '" + stackName +
				"' into new stack '" + output.trim() + "'";
		}
	}

	/**
	 * Runs an ImageJ command on a plane: ImageJ's own cancel (Esc while its filter runs: "Macro canceled") is the
	 * user's cancel, as Esc between planes is.
	 */
	private static void step(final Progress progress, final String cancelled, final Runnable step) {
		try {
			progress.step(step);
		}
		catch (final RuntimeException e) {
			if (UserMessages.isImageJCancel(e)) throw new CancellationException("Cancelled: " + cancelled);
			throw e;
		}
	}

	@Override
	public String applyDistributed(final String database, final String stackName, final String job,
		final String command, final String options, final String macro)
	{
		final boolean useMacro = ImageJWork.requireWork(command, macro);
		try (StackDatabase db = StackDatabase.open(database)) {
			final PixelType type = db.stack(stackName).type();
			final int mine = db.mapDistributed(stackName, job, plane -> ImagePlusAdapter.fromProcessor(ImageJWork.runOn(
				new ImagePlus("plane", ImagePlusAdapter.toProcessor(plane)), useMacro, command, options, macro)
					.getProcessor(), type));
			return "Applied " + (useMacro ? "the macro" : command.trim()) + " to " + mine + " " + planes(mine) +
				" of stack '" + stackName + "' (job '" + job + "': " + db.jobProgress(stackName, job) + " planes done)";
		}
	}

	@Override
	public String jobProgress(final String database, final String stackName, final String job) {
		return SqlImageStack.jobProgress(database, stackName, job).toString();
	}

	@Override
	public String applyRolling(final String database, final String stackName, final String output,
		final String operation, final boolean keepFirst, final double budgetMb, final Progress progress)
	{
		final String op = CommandSpec.rollingOperation(operation);
		final boolean inPlace = inPlace(stackName, output);
		if (!inPlace) requireName(output);
		final String cancelled = inPlace ? leftAtLastSave(stackName) : notCreated(output);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, inPlace ? budgetMb
			: READ_BUDGET_MB))
		{
			final PixelType type = s.pixelType();
			final int total = Math.max(0, s.size() - 1);
			final int[] done = { 0 };
			final RollingFunction f = (previous, current) -> {
				checkCancelled(progress, cancelled);
				final ImagePlus a = new ImagePlus("n-1", ImagePlusAdapter.toProcessor(previous));
				final ImagePlus b = new ImagePlus("n", ImagePlusAdapter.toProcessor(current));
				final ImagePlus[] out = new ImagePlus[1];
				step(progress, cancelled, () -> out[0] = new ImageCalculator().run(op + " create", a, b));
				progress.update(++done[0], total);
				return ImagePlusAdapter.fromProcessor(out[0].getProcessor(), type);
			};
			if (inPlace) {
				s.executeRollingFunction(f, keepFirst, false);
				s.saveState();
				return "Applied rolling " + op + " to stack '" + stackName + "' (in place): " + s.size() + " " + planes(s
					.size());
			}
			try (SqlImageStack out = SqlImageStack.createUnsaved(database, output.trim(), type, budgetMb)) {
				if (keepFirst && s.size() > 0) out.addImage(s.get(0));
				for (int i = 1; i < s.size(); i++)
					out.addImage(f.apply(s.get(i - 1), s.get(i)));
				out.saveState();
				return "Applied rolling " + op + " to stack '" + stackName + "' into new stack '" + output.trim() +
					"': " + out.size() + " " + planes(out.size());
			}
		}
	}

	@Override
	public String copy(final String database, final String stackName, final String newName, final double budgetMb,
		final Progress progress)
	{
		requireName(newName);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(database, stackName, READ_BUDGET_MB)) {
			final int total = s.size();
			// not saved until every plane is in: a failure or Esc leaves no copy (and never touches one of that name)
			try (SqlImageStack c = SqlImageStack.createUnsaved(database, newName, s.pixelType(), budgetMb)) {
				c.setCompression(s.compression());
				for (int i = 0; i < total; i++) {
					checkCancelled(progress, "stack '" + newName + "' was not created");
					c.addImage(s.get(i));
					progress.update(i + 1, total);
				}
				c.saveState();
				return "Copied stack '" + stackName + "' to '" + newName + "' (" + total + " " + planes(total) + ")";
			}
		}
	}

	@Override
	public String delete(final String database, final String stackName) {
		final List<ImagePlus> open = VirtualStackCloser.imagesOn(database, stackName);
		if (!open.isEmpty()) throw new IllegalStateException("Stack '" + stackName + "' is open in image '" + open.get(
			0).getTitle() + "': close that image first");
		SqlImageStack.deleteStack(database, stackName);
		return "Deleted stack '" + stackName + "' from " + shown(database);
	}

	@Override
	public String compact(final String database) {
		final List<ImagePlus> open = VirtualStackCloser.imagesOn(database, null);
		if (!open.isEmpty()) throw new IllegalStateException("Image '" + open.get(0).getTitle() +
			"' is open on this database: close it first");
		final long before = fileSize(database);
		StackDatabase.compact(database);
		final long after = fileSize(database);
		if (before < 0 || after < 0) return "Compacted " + shown(database);
		return String.format(Locale.ROOT, "Compacted %s: %.1f MB -> %.1f MB", shown(database), before / 1e6, after /
			1e6);
	}

	@Override
	public List<StackRecord> list(final String database) {
		return SqlImageStack.listStacks(database);
	}

	@Override
	public List<String> stackNames(final String database) {
		if (database == null || database.trim().isEmpty()) return Collections.emptyList();
		if (!database.startsWith("jdbc:") && !Paths.get(database.endsWith(".mv.db") ? database : database + ".mv.db")
			.toFile().isFile()) return Collections.emptyList();
		try {
			return SqlImageStack.stackNames(database);
		}
		catch (final RuntimeException e) { // locked, damaged: the dialog falls back to a text field
			return Collections.emptyList();
		}
	}

	/** @return the size of a database file in bytes, -1 for a URL or a missing file */
	static long fileSize(final String database) {
		if (database.startsWith("jdbc:")) return -1;
		final java.io.File f = new java.io.File(database.endsWith(".mv.db") ? database : database + ".mv.db");
		return f.isFile() ? f.length() : -1;
	}

	// -- wording --

	/** @return "plane" or "planes" */
	public static String planes(final int n) {
		return n == 1 ? "plane" : "planes";
	}

	private static String images(final int n) {
		return n == 1 ? "image" : "images";
	}

	/** @return "1 stack", "2 stacks" */
	public static String stacks(final int n) {
		return n + (n == 1 ? " stack" : " stacks");
	}

	/** @return the database as the person gave it (a path as typed, a URL without its password) */
	public static String shown(final String database) {
		return StackDatabase.withoutPassword(String.valueOf(database));
	}

	static String leftAtLastSave(final String stackName) {
		return "stack '" + stackName + "' left at its last save";
	}

	private static boolean isSame(final String type) {
		return type == null || type.trim().isEmpty() || type.trim().equalsIgnoreCase("same");
	}

	/**
	 * A new database goes into a folder that exists: a path whose folder is missing (mistyped, or a folder doubled) is
	 * refused, naming the folder, instead of made with every folder on the way.
	 */
	static void requireFolderOf(final String database) {
		if (database == null || database.startsWith("jdbc:")) return;
		final Path parent = Paths.get(database).toAbsolutePath().getParent();
		if (parent != null && !java.nio.file.Files.isDirectory(parent)) throw new IllegalArgumentException(
			"No folder " + parent + ": the database " + database + " would go there. Create the folder first, or " +
				"choose another path");
	}

	private static void requireName(final String name) {
		if (name == null || name.trim().isEmpty()) throw new IllegalArgumentException("Give the stack a name");
	}

	private static void checkCancelled(final Progress progress, final String what) {
		if (progress.cancelled()) throw new CancellationException("Cancelled: " + what);
	}

}
