package org.imagestack.sql.h2;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import org.imagestack.sql.store.Interrupts;
import org.imagestack.sql.store.LocalStore;

/**
 * What a connection to an embedded H2 file does to H2's store around its writes and commits: bounds H2's unsaved
 * pages, lets H2 reuse freed chunks during a long write ({@link H2FreedSpace}) and gives the file's space back after a
 * large save while the database is idle ({@link H2IdleCompaction}; files only). A server's or PostgreSQL's store is
 * theirs.
 */
public final class EmbeddedStore implements LocalStore {

	/**
	 * Unsaved pages stored past this many bytes. Below 4 MB on purpose: H2 serialises a store into a buffer it keeps for
	 * the next one only up to 4 MB; at 4 MB of unsaved pages every store allocated a new buffer of 5-7 MB (a humongous
	 * object for G1 in a small heap: measured, 150 of them while adding 671 MB). At 2 MB ingest was faster (276 against
	 * 195 MB/s, one run each), the file 1.17 x the stack's bytes instead of 1.07 x (more stores, more of H2's own pages
	 * rewritten).
	 */
	private static final int UNSAVED_LIMIT = 2 << 20;

	/** Bytes of pages stored between two {@link H2FreedSpace#release}s while a long write runs. */
	private static final long RELEASE_EVERY = 64 << 20;

	private final MVStore store;
	private final String location;
	/** The database file, or null (in memory). */
	private final java.nio.file.Path file;
	private long storedSinceRelease;
	private long storedSincePass;
	private boolean passWasOn;
	/** Whether a save large enough for an idle compaction was made through this connection, seen at closing. */
	private boolean compactAfterClose;
	/** Whether {@code WRITE_DELAY=0} is still to be set, before the first write (see {@link FileLook}). */
	private volatile boolean writeDelayDue;

	private EmbeddedStore(final MVStore store, final String location, final java.nio.file.Path file) {
		this.store = store;
		this.location = location;
		this.file = file;
	}

	/**
	 * @param location where the database is, for messages
	 * @return the store of a connection to a database in this JVM, or null (a server, PostgreSQL)
	 */
	public static EmbeddedStore of(final java.sql.Connection c, final String location, final java.nio.file.Path file) {
		final MVStore store = H2FreedSpace.storeOf(c);
		return store == null ? null : new EmbeddedStore(store, location, file);
	}

	/** H2's write delay when no URL sets one: a database opened so, and not written by any connection yet. */
	private static final int H2_DEFAULT_DELAY = 500;

	/**
	 * The file was opened without {@code WRITE_DELAY=0} (see {@link FileLook}): set it before the first write. Until
	 * then H2's background writer is held off when this connection opened the database (nobody set a delay yet): it
	 * would store what H2's open changed half a second later, in the middle of reading.
	 */
	void setWriteDelayAtFirstWrite() {
		writeDelayDue = true;
		if (store.getAutoCommitDelay() == H2_DEFAULT_DELAY) store.setAutoCommitDelay(Integer.MAX_VALUE);
	}

	/**
	 * Sets H2's write delay to 0 (every commit written at once) for an existing file before the connection's first
	 * write: left out of the URL that opened the file, since H2 then writes at once what its open changed, and opening
	 * and reading must not write (see {@link FileLook}). Set on H2's store itself, as {@code SET WRITE_DELAY 0} does
	 * (H2's {@code Database.setWriteDelay}), but without a statement, which would commit the open transaction. H2
	 * keeps it for the open database, not in the file.
	 */
	@Override
	public void beforeWriting() {
		if (!writeDelayDue) return;
		// H2 stops its background writer here and joins it, catching the join's InterruptedException: an interrupted
		// thread's flag was spent there, and a save begun in an interrupted thread went on and committed
		Interrupts.keptAcross(() -> {
			store.setAutoCommitDelay(0);
			return null;
		});
		writeDelayDue = false;
	}

	/**
	 * After a write: an embedded H2 keeps written pages on the heap until about 20 MB have gathered and then serialises
	 * them into one buffer of that size, which is more than small heaps can spare next to the cells. Past
	 * {@value #UNSAVED_LIMIT} bytes this stores them (H2's own store of pages: not a transaction commit; the open
	 * transaction stays open and can still be rolled back), and every {@value #RELEASE_EVERY} bytes stored lets H2
	 * reuse the chunks that saves left unused: H2 lets go of a replaced cell's bytes only at writes after the save that
	 * replaced it. Pauses an idle compaction.
	 */
	@Override
	public void wrote() {
		H2IdleCompaction.used(store);
		try {
			final long unsaved = store.getUnsavedMemory();
			if (unsaved <= UNSAVED_LIMIT) return;
			storedSinceRelease += unsaved;
			storedSincePass += unsaved;
			store.commit();
			if (storedSinceRelease > RELEASE_EVERY) {
				storedSinceRelease = 0;
				H2FreedSpace.release(store);
			}
		}
		catch (final MVStoreException e) {
			throw H2File.translateStore(e, location, "write");
		}
	}

	/** Before a cell is read: pauses an idle compaction. */
	@Override
	public void reading() {
		H2IdleCompaction.used(store);
	}

	/** After a commit (made durable by {@link H2Dialect#afterCommit}): a large save starts an idle compaction. */
	@Override
	public void committed() {
		if (storedSincePass >= H2IdleCompaction.MIN_WRITTEN) compactWhenIdle();
	}

	/** Starts an idle compaction now (after a stack was deleted, say). */
	@Override
	public void compactWhenIdle() {
		storedSincePass = 0;
		H2IdleCompaction.start(store);
	}

	/** Before the connection closes or the database is compacted: ends an idle compaction (see {@link #closed}). */
	@Override
	public void closing() {
		passWasOn = H2IdleCompaction.stop(store);
		compactAfterClose = file != null && !store.isReadOnly() && (passWasOn || storedSincePass >=
			H2IdleCompaction.MIN_WRITTEN);
	}

	/**
	 * After the connection closed: an idle compaction goes on (from its start) if others keep the database open; if
	 * this was the last connection and a large save was made, the file's chunks are moved together before
	 * {@code close()} returns ({@link H2Compaction#afterLastClose}), so that a map's save does not leave the file at
	 * twice the data.
	 */
	@Override
	public void closed() {
		if (!store.isClosed()) {
			if (passWasOn) H2IdleCompaction.start(store);
		}
		else if (compactAfterClose) {
			compactAfterClose = false;
			H2Compaction.afterLastClose(file);
		}
	}

	/**
	 * Ends every idle compaction and its thread (the plugin's service is disposed); a later large save starts them
	 * again.
	 */
	public static void stopIdleCompaction() {
		H2IdleCompaction.stopAll();
	}

	@Override
	public void recordSave(final String fileId, final long stackId, final long version) {
		if (file != null) SaveRecord.write(file, fileId, stackId, version);
	}
}
