package org.imagestack.sql.store;

import static org.imagestack.sql.store.StoreFiles.behindItsBack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.cells.CellKey;
import org.imagestack.sql.cells.PlaneRow;
import org.imagestack.sql.h2.H2Opener;

/**
 * A stack's cells when something goes wrong: an interrupted read or save, a cell missing or damaged, a stack deleted
 * through another handle, a plane of version 1 whose bytes do not match their checksum. Each says what, where, and
 * that nothing was changed.
 */
class StackCellsFailuresTest {

	private static final PixelType T = PixelType.FLOAT32;
	private static final long[] DIMS = { 2, 4 };
	private static final int[] CELL_DIMS = { 2, 2 };

	@TempDir
	Path dir;

	private final List<AutoCloseable> open = new ArrayList<>();

	private String db() {
		return dir.resolve("d").toString();
	}

	@AfterEach
	void closeAll() throws Exception {
		for (final AutoCloseable c : open)
			c.close();
	}

	private Database connect(final boolean create) {
		final Database d = H2Opener.open(db(), false, create);
		open.add(d);
		return d;
	}

	private JdbcStackCells cells(final Database d, final StackRecord r) {
		final JdbcStackCells s = new JdbcStackCells(new CellStore(d), new CommittedReader(() -> connect(false)),
			new Catalog(d), r);
		open.add(s::close);
		return s;
	}

	/** A stack "s" with one plane of two cells, saved; its cells, on a connection of their own. */
	private JdbcStackCells saved() {
		final Database d = connect(true);
		final StackRecord r = new Catalog(d).createStack("s", T, 1 << 18, Compression.NONE);
		final JdbcStackCells s = cells(d, r);
		final long id = s.newPlaneId();
		s.insertPlane(new PlaneRow(id, 0, DIMS, T, CELL_DIMS));
		s.writeCell(new CellKey(id, 0), T, new float[] { 1, 2, 3, 4 }, Compression.NONE, false);
		s.writeCell(new CellKey(id, 1), T, new float[] { 5, 6, 7, 8 }, Compression.NONE, false);
		s.recordSave(T, 1, Compression.NONE, 0);
		s.commit();
		return s;
	}

	private JdbcStackCells again() {
		final Database d = connect(false);
		return cells(d, new Catalog(d).requireStack("s"));
	}

	private static long plane(final JdbcStackCells s) {
		return s.planes().get(0).planeId;
	}

	private static void assertMentions(final Exception e, final String... parts) {
		for (final String p : parts)
			assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
	}

