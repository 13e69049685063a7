package org.imagestack.sql;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;

import org.imagestack.Compression;
import org.imagestack.ConcurrentSaveException;
import org.imagestack.PixelType;
import org.imagestack.StackNames;
import org.imagestack.cache.MemoryPressure;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.cells.CellShape;
import org.imagestack.sql.cells.PagedPlanes;
import org.imagestack.sql.store.Catalog;
import org.imagestack.sql.store.CellStore;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.Interrupts;

/**
 * An image stack kept in a database (embedded H2 by default, or an H2 or PostgreSQL server) as ImgLib2 cells, holding at most a budget of cells on the heap:
 * the seed's {@code ImageStackSQL}, for stacks (and planes) far larger than the Java heap.
 * <p>
 * Stacks are named and persistent; a database file holds any number of them. Each plane is stored as cells of at
 * most 1 MiB, one database row each, with a CRC-32. Every change (adding, replacing, removing planes, pixels written
 * into a plane, {@link #changeType}, the maps) goes into an open database transaction: {@link #saveState()} makes all
 * of it durable at once (committed and forced to the disk), {@link #reload()} discards it and returns to the last
 * saved state, and {@link #close()} without {@code saveState()} also keeps the last saved state.
 * </p>
 * <p>
 * {@link #get(int)} hands out the stack's plane itself, as a cell image over the stack's one cell cache: reading a
 * region loads only the cells it crosses, and pixels written into it change the stack (saved by {@code saveState()}),
 * as with the in-memory stack. {@link #set(int, Img)} replaces a plane; a plane handed out before keeps its pixels
 * until the next save. {@link #asImg()} is the 3D view over the same cells. The cache holds at most the budget and
 * gives cells back when the JVM's heap runs short ({@link MemoryPressure}).
 * </p>
 * <p>
 * Thread-safe for concurrent use. A stack is used through one handle per process at a time; a second handle on the
 * same stack (here or in another process) that saves after the first gets a {@link ConcurrentSaveException} and
 * loses nothing. {@code database} is a file path (e.g. {@code crack.h2} or {@code /data/crack}; H2 adds
 * {@code .mv.db}) or a JDBC URL: {@code jdbc:h2:tcp://host:port/path} (an H2 server) or
 * {@code jdbc:postgresql://host:port/database}; see {@link Database} for sharing a file between processes and
 * {@link StackDatabase} for a handle that opens the database once. Each open stack has a connection of its own.
 * </p>
 * <p>
 * When the connection drops or the server aborts the transaction, the unsaved changes are gone: every use but
 * {@link #reload()} and {@link #close()} is then a {@link org.imagestack.TransactionLostException};
 * {@code reload()} reconnects and returns to the last saved state. Planes and views handed out before are then
 * stale.
 * </p>
 * <p>
 * The calls on a database rather than a stack ({@code SqlImageStack.stackNames(db)}, {@code deleteStack},
 * {@code listStacks}, {@code mapDistributed}, {@code jobProgress}, {@code recover}, {@code defaultBudgetMb}) are
 * inherited from {@link DatabaseCalls}.
 * </p>
 */
public class SqlImageStack extends DatabaseCalls implements AutoCloseable {

	/** The database used when none is named: {@code imagestack} in the working directory (as the seed). */
	public static final String DEFAULT_DATABASE = "imagestack";

	/** The stack's address, connection and planes. */
	private final StackSession session;

	private SqlImageStack(final StackSession session) {
		this.session = session;
	}

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
		return create(DEFAULT_DATABASE, uniqueName(DEFAULT_DATABASE, "stack"), PixelType.FLOAT32, 0);
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

	// -- the stack --

	/** @return this stack's name in its database */
	public String name() {
		return session.planes().name();
	}

	/** @return where the stack lives: the database file or URL */
	public String database() {
		return session.db().location();
	}

	@Override
	public PixelType pixelType() {
		return session.open().type();
	}

	@Override
	public int size() {
		return session.open().size();
	}

	/** @return the stack's plane itself: a cell image over the cache (see the class comment) */
	@Override
	protected Img<? extends RealType<?>> getPlane(final int index) {
		return session.open().plane(index);
	}

	/**
	 * In a map, a plane stored on an interrupted thread fails the map (which is then undone); outside one, a plane
	 * replaced while an interrupt lands stays replaced (the call returns, the thread's interrupt status set).
	 */
	@Override
	protected void storePlane(final int index, final Img<? extends RealType<?>> plane) {
		final PagedPlanes planes = session.open();
		checkNotInterrupted(atomic > 0 ? "executeFunction or executeRollingFunction" : "set");
		session.memory(() -> planes.write(index, plane));
		if (atomic > 0) checkNotInterrupted("executeFunction or executeRollingFunction");
	}

