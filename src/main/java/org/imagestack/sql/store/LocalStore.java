package org.imagestack.sql.store;

/**
 * What a database kept in this JVM (embedded H2) does besides JDBC, told by the store's classes as they work:
 * bounding its unsaved pages, compacting while idle, and the record of saves beside its file. Implemented in
 * {@code org.imagestack.sql.h2}; a server or PostgreSQL has none. Called with the connection's lock held.
 */
public interface LocalStore {

	/**
	 * Before a write (called by every writer, before it writes; may be called often and mid-transaction): a file
	 * opened without a setting it needs for writing (so that opening and reading write nothing) gets it now, without
	 * a statement (nothing is committed).
	 */
	default void beforeWriting() {}

	/** Cells were written into the open transaction. */
	void wrote();

	/** Cells are about to be read. */
	void reading();

	/** The open transaction was committed and synced. */
	void committed();

	/** Gives back freed space in the background once the database is idle. */
	void compactWhenIdle();

	/** The connection is about to close. */
	void closing();

	/** The connection closed. */
	void closed();

	/**
	 * Records a save of a stack beside the file, after it was committed and synced, or a delete, before it is
	 * committed (no file: nothing).
	 *
	 * @param fileId the database's id (binds the record to the file), or null when it has none
	 * @param version the stack's save counter, or -1 when the stack is being deleted
	 */
	void recordSave(String fileId, long stackId, long version);
}
