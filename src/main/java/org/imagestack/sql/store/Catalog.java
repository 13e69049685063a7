package org.imagestack.sql.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.imagestack.Compression;
import org.imagestack.ConcurrentSaveException;
import org.imagestack.NoSuchStackException;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.sql.cells.CellShape;

/**
 * The catalog of named stacks ({@code STACKS}), in the connection's open transaction: nothing here commits. Every
 * value, stack names included, is a bound parameter.
 */
public final class Catalog extends SqlWork {

	/** @param db an open database */
	public Catalog(final Database db) {
		super(db);
	}

	/**
	 * Adds a stack (uncommitted).
	 *
	 * @param name the new stack's name
	 * @param type its pixel type
	 * @param cellBytes the most bytes of one cell
	 * @param codec how its cells are compressed
	 * @return its record
	 * @throws IllegalArgumentException when the name is taken
	 */
	public StackRecord createStack(final String name, final PixelType type, final int cellBytes,
		final Compression codec)
	{
		if (findStack(name).isPresent()) throw new IllegalArgumentException("A stack named '" + name +
			"' already exists in " + db.location() + " (open it with loadFromDatabase, or delete it first)");
		db.upgradeForWriting();
		return sql("create stack '" + name + "'", () -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO STACKS(NAME, PIXEL_TYPE, PLANE_COUNT, " +
				"CREATED, MODIFIED, CELL_BYTES, VERSION, COMPRESSED, CODEC) VALUES(?, ?, 0, CURRENT_TIMESTAMP, " +
				"CURRENT_TIMESTAMP, ?, 0, ?, ?)"))
			{
				ps.setString(1, name);
				ps.setString(2, type.numpyName());
				ps.setInt(3, cellBytes);
				ps.setBoolean(4, codec != Compression.NONE);
				ps.setString(5, codec.label());
				ps.executeUpdate();
			}
			try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM STACKS WHERE NAME = ?")) {
				ps.setString(1, name);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					db.changed(rs.getLong(1)); // sealed when committed
				}
			}
			return findStack(name).orElseThrow(IllegalStateException::new);
		});
	}

	/** @return the named stack's record, if there is one */
	public Optional<StackRecord> findStack(final String name) {
		return list(name).stream().findFirst();
	}

	/** @return the named stack's record */
	public StackRecord requireStack(final String name) {
		return findStack(name).orElseThrow(() -> new NoSuchStackException(name, db.location(), names()));
	}

	/** @return the names of every stack, in creation order */
	public List<String> names() {
		final List<String> names = new ArrayList<>();
		for (final StackRecord r : listStacks())
			names.add(r.name());
		return names;
	}

	/** @return every stack, in creation order */
	public List<StackRecord> listStacks() {
		return list(null);
	}

	private List<StackRecord> list(final String onlyName) {
		final int schema = db.schemaVersion();
		final String columns = schema >= 3 ? RowChecks.stackColumns(schema) : "S.ID, S.NAME, S.PIXEL_TYPE, S.PLANE_COUNT, " +
			"S.COMPRESSED, " + (schema == 1 ? CellShape.DEFAULT_CELL_BYTES + ", 0" : "S.CELL_BYTES, S.VERSION") +
			", S.METADATA, S.CREATED, S.MODIFIED";
		return sql("list the stacks", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + ", COALESCE((SELECT SUM(P.NBYTES) " +
				"FROM PLANES P WHERE P.STACK_ID = S.ID), 0) FROM STACKS S WHERE (? IS NULL OR S.NAME = ?) ORDER BY S.ID"))
			{
				ps.setString(1, onlyName);
				ps.setString(2, onlyName);
				final List<StackRecord> out = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					final int bytes = rs.getMetaData().getColumnCount();
					while (rs.next()) {
						// checked before any value is parsed: a damaged row is named, not misread
						if (schema >= 3 && !db.unsealed(rs.getLong(1))) RowChecks.checkStack(rs, schema, db.location());
						out.add(new StackRecord(rs.getLong(1), rs.getString(2), PixelType.parse(rs.getString(3)), rs
							.getInt(4), rs.getLong(bytes), rs.getObject(9, LocalDateTime.class), rs.getObject(10,
								LocalDateTime.class), rs.getString(8), codec(rs, schema), rs.getInt(6), rs.getLong(7)));
					}
				}
				return out;
			}
		});
	}

	/**
	 * @return the codec of a stack row: its {@code CODEC} (schema 4), else as {@code COMPRESSED} says (deflate or none)
	 * @throws org.imagestack.CorruptDatabaseException for a codec this version does not know
	 */
	private Compression codec(final ResultSet rs, final int schema) throws java.sql.SQLException {
		final String codec = schema >= 4 ? rs.getString(14) : null;
		if (codec == null) return rs.getBoolean(5) ? Compression.DEFLATE : Compression.NONE;
		try {
			return Compression.parse(codec);
		}
		catch (final IllegalArgumentException e) {
			throw new org.imagestack.CorruptDatabaseException("Database " + db.location() + " is damaged or newer: stack '" +
				rs.getString(2) + "' names codec '" + codec + "', which this version of ImageStack-H2 does not know", e);
		}
	}

	/** Deletes a stack, its planes and cells (uncommitted). */
	public void deleteStack(final String name) {
		final long id = requireStack(name).id();
		db.upgradeForWriting();
		db.deleted(id);
		sql("delete stack '" + name + "'", () -> {
			update("DELETE FROM CELLS WHERE STACK_ID = ?", id);
			update("DELETE FROM PLANES WHERE STACK_ID = ?", id);
			update("DELETE FROM STACKS WHERE ID = ?", id);
			return null;
		});
	}

	/**
	 * Records a save (uncommitted): type, plane count, compression, modification time, and the version, which must
	 * still be the one the saving handle loaded.
	 *
	 * @throws ConcurrentSaveException when another handle saved (or deleted) the stack since
	 */
	public void recordSave(final StackRecord loaded, final PixelType type, final int count, final Compression codec,
		final long expectedVersion)
	{
		requireSavable(loaded);
		db.upgradeForWriting();
		db.changed(loaded.id());
		final int rows = sql("update the catalog", () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET PIXEL_TYPE = ?, PLANE_COUNT = ?, " +
				"MODIFIED = ?, COMPRESSED = ?, CODEC = ?, VERSION = VERSION + 1 WHERE ID = ? AND VERSION = ?"))
			{
				ps.setString(1, type.numpyName());
				ps.setInt(2, count);
				ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
				ps.setBoolean(4, codec != Compression.NONE);
				ps.setString(5, codec.label());
				ps.setLong(6, loaded.id());
				ps.setLong(7, expectedVersion);
				return ps.executeUpdate();
			}
		});
		if (rows != 1) throw new ConcurrentSaveException(loaded.name(), db.location(), findStack(loaded.name())
			.isPresent());
	}

	/**
	 * Before a save writes anything: the checks of {@link #recordSave}, read only (nothing locked or written).
	 *
	 * @throws ConcurrentSaveException when another handle saved (or deleted) the stack since
	 */
	public void checkSave(final StackRecord loaded, final long expectedVersion) {
		requireSavable(loaded);
		final long now = version(loaded.id());
		if (now != expectedVersion) throw new ConcurrentSaveException(loaded.name(), db.location(), now >= 0);
	}

	private void requireSavable(final StackRecord loaded) {
		db.requireWritable("save stack '" + loaded.name() + "'");
		if (Interrupts.pending()) throw new StorageException("Interrupted: stack '" + loaded.name() +
			"' was not saved in " + db.location() + " (the thread saving it was interrupted, e.g. by Fiji's Kill or " +
			"Future.cancel; its interrupt status is kept): nothing of this save was written; its changes are kept in " +
			"the open stack, unsaved: save again from a thread that is not interrupted, or reload() to discard them",
			null);
	}

	/**
	 * Records a change made outside any handle (a distributed map's plane, uncommitted): the version moves on, so
	 * that a handle that loaded the stack before cannot save over it.
	 */
	public void recordChange(final long stackId) {
		db.requireWritable("change stack " + stackId);
		db.upgradeForWriting();
		db.changed(stackId);
		sql("update the catalog", () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET VERSION = VERSION + 1, MODIFIED = ? " +
				"WHERE ID = ?"))
			{
				ps.setTimestamp(1, new Timestamp(System.currentTimeMillis()));
				ps.setLong(2, stackId);
				return ps.executeUpdate();
			}
		});
	}

	/**
	 * @return the stack's saved version now (as this transaction sees it), or -1 when it is gone; 0 in a file of schema
	 *         version 1, which has no save counter (as {@link #listStacks} reads it; {@link #recordSave} upgrades
	 *         the file first and checks the counter itself)
	 */
	long version(final long stackId) {
		final String version = db.schemaVersion() == 1 ? "0" : "VERSION";
		return sql("read the catalog", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT " + version + " FROM STACKS WHERE ID = ?")) {
				ps.setLong(1, stackId);
				try (ResultSet rs = ps.executeQuery()) {
					return rs.next() ? rs.getLong(1) : -1L;
				}
			}
		});
	}

	/**
	 * Copies a saved stack under a new name (uncommitted): planes and cells copied by SQL, never through the heap.
	 *
	 * @return the copy's record
	 */
	public StackRecord copyStack(final String from, final String to) {
		final StackRecord source = requireStack(from);
		final StackRecord copy = createStack(to, source.type(), source.cellBytes(), source.compression());
		return sql("copy stack '" + from + "' to '" + to + "'", () -> {
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO PLANES(STACK_ID, PLANE_ID, POS, DIMS, " +
				"PIXEL_TYPE, NBYTES, CRC, COMPRESSED, DATA, CELL_DIMS, ROW_CRC) SELECT ?, PLANE_ID, POS, DIMS, " +
				"PIXEL_TYPE, NBYTES, CRC, COMPRESSED, DATA, CELL_DIMS, ROW_CRC FROM PLANES WHERE STACK_ID = ?"))
			{
				ps.setLong(1, copy.id());
				ps.setLong(2, source.id());
				ps.executeUpdate();
			}
			update("INSERT INTO CELLS(STACK_ID, PLANE_ID, CELL_INDEX, CRC, COMPRESSED, DATA) SELECT ?, PLANE_ID, " +
				"CELL_INDEX, CRC, COMPRESSED, DATA FROM CELLS WHERE STACK_ID = ?", copy.id(), source.id());
			try (PreparedStatement ps = c.prepareStatement("UPDATE STACKS SET PLANE_COUNT = ?, METADATA = ? WHERE " +
				"ID = ?"))
			{
				ps.setInt(1, source.planeCount());
				ps.setString(2, source.metadata());
				ps.setLong(3, copy.id());
				ps.executeUpdate();
			}
			return requireStack(to);
		});
	}

	/** @throws StorageException naming the stack when it was deleted (through another handle) */
	public void requireExists(final StackRecord stack) {
		if (version(stack.id()) < 0) throw new StorageException("Stack '" + stack.name() + "' was deleted from " +
			db.location() + " (through another handle or process): the planes this handle read or changed are still " +
			"in it until it is closed: keep them in a new stack with SqlImageStack.create(...) then addAll(this " +
			"stack); the others went with the stack", null);
	}
}