	/** A plane inserted on an interrupted thread is taken out again: the call fails, the stack as before it. */
	@Override
	protected void insertPlane(final int index, final Img<? extends RealType<?>> plane) {
		final PagedPlanes planes = session.open();
		checkNotInterrupted("addImage or insert");
		session.memory(() -> planes.insert(index, plane));
		if (Interrupts.pending()) {
			planes.delete(index);
			throw Interrupts.interrupted(what("addImage or insert"));
		}
	}

	/**
	 * All or nothing on the database stack: an image that cannot be stored (an interrupt, a full disk) takes the
	 * images before it in the same call out again.
	 */
	@Override
	public boolean addAll(final java.util.Collection<? extends Img<? extends RealType<?>>> images) {
		return addingAll(() -> super.addAll(images));
	}

	/** As {@link #addAll(java.util.Collection)}, at {@code index}. */
	@Override
	public boolean addAll(final int index, final java.util.Collection<? extends Img<? extends RealType<?>>> images) {
		return addingAll(() -> super.addAll(index, images));
	}

	private boolean addingAll(final java.util.function.BooleanSupplier add) {
		return locked(() -> {
			final boolean[] changed = new boolean[1];
			allOrNothing("addAll", () -> changed[0] = add.getAsBoolean());
			return changed[0];
		});
	}

	/** @throws org.imagestack.StorageException when the current thread is interrupted (its status kept) */
	private void checkNotInterrupted(final String call) {
		if (Interrupts.pending()) throw Interrupts.interrupted(what(call));
	}

	private String what(final String call) {
		return call + " on stack '" + name() + "' in " + database() + " was undone: nothing of this call is in the " +
			"stack (it is as before the call; unsaved changes made before it are kept, the saved state is the last " +
			"save)";
	}

	/** Sets the thread's interrupt flag again when the database file's layer absorbed an interrupt of it. */
	@Override
	protected void released() {
		Interrupts.restore();
	}

	@Override
	protected void deletePlane(final int index) {
		session.open().delete(index);
	}

	/**
	 * Converts an image to the stack's type; an image larger than one cell is converted lazily, one cell at a time,
	 * as it is stored (so a plane larger than the heap converts too).
	 */
	@Override
	protected Img<? extends RealType<?>> toStackType(final RandomAccessibleInterval<? extends RealType<?>> img) {
		return CellShape.toType(img, pixelType());
	}

	/** @return bytes of cells held on the heap now (as the seed's {@code nbytes} of a paged stack) */
	@Override
	public long nbytes() {
		return session.open().cachedBytes();
	}

	/** Converts every plane, one cell at a time; all or nothing (a failing plane changes nothing). */
	@Override
	public void changeType(final PixelType type) {
		if (type == null) throw new NullPointerException("pixel type is null");
		lockedRun(() -> {
			checkNotMapping("changeType");
			final PagedPlanes planes = session.open();
			session.memory(() -> planes.atomically(() -> planes.changeType(type)));
			modCount++;
		});
	}

	/**
	 * Maps and rolling maps are all or nothing through a savepoint: whatever the function throws (checked exceptions
	 * too), the database returns to the savepoint and the stack to its planes before the call.
	 */
	@Override
	protected void allOrNothing(final Runnable change) {
		allOrNothing("executeFunction or executeRollingFunction", change);
	}

	private void allOrNothing(final String call, final Runnable change) {
		final PagedPlanes planes = session.open();
		checkNotInterrupted(call);
		atomic++;
		try {
			session.memory(() -> planes.atomically(change));
		}
		catch (final IllegalStateException e) {
			// a parallel map whose caller was interrupted (PlaneWorkers' message): undone now, so say so and where
			if (String.valueOf(e.getMessage()).startsWith("Interrupted while processing planes") && Interrupts
				.pending()) throw new IllegalStateException("Interrupted: " + what(call) + " (the thread was " +
					"interrupted, e.g. by Fiji's Kill or Future.cancel; its interrupt status is kept): call again from a " +
					"thread that is not interrupted", e);
			throw e;
		}
		finally {
			atomic--;
		}
	}

	/** How many all-or-nothing changes the lock's holder is running (under the lock). */
	private int atomic;

	/**
	 * Makes every change since the last save durable in one transaction, committed and forced to the disk.
	 *
	 * @throws ConcurrentSaveException when another handle saved the stack since this one loaded it; nothing was
	 *           saved and this handle's changes are kept (see {@link #reload()})
	 */
	public void saveState() {
		lockedRun(() -> {
			checkNotMapping("saveState");
			session.save();
		});
	}

