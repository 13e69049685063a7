package org.imagestack.sql.store;

import static org.imagestack.sql.store.Mentions.assertMentions;
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

	/** Closes every connection and stack cells opened so far, the last opened first (also after each test). */
	@AfterEach
	void closeAll() throws Exception {
		for (int i = open.size() - 1; i >= 0; i--)
			open.get(i).close();
		open.clear();
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
		closeAll();
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
		closeAll();
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
		closeAll();
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
	@Test
	void aVersion3FilesPlaneRowsAreChecked() throws Exception {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		closeAll();
		StoreFiles.makeVersion3(db());
		behindItsBack(db(), "UPDATE PLANES SET CELL_DIMS = '1,1'");
		final Database d = connect(false);
		assertEquals(3, d.schemaVersion());
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> new CellStore(d).planes(1)), "d.mv.db",
			"plane " + id + " of stack 1");
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> new CellStore(d).plane(1, id)), "d.mv.db",
			"plane " + id + " of stack 1");
	}

	@Test
	void aReadCutOffByTheDatabaseClosingNamesTheCell() throws Exception {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		final Database d = connect(false);
		final CellStore store = new CellStore(d);
		try (java.sql.Statement st = d.connection().createStatement()) {
			st.execute("SHUTDOWN");
		}
		assertMentions(assertThrows(StorageException.class, () -> store.readCell(1, new CellKey(id, 1), T, 4, "s")),
			"read Cell 1 of plane " + id + " of stack 's'", "d.mv.db");
	}

	/** A database reached by URL (a server: nothing of it runs in this process) stores and reads cells the same. */
	@Test
	void cellsOnADatabaseWithoutALocalStoreReadBackAsWritten() throws Exception {
		saved();
		closeAll();
		final java.sql.Connection c = StoreFiles.raw(db(), "");
		c.setAutoCommit(false);
		try (Database d = Database.connected("jdbc:h2:d", c, org.imagestack.sql.h2.H2Dialect.INSTANCE, false)) {
			final JdbcStackCells s = cells(d, new Catalog(d).requireStack("s"));
			final long id = s.newPlaneId();
			s.insertPlane(new PlaneRow(id, 1, DIMS, T, CELL_DIMS));
			s.writeCell(new CellKey(id, 0), T, new float[] { 9, 9, 9, 9 }, Compression.ZSTD, false);
			s.writeCell(new CellKey(id, 1), T, new float[] { 8, 8, 8, 8 }, Compression.NONE, false);
			s.recordSave(T, 2, Compression.NONE, s.reload().version());
			s.commit();
			s.saved(s.reload().version());
			assertArrayEquals(new float[] { 9, 9, 9, 9 }, (float[]) s.readCell(new CellKey(id, 0), T, 4));
			s.close();
		}
		final JdbcStackCells r = again();
		assertEquals(2, r.planes().size());
		assertArrayEquals(new float[] { 8, 8, 8, 8 }, (float[]) r.readCell(new CellKey(r.planes().get(1).planeId, 1), T,
			4));
	}

	@Test
	void aReadOnlyDatabaseRefusesEveryWriteOfCellsAndPlanesAndKeepsItsBytes() throws Exception {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		closeAll();
		final byte[] before = java.nio.file.Files.readAllBytes(StoreFiles.file(db()));
		try (Database d = StoreFiles.readOnly(db())) {
			final CellStore store = new CellStore(d);
			assertEquals(1, store.planes(1).size(), "read");
			for (final Runnable write : List.<Runnable> of( //
				store::newPlaneId, //
				() -> store.insertPlane(1, new PlaneRow(99, 5, DIMS, T, CELL_DIMS)), //
				() -> store.writeCell(1, new CellKey(id, 0), T, new float[] { 0, 0, 0, 0 }, Compression.NONE, true), //
				() -> store.deletePlane(1, id), //
				() -> store.markCells(1, id, CELL_DIMS), //
				() -> store.setPos(1, id, 7)))
				assertMentions(assertThrows(org.imagestack.ReadOnlyDatabaseException.class, write::run), "read-only " + db(),
					"is read-only for user 'SA'");
		}
		try (Database d = StoreFiles.readOnly(db())) {
			assertMentions(assertThrows(org.imagestack.ReadOnlyDatabaseException.class, () -> new CellStore(d).writeCell(1,
				new CellKey(id, 0), T, new float[] { 0, 0, 0, 0 }, Compression.NONE, true)), "Cannot change stack cells:");
		}
		assertArrayEquals(before, java.nio.file.Files.readAllBytes(StoreFiles.file(db())));
		assertArrayEquals(new float[] { 1, 2, 3, 4 }, (float[]) again().readCell(new CellKey(id, 0), T, 4));
	}

	@Test
	void aDatabaseThatRefusesAReadingConnectionIsReadThroughTheStacksOwn() {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		final Database d = connect(false);
		final JdbcStackCells r = new JdbcStackCells(new CellStore(d), new CommittedReader(() -> {
			throw new IllegalStateException("too many connections");
		}), new Catalog(d), new Catalog(d).requireStack("s"));
		open.add(r::close);
		assertArrayEquals(new float[] { 5, 6, 7, 8 }, (float[]) r.readCell(new CellKey(id, 1), T, 4));
	}

	@Test
	void aSaveCheckedAgainstAnotherHandlesSaveIsRefused() {
		final JdbcStackCells s = saved();
		final JdbcStackCells other = again();
		final long version = other.reload().version();
		other.checkSave(version);
		s.recordSave(T, 1, Compression.NONE, version);
		s.commit();
		assertMentions(assertThrows(org.imagestack.ConcurrentSaveException.class, () -> other.checkSave(version)),
			"'s'", "saved elsewhere");
	}

	@Test
	void closingAStacksCellsClosesItsReadingConnections() {
		final JdbcStackCells s = saved();
		final long id = plane(s);
		final List<Database> readers = new ArrayList<>();
		final Database d = connect(false);
		final JdbcStackCells r = new JdbcStackCells(new CellStore(d), new CommittedReader(() -> {
			final Database c = connect(false);
			readers.add(c);
			return c;
		}), new Catalog(d), new Catalog(d).requireStack("s"));
		assertArrayEquals(new float[] { 5, 6, 7, 8 }, (float[]) r.readCell(new CellKey(id, 1), T, 4));
		assertEquals(1, readers.size(), "a committed cell is read on a connection of its own");
		r.close();
		assertFalse(readers.get(0).isUsable());
		assertTrue(d.isUsable(), "the stack's own stays");
	}

	private static byte[] deflated(final byte[] raw) {
		final java.util.zip.Deflater deflater = new java.util.zip.Deflater();
		deflater.setInput(raw);
		deflater.finish();
		final byte[] buf = new byte[raw.length + 64];
		final int n = deflater.deflate(buf);
		deflater.end();
		return java.util.Arrays.copyOf(buf, n);
	}

	/** Sets the version 1 plane's BLOB. */
	private void planeBytes(final byte[] data, final boolean compressed) throws Exception {
		try (java.sql.Connection c = StoreFiles.raw(db(), ""); java.sql.PreparedStatement ps = c.prepareStatement(
			"UPDATE PLANES SET DATA = ?, COMPRESSED = ?"))
		{
			ps.setBytes(1, data);
			ps.setBoolean(2, compressed);
			ps.executeUpdate();
		}
	}

	private static byte[] littleEndian(final short[] px) {
		final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(px.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		b.asShortBuffer().put(px);
		return b.array();
	}

	@Test
	void aDeflatedVersion1PlaneReadsBack() throws Exception {
		final short[] px = new short[30 * 20];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 3);
		CellStoreTest.writeVersion1(db(), "old", 30, 20, px);
		planeBytes(deflated(littleEndian(px)), true);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			for (final int[] at : new int[][] { { 0, 0 }, { 29, 0 }, { 7, 13 }, { 29, 19 } })
				assertEquals(px[at[0] + 30 * at[1]], org.imagestack.stack.AbstractImageStackTest.at(s.get(0), at[0],
					at[1]), "pixel " + at[0] + "," + at[1]);
		}
	}

	@Test
	void aVersion1PlaneCutShortSaysByHowMuch() throws Exception {
		final short[] px = new short[30 * 20];
		CellStoreTest.writeVersion1(db(), "old", 30, 20, px);
		planeBytes(java.util.Arrays.copyOf(littleEndian(px), 30 * 20 * 2 - 60), false);
		final StorageException e = assertThrows(org.imagestack.CorruptDatabaseException.class, () -> {
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
				org.imagestack.stack.AbstractImageStackTest.pixels(s.get(0));
			}
		});
		assertMentions(e, "d.mv.db", "damaged", "ends 60 bytes early");
	}

	@Test
	void aVersion1DeflatedPlaneCutShortIsDamage() throws Exception {
		final short[] px = new short[30 * 20];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 7919);
		CellStoreTest.writeVersion1(db(), "old", 30, 20, px);
		final byte[] deflated = deflated(littleEndian(px));
		planeBytes(java.util.Arrays.copyOf(deflated, deflated.length / 2), true);
		final StorageException e = assertThrows(org.imagestack.CorruptDatabaseException.class, () -> {
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
				org.imagestack.stack.AbstractImageStackTest.pixels(s.get(0));
			}
		});
		assertMentions(e, "d.mv.db", "damaged");
	}
}
