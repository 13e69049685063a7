package org.imagestack.sql;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PixelType;
import org.imagestack.PlaneFunction;
import org.imagestack.RollingFunction;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.H2Database;
import org.imagestack.sql.PagedPlanes;
import org.imagestack.sql.PlaneStore;
import org.imagestack.sql.StackRecord;
import org.imagestack.stack.AbstractImageStack;

/**
 * An image stack kept in an embedded H2 database, holding at most a budget of plane bytes on the heap: the seed's
 * {@code ImageStackSQL}, for stacks far larger than the Java heap.
 * <p>
 * Stacks are named and persistent; a database file holds any number of them. Every change (adding, replacing,
 * removing planes, {@link #changeType}, the maps) goes into an open database transaction: {@link #saveState()} makes
 * all of it durable at once, {@link #reload()} discards it and returns to the last saved state, and {@link #close()}
 * without {@code saveState()} also keeps the last saved state (unsaved changes are discarded, as after a crash).
 * </p>
 * <p>
 * {@link #get(int)} returns a private copy of a plane: changing it changes nothing in the stack until it is put back
 * with {@link #set(int, Img)}. {@link #slice(int...)} is a lazy view (no plane is read until asked for).
 * {@link #asImg()} is a lazy 3D view over the planes for ImgLib2 algorithms and viewers.
 * </p>
 * <p>
 * {@code database} is a file path (e.g. {@code crack.h2} or {@code /data/crack}; H2 adds {@code .mv.db}) or a full
 * JDBC URL ({@code jdbc:h2:...}, e.g. an H2 server's {@code jdbc:h2:tcp://host/path}). A database file is opened by
 * one process at a time; see {@link H2Database} for sharing it.
 * </p>
 */
public class SqlImageStack extends AbstractImageStack implements AutoCloseable {

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	/** The database used when none is named: {@code imagestack} in the working directory (as the seed). */
	public static final String DEFAULT_DATABASE = "imagestack";

	private final H2Database db;
	private final PagedPlanes planes;

	private SqlImageStack(final H2Database db, final PagedPlanes planes) {
		this.db = db;
		this.planes = planes;
	}

	// -- creating and opening --

