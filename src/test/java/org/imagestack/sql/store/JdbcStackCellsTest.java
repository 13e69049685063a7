package org.imagestack.sql.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.sql.cells.AbstractStackCellsTest;
import org.imagestack.sql.cells.CellShape;
import org.imagestack.sql.cells.StackCells;
import org.imagestack.sql.h2.H2Opener;

/**
 * The cells' storage seam over JDBC, on an embedded H2 file: no server needed. The subclasses run the same suite on
 * an H2 server and on PostgreSQL.
 */
class JdbcStackCellsTest extends AbstractStackCellsTest {

	@TempDir
	Path dir;

	private final List<Database> connections = new ArrayList<>();

	private String url;

	/** @return a new, empty database of this store */
	protected String newDatabase() {
		return dir.resolve("cells").toString();
	}

	/** @return a new connection to {@code database} */
	protected Database open(final String database, final boolean create) {
		return H2Opener.open(database, false, create);
	}

	private String db() {
		if (url == null) url = newDatabase();
		return url;
	}

	private Database connect(final boolean create) {
		final Database db = open(db(), create);
		connections.add(db);
		return db;
	}

	@Override
	protected StackCells create(final String name) {
		final Database db = connect(true);
		db.upgradeForWriting();
		final Catalog catalog = new Catalog(db);
		final StackRecord record = catalog.createStack(name, PixelType.FLOAT32, CellShape.DEFAULT_CELL_BYTES,
			org.imagestack.Compression.NONE);
		return new JdbcStackCells(new CellStore(db), new CommittedReader(() -> open(db(), false)),
			catalog, record);
	}

	@Override
	protected StackCells reopen(final String name) {
		final Database db = connect(false);
		final Catalog catalog = new Catalog(db);
		return new JdbcStackCells(new CellStore(db), new CommittedReader(() -> open(db(), false)),
			catalog, catalog.requireStack(name));
	}

	@Override
	protected void closeAll() {
		for (final Database db : connections)
			db.close();
	}
}
