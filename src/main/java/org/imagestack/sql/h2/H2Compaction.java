package org.imagestack.sql.h2;

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
	 * @param dbFile a closed H2 file ({@code ….mv.db}); nobody may open it meanwhile (its opens in this JVM wait on
	 *          {@link H2File#openingLock})
	 * @throws DatabaseLockedException when another process has the file open
	 */
	static void moveChunksTogether(final Path dbFile) {
		final MVStore store;
		try {
			store = new MVStore.Builder().fileName(dbFile.toString()).autoCommitDisabled().cacheSize(2).open();
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