	/**
	 * Creates a new named stack (and the database, when missing), committed at once.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the new stack's name (any text; an existing name is an error)
	 * @param type the stack's pixel type
	 * @param maxSizeMb megabytes of planes to hold on the heap at most (≤ 0: a quarter of the JVM's max heap)
	 * @return the open stack
	 * @throws IllegalArgumentException when the name is taken
	 */
	public static SqlImageStack create(final String database, final String stackName, final PixelType type,
		final double maxSizeMb)
	{
		final SqlImageStack s = open(database, stackName, type, maxSizeMb, true);
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
	 * Reopens a saved stack with the default budget (a quarter of the JVM's max heap).
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the stack's name
	 * @return the open stack, in its saved state
	 * @throws org.imagestack.NoSuchStackException listing the stacks there are, when there is no such stack
	 */
	public static SqlImageStack loadFromDatabase(final String database, final String stackName) {
		return loadFromDatabase(database, stackName, 0);
	}

	/**
	 * Reopens a saved stack.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the stack's name
	 * @param maxSizeMb megabytes of planes to hold on the heap at most (≤ 0: a quarter of the JVM's max heap)
	 * @return the open stack, in its saved state
	 */
	public static SqlImageStack loadFromDatabase(final String database, final String stackName,
		final double maxSizeMb)
	{
		return open(database, stackName, null, maxSizeMb, false);
	}

	/**
	 * Creates a new named stack in the open transaction, not yet saved: it exists for others (and after a crash) only
	 * once {@link #saveState()} has run; {@link #close()} before that leaves nothing behind.
	 *
	 * @param database a file path or a JDBC URL
	 * @param stackName the new stack's name
	 * @param type the stack's pixel type
	 * @param maxSizeMb heap budget in MB (≤ 0: default)
	 * @return the open, unsaved stack
	 */
	public static SqlImageStack createUnsaved(final String database, final String stackName, final PixelType type,
		final double maxSizeMb)
	{
		return open(database, stackName, type, maxSizeMb, true);
	}

	private static SqlImageStack open(final String database, final String stackName, final PixelType type,
		final double maxSizeMb, final boolean create)
	{
		if (stackName == null) throw new NullPointerException("stack name is null");
		final H2Database db = H2Database.open(database);
		try {
			final PlaneStore store = new PlaneStore(db);
			final StackRecord record = create ? store.createStack(stackName, type) : store.requireStack(stackName);
			return new SqlImageStack(db, new PagedPlanes(store, record, budgetBytes(maxSizeMb)));
		}
		catch (final RuntimeException | Error e) {
			db.close();
			throw e;
		}
	}

	/** @return the default budget (a quarter of the max heap) for {@code maxSizeMb ≤ 0}, else that many MB */
	static long budgetBytes(final double maxSizeMb) {
		if (maxSizeMb > 0) return (long) (maxSizeMb * 1024 * 1024);
		return Runtime.getRuntime().maxMemory() / 4;
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return the names of the stacks saved there, in creation order
	 */
	public static List<String> stackNames(final String database) {
		try (H2Database db = H2Database.open(database)) {
			final List<String> names = new ArrayList<>();
			for (final StackRecord r : new PlaneStore(db).listStacks())
				names.add(r.name());
			return names;
		}
	}

	/**
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @return what is saved there: one record per stack (name, type, planes, bytes, created, modified)
	 */
	public static List<StackRecord> listStacks(final String database) {
		try (H2Database db = H2Database.open(database)) {
			return new PlaneStore(db).listStacks();
		}
	}

	/**
	 * Deletes a saved stack and its planes (committed at once). The file keeps its size until
	 * {@link H2Database#compact(String)}.
	 *
	 * @param database a file path or a {@code jdbc:h2:} URL
	 * @param stackName the stack to delete
	 * @throws org.imagestack.NoSuchStackException listing the stacks there are
	 */
	public static void deleteStack(final String database, final String stackName) {
		try (H2Database db = H2Database.open(database)) {
			final PlaneStore store = new PlaneStore(db);
			store.deleteStack(stackName);
			store.commit();
		}
	}

	/** @return {@code base-yyyyMMdd-HHmmss}, with a counter appended when that name is taken */
	static String uniqueName(final String database, final String base) {
		final String stem = base + "-" + LocalDateTime.now().format(NAME_TIME);
		final List<String> taken = stackNames(database);
		String name = stem;
		for (int k = 2; taken.contains(name); k++)
			name = stem + "-" + k;
		return name;
	}

	// -- the stack --

	/** @return this stack's name in its database */
	public String name() {
		return planes.name();
	}

	/** @return where the stack lives: the database file or URL */
	public String database() {
		return db.location();
	}

	@Override
	public PixelType pixelType() {
		return planes.type();
	}

	@Override
	public int size() {
		return planes.size();
	}

	@Override
	protected Img<? extends RealType<?>> getPlane(final int index) {
		return planes.read(index);
	}

	@Override
	protected Img<? extends RealType<?>> takePlane(final int index) {
		return planes.take(index);
	}

	@Override
	protected void storePlane(final int index, final Img<? extends RealType<?>> plane) {
		planes.write(index, plane);
	}

	@Override
	protected void insertPlane(final int index, final Img<? extends RealType<?>> plane) {
		planes.insert(index, plane);
	}

	@Override
	protected void deletePlane(final int index) {
		planes.delete(index);
	}

	@Override
	public long nbytes() {
		return planes.nbytes();
	}

	/** Converts every plane, streaming with bounded memory; all or nothing (a failing plane changes nothing). */
	@Override
	public void changeType(final PixelType type) {
		if (type == null) throw new NullPointerException("pixel type is null");
		planes.atomically(() -> planes.changeType(type));
		modCount++;
	}

	/** As in every stack, streaming with bounded memory; all or nothing: when f fails, the stack is unchanged. */
	@Override
	public void executeFunction(final PlaneFunction f, final boolean parallel) {
		planes.atomically(() -> super.executeFunction(f, parallel));
	}

	/** As in every stack, streaming with bounded memory; all or nothing: when f fails, the stack is unchanged. */
	@Override
	public void executeRollingFunction(final RollingFunction f, final boolean keepFirst, final boolean parallel) {
		planes.atomically(() -> super.executeRollingFunction(f, keepFirst, parallel));
	}

	/** Makes every change since the last save durable, in one transaction. */
	public void saveState() {
		planes.save();
	}

	/** Discards every change since the last save: the stack returns to its saved state. */
	public void reload() {
		planes.reload();
		modCount++;
	}

	/**
	 * Saves this stack (as {@link #saveState()}), then copies it inside the database, without passing planes through
	 * the heap.
	 *
	 * @param newName the copy's name (must be free)
	 * @return the copy, open, with this stack's budget
	 */
	public SqlImageStack copy(final String newName) {
		saveState();
		planes.copyTo(newName);
		return open(db.location(), newName, null, planes.budget() / 1024.0 / 1024.0, false);
	}

	/** As {@link #copy(String)} with a generated name ({@code <name>-copy-<time>}). */
	@Override
	public SqlImageStack copy() {
		return copy(uniqueName(db.location(), name() + "-copy"));
	}

	/** @return an independent in-memory stack holding copies of the selected planes */
	@Override
	protected MemoryImageStack detach(final int... indices) {
		final MemoryImageStack copy = new MemoryImageStack(pixelType());
		for (final int i : indices)
			copy.add(get(i));
		return copy;
	}

	/**
	 * @return a lazy 3D view (X, Y, Z = plane) of the stack, planes loaded through the same cache on access; pixels
	 *         written through it mark their plane changed (saved by {@link #saveState()}). All planes must have one
	 *         size; planes added or removed later are not seen by the view.
	 * @throws IllegalStateException when the planes differ in size or the stack is empty
	 */
	public Img<? extends RealType<?>> asImg() {
		return planes.asImg();
	}

	/** @return whether planes are stored deflate-compressed (off by default) */
	public boolean isCompressed() {
		return planes.compressed();
	}

	/**
	 * Stores planes written from now on deflate-compressed (level 1), or not; a per-stack setting saved with it. Pays
	 * off for planes with large uniform areas (masks, bool, thresholded images); photographs barely shrink and ingest
	 * gets slower (see README's measurements). Planes already stored keep their form until rewritten.
	 *
	 * @param compress whether to compress
	 */
	public void setCompressed(final boolean compress) {
		planes.setCompressed(compress);
	}

	/** @return megabytes of planes held on the heap at most */
	public double maxSizeMb() {
		return planes.budget() / 1024.0 / 1024.0;
	}

	/** @param maxSizeMb a new heap budget in MB (≤ 0: a quarter of the max heap); planes beyond it go now */
	public void setMaxSizeMb(final double maxSizeMb) {
		planes.setBudget(budgetBytes(maxSizeMb));
	}

	/** @return bytes of planes held on the heap now */
	public long cachedBytes() {
		return planes.cachedBytes();
	}

	/** Discards unsaved changes (the last saved state stays) and closes the database connection. */
	@Override
	public void close() {
		try {
			planes.discard();
		}
		finally {
			db.close();
		}
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
		return super.toString() + ", stack '" + name() + "' in " + db.location();
	}
}
