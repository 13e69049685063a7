package org.imagestack.sql.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.RandomAccessStore;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.DatabaseLockedException;

/**
 * Gives an embedded H2 file's free space back to the file system, in place, while the database is closed: the file
 * is opened as H2's store alone (locked against every other opener), the chunks still in use are moved into the
 * free space before them, and the file is cut after the last one.
 * <p>
 * Pages are moved as they are: neither rewritten nor compressed. H2's {@code SHUTDOWN COMPACT} instead copies every
 * page into a new file with its pages LZF-compressed; on image data, reading afterwards was 1.5 (a stack's planes) to
 * 4 (plain JDBC reads of its BLOBs) times slower (measured with H2 2.4.240, see README), and the copy needs free disk
 * space for the whole database. H2 syncs
 * the file before it overwrites a chunk or shortens the file, so a crash meanwhile leaves a file that opens as it was
 * last saved.
 * </p>
 */
final class H2Compaction {

	private H2Compaction() {}

	/**
	 * When a connection that made a large save was the last to close the file: when the chunks in use fill less than
	 * {@value H2IdleCompaction#START_FILL}% of it (the file is over 1.25 x its data, as right after a map's save), moves
	 * them together, {@value H2IdleCompaction#STEP} bytes at a time, until they fill {@value H2IdleCompaction#END_FILL}%
	 * or the disk has no room for the next step; each chunk moves at most twice, so the time is bounded by the data in
	 * the file (measured: 1.5-4.6 s for 671 MB on 2 shared cores). H2's own compaction at close ({@code
	 * MAX_COMPACT_TIME}) moves chunks only after it has rewritten pages of chunks it finds sparse, and a map's save
	 * leaves none sparse (the replaced cells' chunks are empty, the new ones full), so it leaves the file at twice the
	 * data. Nothing is lost when this cannot run: another opener holds the file (it is then theirs), or a step fails
	 * (H2 syncs before it overwrites a chunk; the file opens as last saved).
	 *
	 * @param dbFile the file just closed; its opens in this JVM wait meanwhile
	 */
	static void afterLastClose(final Path dbFile) {
		synchronized (H2File.openingLock(H2File.filePath(dbFile.toString()))) {
			final MVStore store;
			try {
				store = new MVStore.Builder().fileName(H2File.storeName(dbFile)).autoCommitDisabled().cacheSize(2).open();
			}
			catch (final MVStoreException | IllegalStateException e) {
				return; // opened again meanwhile (by another process or thread), or unreadable: left as it is
			}
			try {
				final RandomAccessStore files = (RandomAccessStore) store.getFileStore();
				if (files.getFillRate() >= H2IdleCompaction.START_FILL) return;
				store.setVersionsToKeep(0);
				store.setRetentionTime(0);
				for (long steps = 2 * (files.size() / H2IdleCompaction.STEP) + 2; steps > 0 && files.getFillRate() <
					H2IdleCompaction.END_FILL && roomFor(dbFile, H2IdleCompaction.STEP); steps--)
					files.compactMoveChunks(100, H2IdleCompaction.STEP, store);
			}
			catch (final MVStoreException e) {
				// a step failed (the disk): the file holds its last save, H2 synced before overwriting anything
			}
			finally {
				try {
					store.close();
				}
				catch (final MVStoreException e) {
					// as above
				}
			}
		}
	}

	/** @return whether the disk has room for a step (a move may first write past the file's end) */
	static boolean roomFor(final Path dbFile, final long bytes) {
		try {
			return Files.getFileStore(dbFile).getUsableSpace() > 2 * bytes;
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	/**
	 * @param dbFile a closed H2 file ({@code ….mv.db}); nobody may open it meanwhile (its opens in this JVM wait on
	 *          {@link H2File#openingLock})
	 * @throws DatabaseLockedException when another process has the file open
	 */
	static void moveChunksTogether(final Path dbFile) {
		final MVStore store;
		try {
			store = new MVStore.Builder().fileName(H2File.storeName(dbFile)).autoCommitDisabled().cacheSize(2).open();
		}
		catch (final MVStoreException e) {
			if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) throw new DatabaseLockedException(dbFile.toString(), e);
			if (e.getErrorCode() == DataUtils.ERROR_FILE_CORRUPT) throw new CorruptDatabaseException("Database " +
				dbFile + " is damaged (" + e.getMessage() + "); it was left as it is", e);
			throw H2File.translateStore(e, dbFile.toString(), "compact the database");
		}
		try {
			// the file is this store's alone and holds no version but its last: a chunk that version does not use
			// may be overwritten at once (as H2 does on closing; its retention time and versions kept protect chunks
			// that a database still open might read)
			store.setVersionsToKeep(0);
			store.setRetentionTime(0);
			((RandomAccessStore) store.getFileStore()).compactMoveChunks(100, Long.MAX_VALUE, store);
		}
		catch (final MVStoreException e) {
			throw H2File.translateStore(e, dbFile.toString(), "compact the database");
		}
		finally {
			store.close();
		}
	}
}
