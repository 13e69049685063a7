package org.imagestack.sql;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

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
 * Creating and opening a stack ({@code create}, {@code createUnsaved}, {@code loadFromDatabase}) and the calls on a
 * database rather than a stack ({@code SqlImageStack.stackNames(db)}, {@code deleteStack}, {@code listStacks},
 * {@code mapDistributed}, {@code jobProgress}, {@code recover}, {@code defaultBudgetMb}) are inherited from
 * {@link DatabaseCalls}.
 * </p>
 */
public class SqlImageStack extends DatabaseCalls implements AutoCloseable {

	/** The database used when none is named: {@code imagestack} in the working directory (as the seed). */
	public static final String DEFAULT_DATABASE = "imagestack";

	/** The stack's address, connection and planes. */
	private final StackSession session;

	SqlImageStack(final StackSession session) {
		this.session = session;
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
