package org.imagestack.sql;

import java.util.List;

import org.imagestack.JobProgress;
import org.imagestack.PlaneFunction;
import org.imagestack.StackRecord;
import org.imagestack.stack.AbstractImageStack;

/**
 * The database stack's calls on a database rather than on one stack, each a short use of a {@link StackDatabase}
 * opened and closed for it. They are reached as {@code SqlImageStack.stackNames(db)} and so on (static methods are
 * inherited), which is how ImageJ macros, Jython scripts and the Python package call them: their signatures are API.
 */
public abstract class DatabaseCalls extends AbstractImageStack {

	/** Only {@link SqlImageStack} extends this. */
	DatabaseCalls() {}

	/**
	 * @return the default heap budget in MB: a quarter of the JVM's max heap (at least 8 MB), which leaves room for
	 *         H2's own buffers (a 2 MB page cache and write buffers of a few cells) and the caller's images; the cache
	 *         also sheds cells when the heap runs short whatever the budget
	 */
	public static double defaultBudgetMb() {
		return StackRules.defaultBudgetMb();
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return the names of the stacks saved there, in creation order
	 * @throws org.imagestack.NoSuchDatabaseException when there is no such database
	 */
	public static List<String> stackNames(final String database) {
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.stackNames();
		}
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return what is saved there: one record per stack (name, type, planes, bytes, created, modified)
	 */
	public static List<StackRecord> listStacks(final String database) {
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.listStacks();
		}
	}

	/**
	 * Deletes a saved stack, its planes and cells (committed at once). Its space is reused by later writes;
	 * {@link StackDatabase#compact(String)} gives it back to the file system.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the stack to delete
	 * @throws org.imagestack.NoSuchStackException listing the stacks there are
	 */
	public static void deleteStack(final String database, final String stackName) {
		try (StackDatabase db = StackDatabase.open(database)) {
			db.delete(stackName);
		}
	}

	/**
	 * Works on a distributed map of a saved stack with every other worker of the same job (threads, Fiji instances,
	 * cluster nodes); returns when the job is complete. See {@link StackDatabase#mapDistributed(String, String,
	 * PlaneFunction, double)}.
	 *
	 * @return how many planes this worker mapped
	 */
	public static int mapDistributed(final String database, final String stackName, final String job,
		final PlaneFunction f)
	{
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.mapDistributed(stackName, job, f);
		}
	}

	/** As {@link #mapDistributed(String, String, String, PlaneFunction)} for any Python callable. */
	public static int mapDistributed(final String database, final String stackName, final String job,
		final Object f)
	{
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.mapDistributed(stackName, job, f);
		}
	}

	/** Lets a failed distributed map go on; see {@link StackDatabase#resumeJob}. */
	public static void resumeJob(final String database, final String stackName, final String job) {
		try (StackDatabase db = StackDatabase.open(database)) {
			db.resumeJob(stackName, job);
		}
	}

	/** @return the progress of a distributed map (planes done / total); see {@link StackDatabase#jobProgress} */
	public static JobProgress jobProgress(final String database, final String stackName, final String job) {
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.jobProgress(stackName, job);
		}
	}

	/**
	 * Copies everything that can still be read from a damaged database file into a new database: every stack, with
	 * every plane whose cells read back with a correct checksum. The damaged file is left as it is (a copy of it is
	 * opened).
	 *
	 * @param damaged the damaged database file
	 * @param target the database to copy into (created when missing)
	 * @return what was copied and what was lost
	 */
	public static Recovery.Report recover(final String damaged, final String target) {
		return Recovery.recover(damaged, target);
	}

	/** @return {@code base-yyyyMMdd-HHmmss}, with a counter appended when that name is taken in {@code database} */
	static String uniqueName(final String database, final String base) {
		try {
			return StackRules.uniqueName(stackNames(database), base);
		}
		catch (final org.imagestack.NoSuchDatabaseException e) {
			return StackRules.uniqueName(List.of(), base);
		}
	}
}
