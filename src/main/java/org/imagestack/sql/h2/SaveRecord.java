package org.imagestack.sql.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.StorageException;

/**
 * A record of the last save that H2 cannot roll back with its file: {@code <file>.mv.db.saves} beside the database,
 * written and synced after every save (after H2's commit and fsync), holding the file's id and each stack's save
 * counter; a deleted stack leaves the record before its delete is committed. Opening a database is refused with a
 * {@link CorruptDatabaseException} naming the file when
 * <ul>
 * <li>the file holds an older save of a stack than recorded, or lacks a stack the record knows (it was cut, damaged
 * or replaced by an older copy);</li>
 * <li>the record itself cannot be read line by line (a damaged record is reported, never taken for none).</li>
 * </ul>
 * The record is bound to its file by an id stored in both ({@code IMAGESTACK_SCHEMA.FILE_ID}, schema version 3): a
 * record of another file (the database was deleted by hand and made again under the same name) is recognised, said
 * once on the standard error, not checked against, and replaced by the next save. A record without an id (written
 * before) is checked for older saves only, and bound by the next save. The check runs on a read-only connection
 * before the file is opened for writing, so H2 never gets to "repair" a damaged file by dropping what it cannot read:
 * the file stays as it is for {@code org.imagestack.sql.Recovery}. Files without a record (written by 0.1, by hand,
 * or copied without it) are not checked.
 */
public final class SaveRecord {

	private static final String SUFFIX = ".saves";
	private static final String FILE = "file";
	private static final String STACK = "stack.";

	/** Records already said to belong to another file, so that it is said once. */
	private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

	/** What a record holds. */
	private static final class Content {

		String fileId;
		final Map<Long, Long> stacks = new LinkedHashMap<>();
	}

	private SaveRecord() {}

	/** @return where the record of a database file lives */
	static Path of(final Path dbFile) {
		return dbFile.resolveSibling(dbFile.getFileName() + SUFFIX);
	}

	/**
	 * Checks the stacks of an open database against the record.
	 *
	 * @param fileId the id the database file holds, or null (a file of schema version 1 or 2)
	 * @param versions each stack's id and saved version as the database holds them
	 * @throws CorruptDatabaseException when the database holds an older save of a stack than the last one recorded,
	 *           lacks a stack the record knows, or the record is damaged
	 */
	static void checkVersions(final Path dbFile, final String fileId, final Map<Long, Long> versions,
		final Map<Long, String> names)
	{
		final Content r = read(dbFile);
		if (r == null) return;
		final boolean bound = r.fileId != null;
		if (bound && fileId != null && !r.fileId.equals(fileId)) {
			if (WARNED.add(of(dbFile).toAbsolutePath())) System.err.println("ImageStack-H2: " + of(dbFile) + " is the " +
				"record of saves of another database file once at this place (it was deleted and made again): it is " +
				"not checked against and is replaced by the next save");
			return;
		}
		for (final Map.Entry<Long, Long> e : r.stacks.entrySet()) {
			final long id = e.getKey();
			final Long held = versions.get(id);
			if (held == null && bound) throw new CorruptDatabaseException("Database " +
				dbFile + " is damaged: it lacks stack " + id + ", saved " + e.getValue() + " times as recorded in " + of(
					dbFile).getFileName() + " (the file lost data, e.g. it was cut or restored from an older copy); " +
				"copy what can be read with SqlImageStack.recover", null);
			if (held != null && held < e.getValue()) throw new CorruptDatabaseException("Database " + dbFile +
				" is damaged: stack '" + names.get(id) + "' was saved " + e.getValue() + " times, but the file holds " +
				"its save " + held + " (the file lost data, e.g. it was cut or restored from an older copy); copy what " +
				"can be read with SqlImageStack.recover", null);
		}
		if (bound && fileId == null) throw new CorruptDatabaseException("Database " + dbFile + " is damaged or an " +
			"older copy: its record of saves " + of(dbFile).getFileName() + " was written for a file of schema version " +
			"3, and this one is older; copy what can be read with SqlImageStack.recover (or, if this file is known " +
			"to be the right one, delete the record)", null);
	}

