package org.imagestack.sql;

import java.util.List;

import org.imagestack.Compression;
import org.imagestack.JobProgress;
import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.StackRecord;
import org.imagestack.sql.store.Interrupts;
import org.imagestack.stack.AbstractImageStack;

/**
 * The database stack's calls on a database rather than on one stack, each a short use of a {@link StackDatabase}
 * opened and closed for it. They are reached as {@code SqlImageStack.stackNames(db)} and so on (static methods are
 * inherited), which is how ImageJ macros, Jython scripts and the Python package call them: their signatures are API.
 */
public abstract class DatabaseCalls extends AbstractImageStack {

	/** Only {@link SqlImageStack} extends this. */
	DatabaseCalls() {}

	// -- creating and opening --

	/**
	 * Creates a new named stack (and the database, when missing), committed at once.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the new stack's name (an existing name is an error)
	 * @param type the stack's pixel type
	 * @param maxSizeMb megabytes of cells to hold on the heap at most (0: {@link #defaultBudgetMb()})
	 * @return the open stack
	 * @throws IllegalArgumentException when the name is taken or the budget is negative or not finite
	 */
	public static SqlImageStack create(final String database, final String stackName, final PixelType type,
		final double maxSizeMb)
	{
		final SqlImageStack s = createUnsaved(database, stackName, type, maxSizeMb);
		s.saveState();
		return s;
	}

	/**
	 * Creates a new named stack whose cells are compressed by {@code codec} (recorded with the stack; see
	 * {@link Compression} for what each costs and gains), committed at once.
	 *
	 * @param database a file path or a JDBC URL
	 * @param stackName the new stack's name (an existing name is an error)
	 * @param type the stack's pixel type
	 * @param maxSizeMb megabytes of cells to hold on the heap at most (0: {@link #defaultBudgetMb()})
	 * @param codec how its cells are stored, e.g. {@link Compression#ZSTD} for photographs
	 * @return the open stack
	 */
	public static SqlImageStack create(final String database, final String stackName, final PixelType type,
		final double maxSizeMb, final Compression codec)
	{
		final SqlImageStack s = createUnsaved(database, stackName, type, maxSizeMb, codec);
		s.saveState();
		return s;
	}

	/** As {@link #create(String, String, PixelType, double)} with the type's numpy name. */
	public static SqlImageStack create(final String database, final String stackName, final String type,
		final double maxSizeMb)
	{
		return create(database, stackName, PixelType.parse(type), maxSizeMb);
	}

	/** As {@link #create(String, String, PixelType, double)} with the default budget. */
	public static SqlImageStack create(final String database, final String stackName, final String type) {
		return create(database, stackName, PixelType.parse(type), 0);
	}

	/**
	 * A new float32 stack with a readable unique name (e.g. {@code stack-20261124-101500}) in database
	 * {@code imagestack} in the working directory, as the seed's no-argument {@code ImageStackSQL()}.
	 *
	 * @return the open stack
	 */
	public static SqlImageStack create() {
		return create(SqlImageStack.DEFAULT_DATABASE, uniqueName(SqlImageStack.DEFAULT_DATABASE, "stack"), PixelType.FLOAT32, 0);
	}

	/**
	 * Creates a new named stack in the open transaction, not yet saved: it exists for others (and after a crash) only
	 * once {@link #saveState()} has run; {@link #close()} before that leaves nothing behind. What an import or a save
	 * of many planes uses, so that a failure half-way leaves no stack at all.
	 *
	 * @param database a file path or a JDBC URL (the database is created when missing)
	 * @param stackName the new stack's name
	 * @param type the stack's pixel type
	 * @param maxSizeMb heap budget in MB (0: default)
	 * @return the open, unsaved stack
	 */
	public static SqlImageStack createUnsaved(final String database, final String stackName, final PixelType type,
		final double maxSizeMb)
	{
		return createUnsaved(database, stackName, type, maxSizeMb, Compression.NONE);
	}

	/** As {@link #createUnsaved(String, String, PixelType, double)}, the cells compressed by {@code codec}. */
	public static SqlImageStack createUnsaved(final String database, final String stackName, final PixelType type,
		final double maxSizeMb, final Compression codec)
	{
		if (type == null) throw new NullPointerException("pixel type is null");
		if (codec == null) throw new NullPointerException("compression is null");
		return open(DatabaseAddress.of(database), stackName, type, codec, maxSizeMb, true);
	}

	/**
	 * Reopens a saved stack with the default budget.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the stack's name
	 * @return the open stack, in its saved state
	 * @throws org.imagestack.NoSuchStackException listing the stacks there are, when there is no such stack
	 * @throws org.imagestack.NoSuchDatabaseException when there is no such database (opening never creates one)
	 */
	public static SqlImageStack loadFromDatabase(final String database, final String stackName) {
		return loadFromDatabase(database, stackName, 0);
	}

	/**
	 * Reopens a saved stack.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the stack's name
	 * @param maxSizeMb megabytes of cells to hold on the heap at most (0: default)
	 * @return the open stack, in its saved state
	 */
	public static SqlImageStack loadFromDatabase(final String database, final String stackName,
		final double maxSizeMb)
	{
		return open(DatabaseAddress.of(database), stackName, null, maxSizeMb, false);
	}

	/**
	 * Opens (or creates, unsaved) a stack on a connection of its own.
	 *
	 * @param type the new stack's type when {@code create}, else ignored
	 */
	static SqlImageStack open(final DatabaseAddress address, final String stackName, final PixelType type,
		final double maxSizeMb, final boolean create)
	{
		return open(address, stackName, type, Compression.NONE, maxSizeMb, create);
	}

	/** As {@link #open(DatabaseAddress, String, PixelType, double, boolean)}, a new stack compressed by {@code codec}. */
	static SqlImageStack open(final DatabaseAddress address, final String stackName, final PixelType type,
		final Compression codec, final double maxSizeMb, final boolean create)
	{
		try {
			return new SqlImageStack(StackSession.open(address, stackName, type, codec, maxSizeMb, create));
		}
		finally {
			Interrupts.restore(); // opened on an interrupted thread: opened, the interrupt status kept
		}
	}

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
