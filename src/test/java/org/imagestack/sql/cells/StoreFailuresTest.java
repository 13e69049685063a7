package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.Compression;
import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.sql.store.Catalog;
import org.imagestack.sql.store.CellStore;
import org.imagestack.sql.store.CommittedReader;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.JdbcStackCells;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A stack's planes when its store fails (a full disk, a lost connection): on a real H2 file whose store fails once
 * where a test says. A failed save or write keeps every unsaved change, and the next save stores them; when undoing
 * fails too, the error reported is the one that came first.
 */
class StoreFailuresTest {

	@TempDir
	Path dir;

	private Database db;
	private PagedPlanes planes;
	private final Set<String> failOnce = new HashSet<>();

	private String path() {
		return dir.resolve("failures").toString();
	}

	/** @return a new float32 stack's planes, over a store that fails once in each call named in {@link #failOnce} */
	private PagedPlanes create(final long budget) {
		SqlImageStack.create(path(), "s", PixelType.FLOAT32, 1).close(); // an empty stack, saved
		db = H2Opener.open(path(), false, false);
		final Catalog catalog = new Catalog(db);
		final StackRecord record = catalog.requireStack("s");
		final StackCells real = new JdbcStackCells(new CellStore(db), new CommittedReader(() -> H2Opener.open(path(),
			false, false)), catalog, record);
		planes = new PagedPlanes(new Failing(real), record, budget);
		return planes;
	}

	@AfterEach
	void close() {
		if (planes != null) planes.close();
		if (db != null) db.close();
	}

	private void fails(final String call) {
		if (failOnce.remove(call)) throw new StorageException("the disk is full (" + call + ")", null);
	}

	/** @return the first pixels of the planes as saved, read by a new handle */
	private List<Double> saved() {
		planes.close();
		planes = null;
		db.close();
		db = null;
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(path(), "s", 1)) {
			final java.util.ArrayList<Double> out = new java.util.ArrayList<>();
			for (int i = 0; i < s.size(); i++)
				out.add(AbstractImageStackTest.at(s.get(i), 0, 0));
			return out;
		}
	}

	@Test
	void aSaveThatFailsBeforeItsCommitKeepsEveryChangeAndTheNextSaveStoresThem() {
		final PagedPlanes p = create(1 << 20);
		p.insert(0, AbstractImageStackTest.constant(1, 8, 8));
		p.save();
		p.insert(0, AbstractImageStackTest.constant(2, 8, 8)); // a new plane, in front
		p.insert(2, AbstractImageStackTest.constant(3, 8, 8));
		failOnce.add("commit");
		assertEquals("the disk is full (commit)", assertThrows(StorageException.class, p::save).getMessage());
		assertTrue(p.hasChanges());
		p.save();
		assertEquals(List.of(2.0, 1.0, 3.0), saved());
	}

	@Test
	void whenUndoingAFailedSaveFailsTooTheSavesErrorIsReported() {
		final PagedPlanes p = create(1 << 20);
		p.insert(0, AbstractImageStackTest.constant(1, 8, 8));
		failOnce.add("commit");
		failOnce.add("rollbackTo");
		final StorageException e = assertThrows(StorageException.class, p::save);
		assertEquals("the disk is full (commit)", e.getMessage());
		assertEquals("the disk is full (rollbackTo)", e.getSuppressed()[0].getMessage());
	}

	@Test
	void aCellWhoseFirstWriteFailedIsWrittenByTheNextSave() {
		final PagedPlanes p = create(1 << 20);
		p.insert(0, AbstractImageStackTest.constant(4, 8, 8));
		failOnce.add("writeCell");
		assertThrows(StorageException.class, p::save);
		p.save();
		assertEquals(List.of(4.0), saved());
	}

	@Test
	void whenUndoingAFailedMapFailsTooTheMapsErrorIsReported() {
		final PagedPlanes p = create(1 << 20);
		p.insert(0, AbstractImageStackTest.constant(1, 8, 8));
		p.save();
		failOnce.add("rollbackTo");
		final IllegalStateException map = new IllegalStateException("the map failed");
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.atomically(() -> {
			throw map;
		}));
		assertSame(map, e);
		assertEquals("the disk is full (rollbackTo)", e.getSuppressed()[0].getMessage());
	}

	@Test
	void whenDroppingAFailedImagesCellsFailsTooTheImagesErrorIsReported() {
		final PagedPlanes p = create(256 << 10); // one 256 x 256 float32 cell: each is written as it is made
		final RandomAccessibleInterval<FloatType> failing = Views.interval(new FunctionRandomAccessible<>(2, (pos,
			t) -> {
			if (pos.getLongPosition(0) > 300 && pos.getLongPosition(1) > 300) throw new IllegalStateException(
				"unreadable");
			t.set(0.5f);
		}, FloatType::new), new long[] { 0, 0 }, new long[] { 511, 511 });
		failOnce.add("deletePlane");
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.insert(0, failing));
		assertEquals("unreadable", e.getMessage());
		assertEquals("the disk is full (deletePlane)", e.getSuppressed()[0].getMessage());
		assertEquals(0, p.size());
	}

	/** The real store, failing once where {@link #failOnce} says. */
	private final class Failing implements StackCells {

		private final StackCells real;

		Failing(final StackCells real) {
			this.real = real;
		}

		@Override
		public List<PlaneRow> planes() {
			return real.planes();
		}

		@Override
		public long newPlaneId() {
			return real.newPlaneId();
		}

		@Override
		public void insertPlane(final PlaneRow plane) {
			real.insertPlane(plane);
		}

		@Override
		public Object readCell(final CellKey key, final PixelType type, final int pixels) {
			return real.readCell(key, type, pixels);
		}

		@Override
		public Object[] readLegacyPlane(final long planeId, final PixelType type, final CellGrid grid,
			final String where)
		{
			return real.readLegacyPlane(planeId, type, grid, where);
		}

		@Override
		public void writeCell(final CellKey key, final PixelType type, final Object array, final Compression codec,
			final boolean exists)
		{
			fails("writeCell");
			real.writeCell(key, type, array, codec, exists);
		}

		@Override
		public void markCells(final long planeId, final int[] cellDims) {
			real.markCells(planeId, cellDims);
		}

		@Override
		public void setPos(final long planeId, final long pos) {
			real.setPos(planeId, pos);
		}

		@Override
		public void deletePlane(final long planeId) {
			fails("deletePlane");
			real.deletePlane(planeId);
		}

		@Override
		public Object savepoint() {
			return real.savepoint();
		}

		@Override
		public void rollbackTo(final Object savepoint) {
			fails("rollbackTo");
			real.rollbackTo(savepoint);
		}

		@Override
		public void recordSave(final PixelType type, final int planeCount, final Compression codec, final long version) {
			real.recordSave(type, planeCount, codec, version);
		}

		@Override
		public void checkSave(final long version) {
			real.checkSave(version);
		}

		@Override
		public void commit() {
			fails("commit");
			real.commit();
		}

		@Override
		public void saved(final long version) {
			real.saved(version);
		}

		@Override
		public void rollback() {
			real.rollback();
		}

		@Override
		public StackRecord reload() {
			return real.reload();
		}

		@Override
		public void close() {
			real.close();
		}
	}
}