	/**
	 * Discards every change since the last save: the stack returns to its saved state (as saved by anyone). After
	 * the transaction was lost, this reconnects when the connection is gone.
	 */
	public void reload() {
		lockedRun(() -> {
			checkNotMapping("reload");
			session.reload();
			modCount++;
		});
	}

	/** @return whether the stack has changes not yet saved */
	public boolean hasUnsavedChanges() {
		return session.open().hasChanges();
	}

	/**
	 * Saves this stack (as {@link #saveState()}), then copies it inside the database, without passing cells through
	 * the heap.
	 *
	 * @param newName the copy's name (must be free)
	 * @return the copy, open, with this stack's budget
	 */
	public SqlImageStack copy(final String newName) {
		final String name = StackNames.check(newName);
		lockedRun(() -> {
			saveState();
			final org.imagestack.StackRecord copy = new Catalog(session.db()).copyStack(name(), name);
			final CellStore store = new CellStore(session.db());
			store.commit();
			store.recordSave(copy.id(), copy.version()); // so that a file put back from before the copy is told
		});
		return open(session.address(), name, null, maxSizeMb(), false);
	}

	/** As {@link #copy(String)} with a generated name ({@code <name>-copy-<time>}). */
	@Override
	public SqlImageStack copy() {
		return copy(StackRules.uniqueName(new Catalog(session.db()).names(), name() + "-copy"));
	}

	/** @return an independent in-memory stack holding copies of the selected planes */
	@Override
	protected MemoryImageStack detach(final int... indices) {
		final MemoryImageStack copy = new MemoryImageStack(pixelType());
		for (final int i : indices)
			copy.add(get(i).copy());
		return copy;
	}

	/**
	 * @return a lazy 3D view (X, Y[, C], Z = plane) over the same cells as the planes, through the same cache; pixels
	 *         written through it change the stack (saved by {@link #saveState()}). All planes must have one size;
	 *         planes added, replaced or removed later are not seen by the view.
	 * @throws IllegalStateException when the planes differ in size or the stack is empty
	 */
	public Img<? extends RealType<?>> asImg() {
		return session.open().asImg();
	}

	/** @return whether cells are stored compressed, by any codec (off by default) */
	public boolean isCompressed() {
		return session.planes().compression() != Compression.NONE;
	}

	/** @return how cells written from now on are compressed ({@link Compression#NONE} by default) */
	public Compression compression() {
		return session.planes().compression();
	}

	/**
	 * Compresses cells written from now on by {@code codec}; a per-stack setting saved with it (cells already stored
	 * keep their form and read as before). Usually chosen at creation:
	 * {@link #create(String, String, PixelType, double, Compression)}.
	 *
	 * @param codec the codec ({@link Compression} says what each costs and gains)
	 */
	public void setCompression(final Compression codec) {
		session.planes().setCompression(codec);
	}

	/**
	 * Stores cells written from now on deflate-compressed (level 1), or not; a per-stack setting saved with it. Pays
	 * off for planes with large uniform areas (masks, bool, thresholded images); photographs barely shrink and ingest
	 * gets slower (see README's measurements).
	 *
	 * @param compress whether to compress
	 */
	public void setCompressed(final boolean compress) {
		session.planes().setCompression(compress ? Compression.DEFLATE : Compression.NONE);
	}

	/** @return megabytes of cells held on the heap at most */
	public double maxSizeMb() {
		return session.planes().budget() / 1024.0 / 1024.0;
	}

	/** @param maxSizeMb a new heap budget in MB (0: default); cells beyond it go now */
	public void setMaxSizeMb(final double maxSizeMb) {
		final long bytes = StackRules.budgetBytes(maxSizeMb);
		lockedRun(() -> session.open().setBudget(bytes));
	}

	/** @return bytes of cells held on the heap now */
	public long cachedBytes() {
		return session.planes().cachedBytes();
	}

	/**
	 * Discards unsaved changes (the last saved state stays) and closes the database connection. Closing again does
	 * nothing; any other use after closing is an {@link IllegalStateException}.
	 */
	@Override
	public void close() {
		lockedRun(() -> {
			if (session.isClosed()) return;
			checkNotMapping("close");
			session.close();
		});
	}

	/** @return whether {@link #close()} was called */
	public boolean isClosed() {
		return session.isClosed();
	}

	/** Jython's {@code with SqlImageStack.loadFromDatabase(...) as s:} */
	public SqlImageStack __enter__() {
		return this;
	}

	/** Jython's end of a {@code with} block: closes the stack (unsaved changes are discarded). */
	public boolean __exit__(final Object type, final Object value, final Object traceback) {
		close();
		return false;
	}

	@Override
	public String toString() {
		if (session.isClosed()) return "ImageStack (closed): stack '" + name() + "' in " + database();
		return super.toString() + ", stack '" + name() + "' in " + database();
	}
}
