package org.imagestack.sql.h2;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Lets H2 write over the chunks that saves left unused as soon as that is safe, not 45 s after they were written.
 * <p>
 * H2 writes new versions into new chunks and never over a chunk still in use. A chunk no longer in use may yet be
 * needed after a power failure, if the newer versions that stopped using it have not reached the disk: so H2 keeps it
 * for its retention time (45 s after the chunk was written), assuming the disk has everything by then. Maps and
 * conversions run one after the other replace cells written seconds before; with the retention, each could reuse
 * none of the space the one before freed, and the file grew by the whole stack each time. Here, with H2's store held
 * (nothing is written meanwhile), the file is forced to the disk first: every chunk H2 then knows to be unused is
 * unused by all that is on the disk, and (retention aside) H2's own rule applies: no open read in this JVM still
 * uses it.
 * </p>
 */
public final class H2FreedSpace {

	private H2FreedSpace() {}

	/** @return the store of an embedded database's connection, or null (a server, PostgreSQL) */
	static MVStore storeOf(final java.sql.Connection c) {
		if (!(c instanceof org.h2.jdbc.JdbcConnection)) return null;
		final org.h2.engine.Session session = ((org.h2.jdbc.JdbcConnection) c).getSession();
		if (!(session instanceof org.h2.engine.SessionLocal)) return null;
		final org.h2.mvstore.db.Store store = ((org.h2.engine.SessionLocal) session).getDatabase().getStore();
		return store == null ? null : store.getMvStore();
	}

	/** @param store an embedded database's store */
	static void release(final MVStore store) {
		// in memory, read-only, or told never to reuse space
		if (store.getFileStore() == null || store.isReadOnly() || store.getRetentionTime() < 0) return;
		store.executeFilestoreOperation(() -> {
			final FileStore<?> files = store.getFileStore();
			files.sync();
			final int retention = store.getRetentionTime();
			store.setRetentionTime(0);
			try {
				files.dropUnusedChunks();
			}
			finally {
				store.setRetentionTime(retention);
			}
		});
	}
}
