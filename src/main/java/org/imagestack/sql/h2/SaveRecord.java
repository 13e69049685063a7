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

import org.imagestack.CorruptDatabaseException;
import org.imagestack.StorageException;

/**
 * A record of the last save that H2 cannot roll back with its file: {@code <file>.mv.db.saves} beside the database,
 * written and synced after every save (after H2's commit and fsync), holding each stack's save counter. A database
 * file that holds an older save of a stack than recorded was cut, damaged or replaced by an older copy: opening it
 * is refused with a {@link CorruptDatabaseException} naming the file. The check runs on a read-only connection before
 * the file is opened for writing, so H2 never gets to "repair" a damaged file by dropping what it cannot read: the
 * file stays as it is for {@code org.imagestack.sql.Recovery}. Files without a record (written by 0.1, or by hand) are not checked.
 */
public final class SaveRecord {

	private static final String SUFFIX = ".saves";

	private SaveRecord() {}

	/** @return where the record of a database file lives */
	static Path of(final Path dbFile) {
		return dbFile.resolveSibling(dbFile.getFileName() + SUFFIX);
	}

	/**
	 * Checks the stacks of an open database against the record.
	 *
	 * @param versions each stack's id and saved version as the database holds them
	 * @throws CorruptDatabaseException when the database holds an older save of a stack than the last one recorded
	 */
	static void checkVersions(final Path dbFile, final Map<Long, Long> versions, final Map<Long, String> names) {
		final Map<String, Long> r = read(dbFile);
		for (final Map.Entry<String, Long> e : r.entrySet()) {
			if (!e.getKey().startsWith("stack.")) continue;
			final long id = Long.parseLong(e.getKey().substring(6));
			final Long held = versions.get(id);
			if (held != null && held < e.getValue()) throw new CorruptDatabaseException("Database " + dbFile +
				" is damaged: stack '" + names.get(id) + "' was saved " + e.getValue() + " times, but the file holds " +
				"its save " + held + " (the file lost data, e.g. it was cut or restored from an older copy); copy what " +
				"can be read with SqlImageStack.recover", null);
		}
	}

	/**
	 * Records a save: the saved stack's version (the other stacks keep theirs), written to a new file, synced, and
	 * moved over the old record.
	 */
	public static void write(final Path dbFile, final long stackId, final long version) {
		final Map<String, Long> r = new LinkedHashMap<>(read(dbFile));
		try {
			r.put("stack." + stackId, version);
			final StringBuilder text = new StringBuilder("# ImageStack-H2: the last save of " + dbFile.getFileName() +
				" (do not edit)\n");
			r.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
			final Path record = of(dbFile);
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
			throw new StorageException("Saved in " + dbFile + ", but could not record the save beside it (" + e
				.getMessage() + "): the save is kept; the check for a damaged file is weaker until the next save", e);
		}
	}

	private static Map<String, Long> read(final Path dbFile) {
		final Map<String, Long> r = new LinkedHashMap<>();
		final Path record = of(dbFile);
		if (!Files.isRegularFile(record)) return r;
		try {
			final List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
			for (final String line : lines) {
				final int eq = line.indexOf('=');
				if (line.startsWith("#") || eq < 0) continue;
				r.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
			}
		}
		catch (final IOException | NumberFormatException e) {
			return new LinkedHashMap<>(); // an unreadable record checks nothing (it is rewritten by the next save)
		}
		return r;
	}
}
