package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ConcurrentSaveException;
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.Planes;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackDatabase;
import org.imagestack.sql.cells.CellShape;
import org.imagestack.stack.AbstractImageStackTest;

/** The cells of a database stack: shapes, round trips, lazy reads, replaced planes, files of version 1. */
class CellStoreTest {

	@TempDir
	Path dir;

	String db() {
		return dir.resolve("cells").toString();
	}

	@Test
	void cellsAreAtMost256KiBAndPowersOfTwo() {
		assertEquals("256,256", CellShape.text(CellShape.cellDims(PixelType.FLOAT32, new long[] { 2048, 2048 },
			CellShape.DEFAULT_CELL_BYTES)));
		assertEquals("512,512", CellShape.text(CellShape.cellDims(PixelType.UINT8, new long[] { 2048, 2048 },
			CellShape.DEFAULT_CELL_BYTES)));
		assertEquals("512,256", CellShape.text(CellShape.cellDims(PixelType.UINT16, new long[] { 2048, 2048 },
			CellShape.DEFAULT_CELL_BYTES)));
		assertEquals("256,128", CellShape.text(CellShape.cellDims(PixelType.FLOAT64, new long[] { 2048, 2048 },
			CellShape.DEFAULT_CELL_BYTES)));
		assertEquals("256,256,3", CellShape.text(CellShape.cellDims(PixelType.UINT8, new long[] { 2048, 2048, 3 },
			CellShape.DEFAULT_CELL_BYTES)));
		assertEquals("100,7", CellShape.text(CellShape.cellDims(PixelType.FLOAT32, new long[] { 100, 7 },
			CellShape.DEFAULT_CELL_BYTES)), "no larger than the plane");
	}

