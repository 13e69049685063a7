package org.imagestack.sql;

import java.util.List;
import java.util.function.Function;

import org.imagestack.JobProgress;
import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.StackNames;
import org.imagestack.StackRecord;
import org.imagestack.TransactionLostException;
import org.imagestack.cache.CellCache;
import org.imagestack.sql.h2.EmbeddedStore;
import org.imagestack.sql.jobs.JobStore;
import org.imagestack.sql.jobs.MapWorker;
import org.imagestack.sql.store.Catalog;
import org.imagestack.sql.store.CellStore;
import org.imagestack.sql.store.Credentials;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.Dialect;
import org.imagestack.sql.store.Interrupts;
import org.imagestack.python.PythonCallables;

/**
 * An open database of stacks: embedded H2 (a file path), an H2 server ({@code jdbc:h2:tcp://host:port/path}) or
 * PostgreSQL ({@code jdbc:postgresql://host:port/database}). Opened once, it lists, creates, opens, copies, deletes
 * and compacts stacks; {@link SqlImageStack}'s static methods are one-liners over it.
 *
 * <pre>
 * try (StackDatabase db = StackDatabase.open("jdbc:postgresql://imaging-db/lab")) {
 *     for (StackRecord r : db.listStacks()) System.out.println(r);
 *     try (SqlImageStack s = db.load("specimen", 256)) { ... }
 *     db.copy("specimen", "specimen-backup");
 * }
 * </pre>
 * <p>
 * The handle owns one connection, for the catalog: each of its calls is one transaction, committed (or rolled back)
 * before it returns, so a failure leaves the catalog as it was. A stack opened through it gets a connection of its
 * own (one per stack handle) and stays open after the handle is closed. When the handle's connection drops, the call
 * fails ({@link TransactionLostException} for a change, whose outcome the message states) and the next call
 * reconnects; a listing is retried once on a new connection. Thread-safe: calls are serialised.
 * </p>
 */
public final class StackDatabase implements AutoCloseable {

	private final DatabaseAddress address;
	private Database db;
	private boolean closed;

	private StackDatabase(final DatabaseAddress address, final Database db) {
		this.address = address;
		this.db = db;
	}

	/**
	 * Opens an existing database; never creates anything.
	 *
	 * @param database a file path or a JDBC URL ({@code jdbc:h2:...}, {@code jdbc:postgresql://...})
	 * @return the open handle
	 * @throws org.imagestack.NoSuchDatabaseException when there is no such database
	 * @throws IllegalArgumentException for a URL of an unsupported database, listing the supported forms
	 */
	public static StackDatabase open(final String database) {
		final DatabaseAddress address = DatabaseAddress.of(database);
		try {
			return new StackDatabase(address, address.open(false));
		}
		finally {
			Interrupts.restore();
		}
	}

	/**
	 * Opens a database, creating what is missing: an embedded file, the stacks' tables (a PostgreSQL database must
	 * exist; an H2 server creates one only when it was started with {@code -ifNotExists}).
	 *
	 * @param database a file path or a JDBC URL
	 * @return the open handle
	 */
	public static StackDatabase openOrCreate(final String database) {
		final DatabaseAddress address = DatabaseAddress.of(database);
		return new StackDatabase(address, address.open(true));
	}

	/**
	 * @param database a database argument
	 * @return it as it may be shown: any {@code password=} value replaced by {@code ***}
	 */
	public static String withoutPassword(final String database) {
		return Credentials.strip(database);
	}

	/**
	 * @param file what a file chooser or a macro's option gave for a database: a path, or a JDBC URL read as a path
	 * @return the database argument: the path, or the URL with the {@code //} that a {@code File} made single again
	 */
	public static String argument(final java.io.File file) {
		final String p = file.getPath();
		if (!p.startsWith("jdbc:")) return p;
		final String url = p.replace('\\', '/');
		for (final String scheme : new String[] { "jdbc:postgresql:", "jdbc:h2:tcp:", "jdbc:h2:ssl:" })
			if (url.startsWith(scheme + "/") && !url.startsWith(scheme + "//")) return scheme + "/" + url.substring(scheme
				.length());
		return url;
	}

	/** @return where the database is: its file or URL, without password */
	public String location() {
		return db.location();
	}

	/** @return the names of every stack, in creation order */
	public List<String> stackNames() {
		return read("list the stacks", Catalog::names);
	}

