package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;

/**
 * The storage seam the cells stand on ({@link StackCells}), one suite for every store (as N5's
 * {@code AbstractKeyValueAccessTest}): a subclass only says how to make a stack's cells and how to open them again
 * through a new connection. Cells are tiny float32 arrays; what is asserted is what comes back.
 */
public abstract class AbstractStackCellsTest {

	private static final PixelType T = PixelType.FLOAT32;
	private static final long[] DIMS = { 4, 2 };
	private static final int[] CELL_DIMS = { 2, 2 };

	private final List<StackCells> opened = new ArrayList<>();

	/** @return the cells of a new, empty float32 stack named {@code name}, in an open transaction */
	protected abstract StackCells create(String name);

	/** @return the cells of stack {@code name} through a new connection: what was committed */
	protected abstract StackCells reopen(String name);

	/** Closes what {@link #create} and {@link #reopen} opened, connections included. */
	protected abstract void closeAll();

	private StackCells fresh() {
		final StackCells s = create("s");
		opened.add(s);
		return s;
	}

	private StackCells again() {
		final StackCells s = reopen("s");
		opened.add(s);
		return s;
	}

	@AfterEach
	void close() {
		for (final StackCells s : opened)
			s.close();
		closeAll();
	}

	private static float[] cell(final float v) {
		return new float[] { v, v + 1, v + 2, v + 3 };
	}

	private static long plane(final StackCells s, final long pos, final float v) {
		final long id = s.newPlaneId();
		s.insertPlane(new PlaneRow(id, pos, DIMS, T, CELL_DIMS));
		s.writeCell(new CellKey(id, 0), T, cell(v), Compression.NONE, false);
		s.writeCell(new CellKey(id, 1), T, cell(v + 10), Compression.NONE, false);
		return id;
	}

	private static float[] read(final StackCells s, final long planeId, final int index) {
		return (float[]) s.readCell(new CellKey(planeId, index), T, 4);
	}

	@Test
	public void aCellReadsBackAsWrittenInTheOpenTransaction() {
		final StackCells s = fresh();
		final long id = plane(s, 0, 1);
		assertArrayEquals(cell(1), read(s, id, 0));
		assertArrayEquals(cell(11), read(s, id, 1));
		s.writeCell(new CellKey(id, 1), T, cell(50), Compression.NONE, true);
		assertArrayEquals(cell(50), read(s, id, 1), "an overwritten cell reads back new");
	}

	@Test
	public void committedPlanesAndCellsAreWhatAnotherConnectionSees() {
		final StackCells s = fresh();
		final long a = plane(s, 0, 1);
		final long b = plane(s, 1, 5);
		s.recordSave(T, 2, Compression.NONE, 0);
		s.commit();
		final StackCells r = again();
		final List<PlaneRow> rows = r.planes();
		assertEquals(2, rows.size());
		assertEquals(a, rows.get(0).planeId);
		assertEquals(b, rows.get(1).planeId);
		assertArrayEquals(DIMS, rows.get(0).dims);
		assertArrayEquals(CELL_DIMS, rows.get(0).cellDims);
		assertEquals(T, rows.get(0).type);
		assertArrayEquals(cell(15), read(r, b, 1));
		assertEquals(2, r.reload().planeCount(), "the catalog row says what was saved");
	}

	@Test
	public void uncommittedWorkIsInvisibleElsewhereAndGoneAfterRollback() {
		final StackCells s = fresh();
		final long a = plane(s, 0, 1);
		s.commit();
		plane(s, 1, 7);
		s.writeCell(new CellKey(a, 0), T, cell(99), Compression.NONE, true);
		assertEquals(1, again().planes().size(), "another connection sees only what was committed");
		s.rollback();
		assertEquals(1, s.planes().size());
		assertArrayEquals(cell(1), read(s, a, 0), "the committed cell is back");
	}

	@Test
	public void rollingBackToASavepointKeepsWhatCameBefore() {
		final StackCells s = fresh();
		final long a = plane(s, 0, 1);
		final Object savepoint = s.savepoint();
		final long b = plane(s, 1, 7);
		s.writeCell(new CellKey(a, 0), T, cell(99), Compression.NONE, true);
		s.rollbackTo(savepoint);
		s.commit();
		final StackCells r = again();
		assertEquals(1, r.planes().size());
		assertEquals(a, r.planes().get(0).planeId);
		assertArrayEquals(cell(1), read(r, a, 0));
		assertThrows(CorruptDatabaseException.class, () -> read(r, b, 0), "plane b was never saved");
	}

	@Test
	public void aDeletedPlaneAndItsCellsAreGone() {
		final StackCells s = fresh();
		final long a = plane(s, 0, 1);
		final long b = plane(s, 1, 3);
		s.commit();
		s.deletePlane(a);
		s.commit();
		final StackCells r = again();
		assertEquals(1, r.planes().size());
		assertEquals(b, r.planes().get(0).planeId);
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> read(r, a, 0));
		assertTrue(e.getMessage().contains("missing"), e.getMessage());
	}

	@Test
	public void positionsOrderThePlanes() {
		final StackCells s = fresh();
		final long a = plane(s, 10, 1);
		final long b = plane(s, 20, 3);
		s.commit();
		s.setPos(a, 30);
		s.commit();
		final List<PlaneRow> rows = again().planes();
		assertEquals(b, rows.get(0).planeId);
		assertEquals(a, rows.get(1).planeId);
		assertEquals(30, rows.get(1).pos);
	}

	@Test
	public void planeIdsAreNeverReused() {
		final StackCells s = fresh();
		final long a = plane(s, 0, 1);
		s.deletePlane(a);
		s.commit();
		assertNotEquals(a, s.newPlaneId());
	}

	@Test
	public void compressedCellsReadBackTheSame() {
		final StackCells s = fresh();
		final long id = s.newPlaneId();
		s.insertPlane(new PlaneRow(id, 0, DIMS, T, CELL_DIMS));
		s.writeCell(new CellKey(id, 0), T, cell(3), Compression.DEFLATE, false);
		s.commit();
		assertArrayEquals(cell(3), read(again(), id, 0));
	}

	@Test
	public void cellsOfEveryCodecReadBackTheSame() {
		final StackCells s = fresh();
		final long[] dims = { 128, 64 };
		final int[] cellDims = { 128, 64 };
		final java.util.Map<Compression, Long> ids = new java.util.EnumMap<>(Compression.class);
		final short[] px = new short[128 * 64];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (1000 + 3 * (i % 128) + (i * 7919 % 13)); // shading and noise: every codec shrinks it
		for (final Compression codec : Compression.values()) {
			final long id = s.newPlaneId();
			s.insertPlane(new PlaneRow(id, codec.ordinal(), dims, PixelType.UINT16, cellDims));
			s.writeCell(new CellKey(id, 0), PixelType.UINT16, px.clone(), codec, false);
			ids.put(codec, id);
		}
		s.commit();
		final StackCells r = again();
		for (final Compression codec : Compression.values())
			assertArrayEquals(px, (short[]) r.readCell(new CellKey(ids.get(codec), 0), PixelType.UINT16, px.length),
				codec.toString());
	}
}