	@Test
	void anInterruptedReadStopsNamingThePlaneAndKeepsTheInterrupt() {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		Thread.currentThread().interrupt();
		try {
			assertMentions(assertThrows(StorageException.class, () -> s.readCell(new CellKey(id, 0), T, 4)),
				"Interrupted", "reading plane " + id + " of stack 's'", "d.mv.db", "nothing was changed");
			assertTrue(Thread.currentThread().isInterrupted());
		}
		finally {
			Thread.interrupted();
		}
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, (float[]) s.readCell(new CellKey(id, 0), T, 4), "read again");
	}

	@Test
	void anInterruptTheFileLayerAbsorbedStillStopsTheRead() {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		Interrupts.absorbed(); // as the file layer notes an interrupt it had to clear
		try {
			assertMentions(assertThrows(StorageException.class, () -> s.readCell(new CellKey(id, 1), T, 4)),
				"Interrupted", "reading plane " + id);
			assertTrue(Thread.currentThread().isInterrupted(), "set again");
		}
		finally {
			Thread.interrupted();
		}
		assertFalse(Interrupts.pending(), "once");
	}

	@Test
	void anInterruptedSaveCommitsNothing() {
		final JdbcStackCells s = saved();
		final long id = s.newPlaneId();
		s.insertPlane(new PlaneRow(id, 1, DIMS, T, CELL_DIMS));
		Thread.currentThread().interrupt();
		try {
			assertMentions(assertThrows(StorageException.class, s::commit), "Interrupted", "stack 's' was not saved",
				"d.mv.db", "nothing of this save was committed");
			assertTrue(Thread.currentThread().isInterrupted());
		}
		finally {
			Thread.interrupted();
		}
		assertEquals(1, again().planes().size(), "another connection sees the last save");
		s.commit();
		assertEquals(2, again().planes().size(), "saved once not interrupted");
	}

	@Test
	void aCellMissingFromTheFileIsDamageNamingIt() throws Exception {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		s.close();
		closeAll();
		open.clear();
		behindItsBack(db(), "DELETE FROM CELLS WHERE CELL_INDEX = 1");
		final JdbcStackCells r = again();
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, (float[]) r.readCell(new CellKey(id, 0), T, 4));
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> r.readCell(new CellKey(id, 1), T, 4)),
			"Cell 1 of plane " + id + " of stack 's' is missing from", "d.mv.db");
	}

	@Test
	void aCellWhoseBytesDoNotMatchTheirChecksumIsDamageNamingIt() throws Exception {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		s.close();
		closeAll();
		open.clear();
		behindItsBack(db(), "UPDATE CELLS SET CRC = CRC + 1 WHERE CELL_INDEX = 0");
		final JdbcStackCells r = again();
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> r.readCell(new CellKey(id, 0), T, 4)),
			"Cell 0 of plane " + id + " of stack 's'", "d.mv.db");
		assertArrayEquals(new float[] { 5, 6, 7, 8 }, (float[]) r.readCell(new CellKey(id, 1), T, 4));
	}

	@Test
	void aStackDeletedThroughAnotherHandleIsSaidSoNotMissing() {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		SqlImageStack.deleteStack(db(), "s");
		final StorageException e = assertThrows(StorageException.class, () -> s.readCell(new CellKey(id, 1), T, 4));
		assertFalse(e instanceof CorruptDatabaseException, e.toString());
		assertMentions(e, "'s' was deleted", "d.mv.db");
	}

	@Test
	void aPlaneThatIsNotThereReadsAsNone() {
		final JdbcStackCells s = saved();
		final Database d = connect(false);
		final CellStore store = new CellStore(d);
		final long stack = new Catalog(d).requireStack("s").id();
		assertNull(store.plane(stack, plane(s) + 100));
		final PlaneRow p = store.plane(stack, plane(s));
		assertArrayEquals(DIMS, p.dims);
		assertArrayEquals(CELL_DIMS, p.cellDims);
		assertEquals(T, p.type);
	}

	@Test
	void aDamagedPlaneRowIsNamedWhenReadAlone() throws Exception {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		s.close();
		closeAll();
		open.clear();
		behindItsBack(db(), "UPDATE PLANES SET DIMS = '4,2'");
		final Database d = connect(false);
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> new CellStore(d).plane(1, id)),
			"d.mv.db", "plane " + id + " of stack 1");
	}

	@Test
	void writingACellTwiceAsNewOrAnAbsentOneAsOldIsRefused() {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		final IllegalStateException absent = assertThrows(IllegalStateException.class, () -> s.writeCell(new CellKey(
			id, 7), T, new float[] { 0, 0, 0, 0 }, Compression.NONE, true));
		assertMentions(absent, "has no row to update");
		assertThrows(StorageException.class, () -> s.writeCell(new CellKey(id, 0), T, new float[] { 0, 0, 0, 0 },
			Compression.NONE, false));
		s.rollback();
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, (float[]) again().readCell(new CellKey(id, 0), T, 4));
	}

	@Test
	void aVersion1PlaneWhoseBytesDoNotMatchTheirChecksumIsDamageSayingBoth() throws Exception {
		final short[] px = new short[30 * 20];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) i;
		CellStoreTest.writeVersion1(db(), "old", 30, 20, px);
		behindItsBack(db(), "UPDATE PLANES SET CRC = 12345");
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> {
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
				org.imagestack.stack.AbstractImageStackTest.pixels(s.get(0));
			}
		});
		assertMentions(e, "d.mv.db", "is damaged: its checksum is ", "saved as 3039");
	}

	@Test
	void aVersion1PlaneWithoutItsBytesIsMissing() throws Exception {
		CellStoreTest.writeVersion1(db(), "old", 3, 2, new short[6]);
		behindItsBack(db(), "ALTER TABLE PLANES ALTER COLUMN DATA SET NULL", "UPDATE PLANES SET DATA = NULL");
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> {
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
				org.imagestack.stack.AbstractImageStackTest.pixels(s.get(0));
			}
		});
		assertMentions(e, "is missing from", "d.mv.db");
	}
}