	/**
	 * Records a save: the saved stack's version (the other stacks keep theirs), written to a new file, synced, and
	 * moved over the old record. A record of another file, or one that cannot be read, is replaced.
	 *
	 * @param fileId the database file's id, or null (not known: the record's stays)
	 * @param version the stack's save counter, or -1: the stack is deleted (it leaves the record)
	 */
	public static void write(final Path dbFile, final String fileId, final long stackId, final long version) {
		Content r;
		try {
			r = read(dbFile);
		}
		catch (final CorruptDatabaseException damaged) {
			r = null; // the file was opened regardless (checked before the damage): what it holds now is recorded
		}
		if (r == null || fileId != null && r.fileId != null && !fileId.equals(r.fileId)) r = new Content();
		if (fileId != null) r.fileId = fileId;
		if (version < 0) r.stacks.remove(stackId);
		else r.stacks.put(stackId, version);
		final StringBuilder text = new StringBuilder("# ImageStack-H2: the last save of " + dbFile.getFileName() +
			" (do not edit)\n");
		if (r.fileId != null) text.append(FILE).append('=').append(r.fileId).append('\n');
		r.stacks.forEach((k, v) -> text.append(STACK).append(k).append('=').append(v).append('\n'));
		final Path record = of(dbFile);
		try {
			final Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING))
			{
				ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
				ch.force(true);
			}
			try {
				Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (final IOException e) {
			if (version < 0) throw new StorageException("Could not update " + record + " (" + e.getMessage() +
				"): stack " + stackId + " was not deleted", e);
			throw new StorageException("Saved in " + dbFile + ", but could not record the save beside it (" + e
				.getMessage() + "): the save is kept; the check for a damaged file is weaker until the next save", e);
		}
	}

	/**
	 * @return the record, or null when there is none
	 * @throws CorruptDatabaseException when a line of it cannot be read
	 */
	private static Content read(final Path dbFile) {
		final Path record = of(dbFile);
		if (!Files.exists(record)) return null;
		final List<String> lines;
		try {
			if (!Files.isRegularFile(record)) throw new IOException("not a file");
			lines = Files.readAllLines(record, StandardCharsets.UTF_8);
		}
		catch (final IOException | java.io.UncheckedIOException e) {
			throw damaged(dbFile, "it cannot be read: " + e.getMessage());
		}
		final Content r = new Content();
		for (int n = 0; n < lines.size(); n++) {
			final String line = lines.get(n);
			if (line.startsWith("#") || line.isEmpty() && n == lines.size() - 1) continue;
			final int eq = line.indexOf('=');
			final String key = eq < 0 ? line : line.substring(0, eq), value = eq < 0 ? "" : line.substring(eq + 1);
			try {
				if (key.equals(FILE) && r.fileId == null && value.matches("[0-9a-f-]{36}")) r.fileId = value;
				else if (key.startsWith(STACK) && value.matches("[0-9]{1,18}")) {
					if (r.stacks.put(Long.parseLong(key.substring(STACK.length())), Long.parseLong(value)) != null)
						throw new NumberFormatException("twice");
				}
				else throw new NumberFormatException();
			}
			catch (final NumberFormatException e) {
				throw damaged(dbFile, "line " + (n + 1) + " reads '" + line + "'");
			}
		}
		return r;
	}

	private static CorruptDatabaseException damaged(final Path dbFile, final String why) {
		return new CorruptDatabaseException("The record of saves " + of(dbFile) + " beside database " + dbFile +
			" is damaged (" + why + "): the database was not opened and is left as it is. Without its record a " +
			"cut or older copy of the file cannot be told from the last save: if the database file is known to " +
			"be right, delete the record (the next save writes a new one); else copy what can be read with " +
			"SqlImageStack.recover", null);
	}
}
