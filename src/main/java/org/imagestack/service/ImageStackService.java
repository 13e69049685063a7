package org.imagestack.service;

import java.io.IOException;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.scijava.service.Service;

import org.imagestack.StackRecord;
import org.imagestack.sql.SqlImageStack;

/**
 * The ten ImageStack-H2 operations behind every front end: Fiji's SciJava commands, the ImageJ 1 menu commands
 * ({@code plugins.config}) and the macro entry points ({@code call(...)}). No dialog, no window: progress and
 * cancelling go through {@link Progress}; errors are exceptions whose messages a person can read (see
 * {@link UserMessages}). Long operations are all or nothing: after an error or Esc the stack is as last saved (a new
 * stack is not created), and the {@link java.util.concurrent.CancellationException} says so.
 * <p>
 * Budgets are megabytes of planes held on the heap; {@code 0} means automatic (the storage's default, from the heap).
 * </p>
 */
public interface ImageStackService extends Service {

	/**
	 * Saves planes as a new stack (the name must be free); all or nothing. ImageJ's images go through the ImageJ 1
	 * front end ({@code org.imagestack.ij1.ImagePlusStacks}), which saves a virtual stack in place.
	 *
	 * @param planes the planes, read in order, one at a time
	 * @param type {@code same} (the first plane's type: 8-bit: uint8, 16-bit: uint16, 32-bit: float32, RGB:
	 *          3-channel uint8) or a type name
	 * @return a one-line report
	 */
	default String save(List<? extends Img<? extends RealType<?>>> planes, String database, String stack, String type,
		double budgetMb, Progress progress)
	{
		return save(planes, database, stack, type, budgetMb, "none", progress);
	}

	/**
	 * As {@link #save(List, String, String, String, double, Progress)}, the new stack's cells stored with
	 * {@code compression}: {@code none}, {@code lz4}, {@code zstd} or {@code deflate} ({@link org.imagestack.Compression}).
	 */
	String save(List<? extends Img<? extends RealType<?>>> planes, String database, String stack, String type,
		double budgetMb, String compression, Progress progress);

	/**
	 * Opens a stack for reading and writing, at most {@code budgetMb} of its planes on the heap; the caller closes it
	 * (the ImageJ 1 front end shows it in memory or as a virtual stack).
	 *
	 * @throws IllegalArgumentException when the stack is empty (nothing to show)
	 */
	SqlImageStack open(String database, String stack, double budgetMb);

	/** Reads the image files of a folder matching a glob, in natural order, into a new stack; {@code type} may be {@code same}. */
	default String importSequence(String folder, String filter, String database, String stack, String type,
		boolean asGray, double budgetMb, Progress progress) throws IOException
	{
		return importSequence(folder, filter, database, stack, type, asGray, budgetMb, "none", progress);
	}

	/** As {@link #importSequence(String, String, String, String, String, boolean, double, Progress)}, the new stack's cells stored with {@code compression}. */
	String importSequence(String folder, String filter, String database, String stack, String type, boolean asGray,
		double budgetMb, String compression, Progress progress) throws IOException;

	/**
	 * Converts every plane to another type with scikit-image's rules; all or nothing.
	 *
	 * @param output empty (or the stack's own name): in place; else the name of a new stack, the source left as it was
	 */
	String convert(String database, String stack, String output, String type, double budgetMb, Progress progress);

	/** {@link #convert(String, String, String, String, double, Progress)} in place. */
	default String convert(final String database, final String stack, final String type, final double budgetMb,
		final Progress progress)
	{
		return convert(database, stack, "", type, budgetMb, progress);
	}

	/**
	 * Runs an ImageJ command with options, or macro code, on every plane; all or nothing.
	 *
	 * @param output empty (or the stack's own name): in place; else the name of a new stack, the source left as it was
	 */
	String applyToEveryPlane(String database, String stack, String output, String command, String options,
		String macro, double budgetMb, Progress progress);

	/** {@link #applyToEveryPlane(String, String, String, String, String, String, double, Progress)} in place. */
	default String applyToEveryPlane(final String database, final String stack, final String command,
		final String options, final String macro, final double budgetMb, final Progress progress)
	{
		return applyToEveryPlane(database, stack, "", command, options, macro, budgetMb, progress);
	}

	/**
	 * Plane n becomes {@code operation(n-1, n)} with ImageJ's image calculator; all or nothing.
	 *
	 * @param output empty (or the stack's own name): in place; else the name of a new stack, the source left as it was
	 */
	String applyRolling(String database, String stack, String output, String operation, boolean keepFirst,
		double budgetMb, Progress progress);

	/** {@link #applyRolling(String, String, String, String, boolean, double, Progress)} in place. */
	default String applyRolling(final String database, final String stack, final String operation,
		final boolean keepFirst, final double budgetMb, final Progress progress)
	{
		return applyRolling(database, stack, "", operation, keepFirst, budgetMb, progress);
	}

	/** Copies a stack inside its database under a new name. */
	String copy(String database, String stack, String newName, double budgetMb, Progress progress);

	/** Deletes a stack; refused while it is open as a virtual stack. */
	String delete(String database, String stack);

	/** Gives the space of deleted and rewritten planes back to the file system. */
	String compact(String database);

	/** @return what a database holds, one record per stack */
	List<StackRecord> list(String database);

	/** @return the names of a database's stacks; empty when the database does not exist (yet) or cannot be read */
	List<String> stackNames(String database);

	/**
	 * One worker of a distributed map: runs the ImageJ command (with options) or macro code on each plane it claims,
	 * together with every other worker given the same job (other ImageJ instances, cluster nodes), until every plane
	 * of the stack is done; each plane is mapped exactly once, as Apply to Every Plane would.
	 *
	 * @return how many planes this worker mapped, and the job's progress
	 */
	String applyDistributed(String database, String stack, String job, String command, String options, String macro);

	/** @return a distributed map's progress, planes done / total (e.g. {@code 120/200}) */
	String jobProgress(String database, String stack, String job);
}
