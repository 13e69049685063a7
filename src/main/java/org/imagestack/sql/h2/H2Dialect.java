package org.imagestack.sql.h2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.h2.api.ErrorCode;

import org.imagestack.NoSuchDatabaseException;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.StorageException;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.Dialect;

/**
 * H2, embedded (a file path, {@code jdbc:h2:file:}) or a server ({@code jdbc:h2:tcp://host:port/path}). Connecting
 * stays with {@link Database}, the file's own errors (locked, damaged, disk full) with {@link H2File}; this adds
 * what a server brings (a dropped connection, a login, a lock wait) and the SQL that is H2's own.
 * <p>
 * An H2 server creates no database for a remote client unless it was started with {@code -ifNotExists} (H2's
 * security rule: anyone who can reach the port could create files); otherwise create the database on the server
 * first (e.g. {@code java -cp h2.jar org.h2.tools.Shell -url jdbc:h2:/data/crack} there).
 * </p>
 */
public final class H2Dialect extends Dialect {

	public static final H2Dialect INSTANCE = new H2Dialect();

	private H2Dialect() {}

	@Override
	public String product() {
		return "H2";
	}

	@Override
	public Database open(final String database, final String shown, final boolean create) {
		final Database db = H2Opener.open(database, false, create);
		if (isServer(database)) try (Statement st = db.connection().createStatement()) {
			st.execute("SET LOCK_TIMEOUT " + LOCK_WAIT_SECONDS * 1000);
		}
		catch (final SQLException e) {
			db.close();
			throw translate(e, shown, "open");
		}
		return db;
	}

	private static boolean isServer(final String database) {
		final String upper = database.toUpperCase(Locale.ROOT);
		return upper.startsWith("JDBC:H2:TCP:") || upper.startsWith("JDBC:H2:SSL:");
	}

	@Override
	public String described() {
		return "an H2";
	}

	@Override
	public RuntimeException translateStore(final RuntimeException e, final String location, final String action) {
		return e instanceof org.h2.mvstore.MVStoreException ? H2File.translateStore(e, location, action) : e;
	}

	@Override
	public String binaryType() {
		return "BLOB";
	}

	@Override
	public String nextPlaneId() {
		return "VALUES NEXT VALUE FOR PLANE_IDS";
	}

	/**
	 * {@code CHECKPOINT SYNC}: H2 writes a commit to its file within {@code WRITE_DELAY}; this forces it to the disk
	 * now (embedded files are opened with {@code WRITE_DELAY=0} too). On a server it needs admin rights: without them
	 * a commit is as durable as the server's own {@code WRITE_DELAY} makes it. Embedded, the same in two steps:
	 * {@code CHECKPOINT}, then {@link H2FreedSpace#release} forces the file to the disk and lets H2 reuse what the
	 * save left unused (one sync for both).
	 */
	@Override
	public void afterCommit(final Connection c) throws SQLException {
		final org.h2.mvstore.MVStore store = H2FreedSpace.storeOf(c);
		try (Statement st = c.createStatement()) {
			st.execute(store == null ? "CHECKPOINT SYNC" : "CHECKPOINT");
		}
		catch (final SQLException e) {
			if (e.getErrorCode() != ErrorCode.ADMIN_RIGHTS_REQUIRED) throw e;
		}
		if (store != null) H2FreedSpace.release(store);
	}

	@Override
	public boolean writable(final Connection c) throws SQLException {
		return !c.getMetaData().isReadOnly();
	}

	@Override
	public long size(final Database db) {
		if (db.file() != null) return db.fileSize();
		try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT SETTING_VALUE " +
			"FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_SIZE'"))
		{
			return rs.next() ? Long.parseLong(rs.getString(1)) : -1;
		}
		catch (final SQLException | NumberFormatException e) {
			return -1;
		}
	}

	/**
	 * An embedded file: {@code SHUTDOWN} (which closes every connection to it in this JVM), then its chunks are moved
	 * together in place ({@link H2Compaction}), opens of the file in this JVM waiting meanwhile. A server's file is out
	 * of reach: {@code SHUTDOWN COMPACT} there (H2 copies it into a new file with compressed pages). The connection
	 * closes.
	 */
	@Override
	public void compact(final Database db) throws SQLException {
		if (db.local() != null) db.local().closing();
		db.connection().commit();
		final java.nio.file.Path file = db.file();
		if (file == null) try (Statement st = db.connection().createStatement()) {
			st.execute("SHUTDOWN COMPACT");
			return;
		}
		synchronized (H2File.openingLock(H2File.filePath(file.toString()))) {
			try (Statement st = db.connection().createStatement()) {
				st.execute("SHUTDOWN");
			}
			H2Compaction.moveChunksTogether(file);
		}
	}

	@Override
	public RuntimeException translate(final SQLException e, final String location, final String action) {
		switch (e.getErrorCode()) {
			case ErrorCode.CONNECTION_BROKEN_1:
			case ErrorCode.DATABASE_CALLED_AT_SHUTDOWN:
			case ErrorCode.DATABASE_IS_CLOSED:
				return connectionLost(location, action, e);
			case ErrorCode.DEADLOCK_1:
				return aborted(location, action, e);
			case ErrorCode.LOCK_TIMEOUT_1:
				return lockWait(location, action, e);
			case ErrorCode.NOT_ENOUGH_RIGHTS_FOR_1:
			case ErrorCode.DATABASE_IS_READ_ONLY: {
				final ReadOnlyDatabaseException file = location.endsWith(H2File.SUFFIX) ? ReadOnlyDatabaseException
					.ofFile(java.nio.file.Paths.get(location), action, e) : null;
				return file != null ? file : new ReadOnlyDatabaseException(location, null, action, e);
			}
			case ErrorCode.WRONG_USER_OR_PASSWORD:
				return login(location, "IMAGESTACK_DB_USER / IMAGESTACK_DB_PASSWORD, or the file named by " +
					"IMAGESTACK_DB_CREDENTIALS (default: user sa, empty password)", e);
			case ErrorCode.REMOTE_DATABASE_NOT_FOUND_1:
				return new StorageException("The H2 server of " + location + " has no such database and creates none " +
					"for remote clients (it was started without -ifNotExists): create the database on the server first",
					e);
			case ErrorCode.DATABASE_NOT_FOUND_1:
			case ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1:
				return new NoSuchDatabaseException(location);
			default:
				return H2File.translate(e, location, action);
		}
	}

	@Override
	public boolean losesTransaction(final SQLException e) {
		final int code = e.getErrorCode();
		return code == ErrorCode.CONNECTION_BROKEN_1 || code == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN ||
			code == ErrorCode.DATABASE_IS_CLOSED || code == ErrorCode.DEADLOCK_1;
	}
}