	@Test
	void everyTypeRoundTripsThroughCellsWithAndWithoutCompression() {
		for (final boolean compress : new boolean[] { false, true })
			for (final PixelType type : PixelType.values()) {
				final String name = type + "-" + compress;
				// 700 x 300 crosses cell borders for every type; values spread over the type's range
				final Img<? extends RealType<?>> plane = DtypeConversion.convert(AbstractImageStackTest.ramp(3, 700, 300),
					type);
				try (SqlImageStack s = SqlImageStack.create(db(), name, type, 1)) {
					s.setCompressed(compress);
					s.addImage(plane);
					s.saveState();
				}
				try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), name, 1)) {
					assertEquals(AbstractImageStackTest.pixels(plane), AbstractImageStackTest.pixels(r.get(0)), name);
				}
			}
	}

	@Test
	void readingARegionLoadsOnlyTheCellsItCrosses() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 64)) {
			s.addImage(AbstractImageStackTest.ramp(1, 2048, 2048));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 64)) {
			final Img<? extends RealType<?>> p = r.get(0);
			assertEquals(0, r.cachedBytes(), "handing a plane out reads nothing");
			double sum = 0;
			for (final RealType<?> t : Views.interval(p, new long[] { 300, 300 }, new long[] { 400, 400 }))
				sum += t.getRealDouble();
			assertTrue(sum > 0);
			assertEquals(256 * 256 * 4, r.cachedBytes(), "one 256 x 256 float32 cell");
		}
	}

	@Test
	void copyingAWholePlaneReadsWhatTheCacheDoesNotHoldWithoutKeepingIt() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 64)) {
			s.addImage(AbstractImageStackTest.ramp(1, 700, 600));
			s.addImage(AbstractImageStackTest.ramp(2, 700, 600));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 64)) {
			final Img<? extends RealType<?>> p = r.get(1);
			p.randomAccess().setPositionAndGet(new long[] { 699, 599 }).setReal(-5); // a changed cell, held
			final long held = r.cachedBytes();
			final float[] flat = (float[]) Planes.storage(Planes.asArrayImg(p));
			assertEquals(700 * 600, flat.length);
			assertEquals(-5, flat[flat.length - 1], "the held (changed) cell is the one copied");
			assertEquals(AbstractImageStackTest.at(DtypeConversion.convert(AbstractImageStackTest.ramp(2, 700, 600),
				PixelType.FLOAT32), 300, 300), flat[300 * 700 + 300]);
			assertEquals(held, r.cachedBytes(), "the cells read for the copy are not kept");
			assertEquals(AbstractImageStackTest.pixels(p), AbstractImageStackTest.pixels(Planes.arrayPlane(p)));
		}
	}

	@Test
	void cellsChangedSinceTheSaveAreReadFromTheTransactionTheOthersAsCommitted() throws Exception {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 0.25)) { // one 256 x 256 cell
			s.addImage(AbstractImageStackTest.constant(1, 512, 512));
			s.saveState();
			s.get(0).randomAccess().setPositionAndGet(new long[] { 0, 0 }).setReal(5);
			// cell 0 leaves the budget, is written into the open transaction, and its pixels leave the heap: the 5
			// read next can only come from the transaction
			forget(s, cellArray(s, 0), "cell 0 of plane 0, changed");
			assertEquals(5, AbstractImageStackTest.at(s.get(0), 0, 0), "the unsaved change, not the saved value");
			assertEquals(1, AbstractImageStackTest.at(s.get(0), 300, 300), "an unchanged cell as saved");
			s.addImage(AbstractImageStackTest.constant(2, 512, 512)); // only in the open transaction
			forget(s, cellArray(s, 1), "cell 0 of the plane added");
			assertEquals(2, AbstractImageStackTest.at(s.get(1), 10, 10));
			s.reload();
			assertEquals(1, s.size());
			assertEquals(1, AbstractImageStackTest.at(s.get(0), 0, 0), "back to the saved value");
			s.get(0).randomAccess().setPositionAndGet(new long[] { 0, 0 }).setReal(7);
			final WeakReference<Object> seven = cellArray(s, 0);
			s.saveState();
			forget(s, seven, "cell 0 of plane 0, saved");
			assertEquals(7, AbstractImageStackTest.at(s.get(0), 0, 0), "the new saved value");
		}
	}

	/**
	 * @return the pixel array of the first cell of plane {@code index} as the stack holds it now, weakly (made in a
	 *         method of its own, so that no variable of the test's frame keeps the cell)
	 */
	private static WeakReference<Object> cellArray(final SqlImageStack s, final int index) {
		final LazyCellImg<?, ?> plane = (LazyCellImg<?, ?>) s.get(index);
		final Cell<?> c = plane.getCells().randomAccess().setPositionAndGet(0, 0);
		return new WeakReference<>(((ArrayDataAccess<?>) c.getData()).getCurrentStorageArray());
	}

	/**
	 * Reads the last cell of plane 0 (pushing the others out), then collects until the array {@code array} is gone
	 * from the heap (at most 20 s): its cell was collected and forgotten by the cache.
	 */
	private static void forget(final SqlImageStack s, final WeakReference<Object> array, final String what)
		throws InterruptedException
	{
		AbstractImageStackTest.at(s.get(0), 511, 511);
		final long end = System.nanoTime() + 20_000_000_000L;
		while (array.get() != null) {
			assertTrue(System.nanoTime() < end, what + ": its pixels are still on the heap after 20 s");
			System.gc();
			Thread.sleep(10);
		}
	}

	@Test
	void anImageThatFailsHalfWayAddsNothingEvenWhenSomeOfItsCellsWereWritten() {
		// 512 x 512 float32: four cells; reading the image fails in the last one, after the first ones were written
		final net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> failing = Views.interval(
			new net.imglib2.position.FunctionRandomAccessible<>(2, (pos, t) -> {
				if (pos.getLongPosition(0) > 300 && pos.getLongPosition(1) > 300) throw new IllegalStateException(
					"unreadable");
				t.set(0.5f);
			}, net.imglib2.type.numeric.real.FloatType::new), new long[] { 0, 0 }, new long[] { 511, 511 });
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 0.25)) { // one cell
			s.addImage(AbstractImageStackTest.constant(1, 512, 512));
			s.saveState();
			assertThrows(IllegalStateException.class, () -> s.addImage(failing));
			assertEquals(1, s.size());
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(1, r.size(), "no half-written plane was saved");
			assertEquals(1, AbstractImageStackTest.at(r.get(0), 400, 400));
		}
	}

	@Test
	void planesLargerThanTheBudgetKeepTheirOrder() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 0.25)) { // one cell of four
			for (int i = 1; i <= 3; i++)
				s.addImage(AbstractImageStackTest.constant(i, 512, 512));
			s.add(1, AbstractImageStackTest.constant(9, 512, 512));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(List.of(1.0, 9.0, 2.0, 3.0), List.of(AbstractImageStackTest.at(r.get(0), 500, 500),
				AbstractImageStackTest.at(r.get(1), 500, 500), AbstractImageStackTest.at(r.get(2), 500, 500),
				AbstractImageStackTest.at(r.get(3), 500, 500)));
		}
	}

	@Test
	void aReplacedPlaneKeepsItsPixelsForWhoeverHoldsIt() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[] { 1, 2, 3, 4 }, 2, 2));
			s.saveState();
			final Img<? extends RealType<?>> before = s.get(0);
			final Img<? extends RealType<?>> old = s.set(0, ArrayImgs.unsignedBytes(new byte[] { 9, 9, 9, 9 }, 2, 2));
			assertEquals("1.0,2.0,3.0,4.0,", AbstractImageStackTest.pixels(old));
			assertEquals("1.0,2.0,3.0,4.0,", AbstractImageStackTest.pixels(before));
			assertEquals("9.0,9.0,9.0,9.0,", AbstractImageStackTest.pixels(s.get(0)));
			s.get(0).firstElement().setReal(7); // in place: the stack's plane itself
			assertEquals(7, AbstractImageStackTest.at(s.get(0), 0, 0));
			assertTrue(s.hasUnsavedChanges());
			s.saveState();
			assertFalse(s.hasUnsavedChanges());
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals("7.0,9.0,9.0,9.0,", AbstractImageStackTest.pixels(r.get(0)));
		}
	}

	/**
	 * Reading changes nothing: while a stack is open and its plane is read, the file's bytes stay the bytes it had
	 * before. (Closing may rewrite it: H2 compacts on close.)
	 */
	@Test
	void readingChangesNoByteOfTheFile() throws Exception {
		final Path file = Path.of(db() + ".mv.db");
		try (SqlImageStack s = SqlImageStack.create(db(), "now", PixelType.UINT16, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 300, 200));
			s.saveState();
		}
		final byte[] now = Files.readAllBytes(file);
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "now", 1)) {
			assertEquals(AbstractImageStackTest.pixels(DtypeConversion.convert(AbstractImageStackTest.ramp(1, 300, 200),
				PixelType.UINT16)), AbstractImageStackTest.pixels(r.get(0)));
			assertArrayEquals(now, Files.readAllBytes(file), "reading a stack of this version changed its file");
		}
	}

	/**
	 * As {@link #readingChangesNoByteOfTheFile}, for a file of version 1 made by plain H2 (WRITE_DELAY 500): it wrote
	 * 139264 -> 151552 bytes while open: H2 stores at once what its open changed when the URL says WRITE_DELAY=0. H2 still appends a chunk when
	 * a writable connection closes (measured with plain H2: every writable open and close of a file does).
	 */
	@Test
	void readingChangesNoByteOfAVersion1File() throws Exception {
		final short[] px = new short[300 * 200];
		Arrays.fill(px, (short) 3);
		final String old = dir.resolve("v1").toString();
		writeVersion1(old, "old", 300, 200, px);
		final byte[] before = Files.readAllBytes(Path.of(old + ".mv.db"));
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(old, "old", 1)) {
			assertEquals(3, AbstractImageStackTest.at(r.get(0), 299, 199));
			assertArrayEquals(before, Files.readAllBytes(Path.of(old + ".mv.db")), "reading a version 1 file " +
				"changed it");
		}
	}

	/** A file opened without WRITE_DELAY=0 in its URL (so that opening writes nothing) gets it at its first write. */
	@Test
	void writingToAnExistingFileCommitsAtOnce() throws Exception {
		writeVersion1(db(), "s", 1, 1, new short[] { 1 }); // by plain H2, closed
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.addImage(ArrayImgs.unsignedShorts(new short[] { 1 }, 1, 1));
			s.saveState();
			// joins the database open in this JVM (by the name H2 knows it by)
			try (Connection c = DriverManager.getConnection("jdbc:h2:smallwrites:retry:noted:" + Path.of(db()).toAbsolutePath(), "sa", "");
				Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT SETTING_VALUE " +
					"FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'"))
			{
				assertTrue(rs.next());
				assertEquals("0", rs.getString(1).trim(), "H2's write delay once the stack writes");
			}
		}
	}

	@Test
	void aFileOfVersion1IsReadAndUpgradedToCellsOnItsFirstWrite() throws Exception {
		final int w = 600, h = 300;
		final short[] px = new short[w * h];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 7);
		writeVersion1(db(), "old", w, h, px);
		final byte[] before = Files.readAllBytes(Path.of(db() + ".mv.db"));
		assertEquals(List.of("old"), SqlImageStack.stackNames(db()));
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			assertEquals(PixelType.UINT16, r.pixelType());
			assertEquals(AbstractImageStackTest.pixels(ArrayImgs.unsignedShorts(px, w, h)), AbstractImageStackTest
				.pixels(r.get(0)));
		}
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db(), "sa", "");
			Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
				"SELECT VERSION FROM IMAGESTACK_SCHEMA"))
		{
			rs.next();
			assertEquals(1, rs.getInt(1), "reading changed nothing");
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			r.get(0).firstElement().setReal(5); // an old plane changed in place: rewritten as cells
			r.addImage(ArrayImgs.unsignedShorts(new short[] { 1, 2 }, 2, 1));
			r.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			px[0] = 5;
			assertEquals(AbstractImageStackTest.pixels(ArrayImgs.unsignedShorts(px, w, h)), AbstractImageStackTest
				.pixels(r.get(0)));
			assertEquals("1.0,2.0,", AbstractImageStackTest.pixels(r.get(1)));
		}
	}

	/** Writes a database as ImageStack-H2 0.1 did: schema version 1, one little-endian BLOB per plane with CRC-32. */
	static void writeVersion1(final String db, final String name, final int w, final int h, final short[] px)
		throws Exception
	{
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "");
			Statement st = c.createStatement())
		{
			st.execute("CREATE TABLE IMAGESTACK_SCHEMA(VERSION INT NOT NULL)");
			st.execute("INSERT INTO IMAGESTACK_SCHEMA VALUES(1)");
			st.execute("CREATE TABLE STACKS(ID BIGINT AUTO_INCREMENT PRIMARY KEY, NAME VARCHAR NOT NULL UNIQUE, " +
				"PIXEL_TYPE VARCHAR(16) NOT NULL, PLANE_COUNT INT NOT NULL, COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, " +
				"CREATED TIMESTAMP NOT NULL, MODIFIED TIMESTAMP NOT NULL, METADATA VARCHAR)");
			st.execute("CREATE TABLE PLANES(STACK_ID BIGINT NOT NULL REFERENCES STACKS(ID) ON DELETE CASCADE, " +
				"PLANE_ID BIGINT NOT NULL, POS BIGINT NOT NULL, DIMS VARCHAR(64) NOT NULL, PIXEL_TYPE VARCHAR(16) NOT " +
				"NULL, NBYTES BIGINT NOT NULL, CRC BIGINT NOT NULL, COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, " +
				"DATA BLOB NOT NULL, PRIMARY KEY(STACK_ID, PLANE_ID))");
			st.execute("CREATE INDEX PLANES_ORDER ON PLANES(STACK_ID, POS)");
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO STACKS(NAME, PIXEL_TYPE, PLANE_COUNT, " +
				"CREATED, MODIFIED) VALUES(?, 'uint16', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
			{
				ps.setString(1, name);
				ps.executeUpdate();
			}
			final ByteBuffer b = ByteBuffer.allocate(px.length * 2).order(ByteOrder.LITTLE_ENDIAN);
			b.asShortBuffer().put(px);
			final CRC32 crc = new CRC32();
			crc.update(b.array());
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO PLANES VALUES((SELECT ID FROM STACKS), 1, " +
				"1048576, ?, 'uint16', ?, ?, FALSE, ?)"))
			{
				ps.setString(1, w + "," + h);
				ps.setLong(2, px.length * 2L);
				ps.setLong(3, crc.getValue());
				ps.setBytes(4, b.array());
				ps.executeUpdate();
			}
		}
	}

	@Test
	void openingNeverCreatesADatabase() {
		final String missing = dir.resolve("no/such/folder/db").toString();
		assertThrows(NoSuchDatabaseException.class, () -> SqlImageStack.loadFromDatabase(missing, "s"));
		assertThrows(NoSuchDatabaseException.class, () -> SqlImageStack.stackNames(missing));
		assertThrows(NoSuchDatabaseException.class, () -> SqlImageStack.deleteStack(missing, "s"));
		assertThrows(NoSuchDatabaseException.class, () -> StackDatabase.compact(missing));
		assertFalse(Files.exists(dir.resolve("no")), "no file nor folder was made");
	}

	@Test
	void budgetsMustBeFiniteAndNotNegative() {
		for (final double bad : new double[] { Double.NaN, Double.POSITIVE_INFINITY, -1 })
			assertThrows(IllegalArgumentException.class, () -> SqlImageStack.create(db(), "b", PixelType.UINT8, bad));
		assertFalse(Files.exists(Path.of(db() + ".mv.db")), "a refused budget creates nothing");
		try (SqlImageStack s = SqlImageStack.create(db(), "b", PixelType.UINT8, 0)) {
			assertEquals(SqlImageStack.defaultBudgetMb(), s.maxSizeMb(), 1e-6);
			assertThrows(IllegalArgumentException.class, () -> s.setMaxSizeMb(Double.NaN));
		}
	}

	@Test
	void closingTwiceIsHarmlessAndAnyUseAfterIsRefused() {
		final SqlImageStack s = SqlImageStack.create(db(), "c", PixelType.UINT8, 1);
		s.close();
		s.close();
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.addImage(ArrayImgs
			.unsignedBytes(2, 2)));
		assertTrue(e.getMessage().contains("closed"), e.getMessage());
		assertThrows(IllegalStateException.class, s::size);
		assertThrows(IllegalStateException.class, () -> s.get(0));
		assertThrows(IllegalStateException.class, s::saveState);
		assertTrue(s.toString().contains("closed"));
	}

	@Test
	void aSecondHandleThatSavesAfterTheFirstIsRefusedAndLosesNothing() {
		SqlImageStack.create(db(), "s", PixelType.UINT8, 1).close();
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db(), "s", 1);
			SqlImageStack b = SqlImageStack.loadFromDatabase(db(), "s", 1))
		{
			a.addImage(ArrayImgs.unsignedBytes(new byte[] { 1 }, 1, 1));
			b.addImage(ArrayImgs.unsignedBytes(new byte[] { 2 }, 1, 1));
			a.saveState();
			final ConcurrentSaveException e = assertThrows(ConcurrentSaveException.class, b::saveState);
			assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("saved elsewhere"), e.getMessage());
			assertEquals(1, b.size(), "b's change is still there, unsaved");
			b.reload();
			assertEquals("1.0,", AbstractImageStackTest.pixels(b.get(0)));
			b.addImage(ArrayImgs.unsignedBytes(new byte[] { 2 }, 1, 1));
			b.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(2, r.size());
			assertEquals(1, AbstractImageStackTest.at(r.get(0), 0, 0));
			assertEquals(2, AbstractImageStackTest.at(r.get(1), 0, 0));
		}
	}
}