	/** @return one record per stack (name, type, planes, bytes, created, modified), in creation order */
	public List<StackRecord> listStacks() {
		return read("list the stacks", Catalog::listStacks);
	}

	/**
	 * @param name a stack's name
	 * @return what the catalog says of it (type, planes, bytes, times)
	 * @throws org.imagestack.NoSuchStackException listing the stacks there are
	 */
	public StackRecord stack(final String name) {
		return read("read the catalog", catalog -> catalog.requireStack(StackRules.lookupName(name)));
	}

	/**
	 * Creates a new stack, saved at once, open on a connection of its own.
	 *
	 * @param name the new stack's name (an existing name is an error)
	 * @param type its pixel type
	 * @param maxSizeMb megabytes of cells held on the heap at most (0: default)
	 * @return the open stack
	 */
	public SqlImageStack create(final String name, final PixelType type, final double maxSizeMb) {
		final SqlImageStack s = createUnsaved(name, type, maxSizeMb);
		s.saveState();
		return s;
	}

	/** As {@link #create}, its cells compressed by {@code codec} (see {@link org.imagestack.Compression}). */
	public SqlImageStack create(final String name, final PixelType type, final double maxSizeMb,
		final org.imagestack.Compression codec)
	{
		final SqlImageStack s = createUnsaved(name, type, maxSizeMb, codec);
		s.saveState();
		return s;
	}

	/** As {@link #create}, unsaved: the stack exists for others only after its first {@code saveState()}. */
	public SqlImageStack createUnsaved(final String name, final PixelType type, final double maxSizeMb) {
		return createUnsaved(name, type, maxSizeMb, org.imagestack.Compression.NONE);
	}

	/** As {@link #createUnsaved(String, PixelType, double)}, its cells compressed by {@code codec}. */
	public SqlImageStack createUnsaved(final String name, final PixelType type, final double maxSizeMb,
		final org.imagestack.Compression codec)
	{
		if (type == null) throw new NullPointerException("pixel type is null");
		if (codec == null) throw new NullPointerException("compression is null");
		requireOpen();
		return SqlImageStack.open(address, name, type, codec, maxSizeMb, true);
	}

	/**
	 * Opens a saved stack on a connection of its own.
	 *
	 * @param name the stack's name
	 * @param maxSizeMb megabytes of cells held on the heap at most (0: default)
	 * @return the open stack, in its saved state
	 * @throws org.imagestack.NoSuchStackException listing the stacks there are
	 */
	public SqlImageStack load(final String name, final double maxSizeMb) {
		requireOpen();
		return SqlImageStack.open(address, name, null, maxSizeMb, false);
	}

	/** Copies a saved stack under a new name inside the database (no cell passes through the heap); committed. */
	public void copy(final String from, final String to) {
		final String name = StackNames.check(to);
		final StackRecord copy = change("copy stack '" + from + "'", catalog -> catalog.copyStack(StackRules
			.lookupName(from), name));
		// recorded beside the file like a save: a file put back from before the copy is told, not opened without it
		new CellStore(db).recordSave(copy.id(), copy.version());
	}

	/** Deletes a stack, its planes and cells; committed. Its space is reused by later writes; see {@link #compact}. */
	public void delete(final String name) {
		change("delete stack '" + name + "'", catalog -> {
			catalog.deleteStack(StackRules.lookupName(name));
			return null;
		});
		if (db.local() != null) db.local().compactWhenIdle();
	}

	/**
	 * Stops the threads that serve every stack and database of this JVM: the idle compaction of H2 files, the thread
	 * that forgets cells the garbage collector took, and the listener for a heap running short (the plugin's service
	 * calls this when its SciJava context is disposed). Stacks and databases still open go on working, and whatever
	 * they need again is started again.
	 */
	public static void stopBackgroundWork() {
		EmbeddedStore.stopIdleCompaction();
		CellCache.stopBackgroundWork();
	}

	/**
	 * Compacts a database: space left by deleted or replaced planes is given back to the file system (an embedded H2
	 * file is closed and its chunks moved together in place, uncompressed: 1.3-4 s per GB of live data measured on
	 * this kind of machine, no other connection may be open; an H2 server: {@code SHUTDOWN COMPACT}; PostgreSQL's
	 * {@code VACUUM FULL}, which locks the stacks' tables meanwhile). Worth it after deleting stacks or rewriting most
	 * planes. As {@link #compact()} on a handle of its own.
	 *
	 * @param database a file path or a JDBC URL
	 * @return the size before and after, in bytes ({@code -1} when the database cannot tell)
	 */
	public static long[] compact(final String database) {
		try (StackDatabase db = StackDatabase.open(database)) {
			return db.compact();
		}
	}

	/**
	 * Gives the space of deleted or replaced planes back (an embedded H2 file: closed, then its chunks moved together
	 * in place, pages neither rewritten nor compressed, no other connection may be open; an H2 server:
	 * {@code SHUTDOWN COMPACT}; PostgreSQL: {@code VACUUM FULL}, other users of the tables wait meanwhile). The handle
	 * stays usable. An embedded file with a stack open on it in this JVM is not compacted (an
	 * {@code IllegalStateException} names the stack and whether it has unsaved changes): the compaction would close
	 * that stack's connection and discard its unsaved work.
	 *
	 * @return the size before and after, in bytes ({@code -1} when the database cannot tell)
	 */
	public synchronized long[] compact() {
		final Database c = connection();
		if (c.file() != null) {
			final String open = StackSession.openOn(c.file());
			if (open != null) throw new IllegalStateException("Cannot compact " + c.location() + ": " + open + " is " +
				"open on it in this program, and compacting closes every connection to the file: save and close " +
				"that stack first");
		}
		// a read-only file (or file system): said before H2's store fails with a bare NonWritableChannelException
		if (c.file() != null) c.requireWritable("compact " + c.location());
		final Dialect dialect = c.dialect();
		final long before = dialect.size(c);
		try {
			dialect.compact(c);
		}
		catch (final java.sql.SQLException e) {
			throw c.translate(e, "compact the database");
		}
		finally {
			try {
				c.close(); // H2 has closed it already
			}
			catch (final RuntimeException e) {
				// gone with the database's shutdown
			}
			db = address.open(false);
		}
		return new long[] { before, dialect.size(db) };
	}

	// -- distributed maps --

	/** How long a worker's claim on a plane holds by default: far longer than one plane takes. */
	public static final double DEFAULT_LEASE_SECONDS = 300;

	/**
	 * Works on a distributed map of a saved stack, together with every other worker (thread, process, machine) that
	 * calls this with the same stack and job name: each worker claims planes one at a time, maps each with
	 * {@code f} as {@code executeFunction} would (the result converted to the stack's type) and stores it in place of
	 * the plane, marking it done in the same transaction. Returns when every plane of the job is done: the stack is
	 * then bit for bit what {@code executeFunction(f)} makes, each plane mapped exactly once. Calling it again for a
	 * finished job does nothing (a new job name maps again).
	 * <p>
	 * The stack changes plane by plane while the job runs (others see a partly mapped stack; a handle that loaded it
	 * before can no longer save it); the job's progress is {@link #jobProgress}. When {@code f} throws, this worker's
	 * plane is left as it was and the exception comes out here; the job can be resumed by any worker. A worker that
	 * dies holds its plane until the lease runs out, then another worker maps it.
	 * </p>
	 *
	 * @param stack the stack's name
	 * @param job the job's name, the same for every worker of the job
	 * @param f the function of a plane (a Java lambda, a Jython function)
	 * @param leaseSeconds how long a claim holds (longer than one plane takes, or planes are mapped twice over and the
	 *          slower result is thrown away)
	 * @return how many planes this worker mapped
	 */
	public int mapDistributed(final String stack, final String job, final PlaneFunction f,
		final double leaseSeconds)
	{
		return mapDistributed(stack, job, f, leaseSeconds, DEFAULT_MAX_FAILURES);
	}

	/**
	 * How often a plane's function may fail (counted over all workers and runs of a job) before the job fails, by
	 * default: a failure that may pass (a worker short of memory, a file server gone for a moment) is tried again by
	 * the next worker; a function that fails on that plane every time fails the job on the third try, instead of
	 * workers (restarted by a cluster's scheduler) trying it forever.
	 */
	public static final int DEFAULT_MAX_FAILURES = 3;

	/**
	 * As {@link #mapDistributed(String, String, PlaneFunction, double)}, with a limit on failures: when {@code f} has
	 * failed {@code maxFailures} times on one plane (by any workers of the job), or a plane of the job was removed from
	 * the stack meanwhile, the job fails: every worker stops with a {@link org.imagestack.StorageException} naming the
	 * plane and its last error, {@link #jobProgress} says so, and {@link #resumeJob} lets it go on.
	 *
	 * @param maxFailures failures of one plane's function that fail the job (at least 1; default
	 *          {@link #DEFAULT_MAX_FAILURES})
	 */
	public int mapDistributed(final String stack, final String job, final PlaneFunction f,
		final double leaseSeconds, final int maxFailures)
	{
		requireOpen();
		return new MapWorker(() -> address.open(false), StackRules.lookupName(stack), job, Math.round(leaseSeconds *
			1000), maxFailures).run(f);
	}

	/**
	 * Lets a failed map job go on: planes removed from the stack since the job began leave it (its total shrinks),
	 * planes whose function failed are tried again (their failures forgotten); planes already mapped stay mapped and
	 * are not mapped again. Then run the workers again ({@link #mapDistributed}) with the same job name.
	 *
	 * @param stack the stack's name
	 * @param job the job's name
	 * @throws IllegalArgumentException when the stack has no such job
	 */
	public void resumeJob(final String stack, final String job) {
		requireOpen();
		try (org.imagestack.sql.store.Database own = address.open(false)) {
			final StackRecord r = new org.imagestack.sql.store.Catalog(own).requireStack(StackRules.lookupName(stack));
			if (new JobStore(own).resume(r.id(), job) == null) throw new IllegalArgumentException("Stack '" + stack +
				"' in " + location() + " has no map job '" + job + "'");
		}
	}

	/** As {@link #mapDistributed(String, String, PlaneFunction, double)} with {@link #DEFAULT_LEASE_SECONDS}. */
	public int mapDistributed(final String stack, final String job, final PlaneFunction f) {
		return mapDistributed(stack, job, f, DEFAULT_LEASE_SECONDS);
	}

	/** As {@link #mapDistributed(String, String, PlaneFunction)} for any Python callable (e.g. functools.partial). */
	public int mapDistributed(final String stack, final String job, final Object f) {
		return mapDistributed(stack, job, PythonCallables.planeFunction(f), DEFAULT_LEASE_SECONDS);
	}

	/**
	 * @param stack the stack's name
	 * @param job the job's name
	 * @return the job's progress (planes done / total)
	 * @throws IllegalArgumentException when the stack has no such job
	 */
	public JobProgress jobProgress(final String stack, final String job) {
		final JobProgress p = read("read a map job", catalog -> {
			final StackRecord r = catalog.requireStack(StackRules.lookupName(stack));
			return new JobStore(db).progress(r.id(), job);
		});
		if (p == null) throw new IllegalArgumentException("Stack '" + stack + "' in " + location() +
			" has no map job '" + job + "'");
		return p;
	}

	/** Closes the handle's connection; stacks opened through it stay open. Closing twice is harmless. */
	@Override
	public synchronized void close() {
		try {
			if (closed) return;
			closed = true;
			db.close();
		}
		finally {
			Interrupts.restore(); // an interrupt H2's retry: absorbed while the handle was used: the flag set again
		}
	}

	@Override
	public String toString() {
		return "StackDatabase " + db.location() + (closed ? " (closed)" : "");
	}

	// -- the handle's connection --

	private synchronized <T> T read(final String action, final Function<Catalog, T> work) {
		try {
			return inTransaction(work);
		}
		catch (final TransactionLostException e) {
			return inTransaction(work); // a connection that dropped while idle: once more on a new one
		}
	}

	private synchronized <T> T change(final String action, final Function<Catalog, T> work) {
		return inTransaction(catalog -> {
			final T out = work.apply(catalog);
			new CellStore(db).commit();
			return out;
		});
	}

	private <T> T inTransaction(final Function<Catalog, T> work) {
		final Database c = connection();
		try {
			final T out = work.apply(new Catalog(c));
			if (!c.isLost()) c.connection().commit(); // ends a read's snapshot (PostgreSQL: no idle transaction)
			return out;
		}
		catch (final java.sql.SQLException e) {
			throw c.translate(e, "end the transaction");
		}
		catch (final RuntimeException | Error e) {
			if (!c.isLost()) new CellStore(c).rollback();
			throw e;
		}
	}

	/** @return the handle's connection, a new one when the last was lost */
	private Database connection() {
		requireOpen();
		if (db.isLost()) {
			db.close();
			db = address.open(false);
		}
		return db;
	}

	private void requireOpen() {
		if (closed) throw new IllegalStateException("The database handle on " + db.location() + " is closed");
	}
}
