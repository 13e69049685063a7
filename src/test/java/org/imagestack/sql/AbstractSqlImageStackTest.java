package org.imagestack.sql;

import org.imagestack.HeapWatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ImageStack;
import org.imagestack.NoSuchStackException;
import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.io.StackFiles;
import org.imagestack.sql.store.Database;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The shared suite on the database stack, and what only a database stack does: persistence, paging, transactions;
 * run against every store (as N5's AbstractN5Test): a subclass only says where a fresh database is.
 */
public abstract class AbstractSqlImageStackTest extends AbstractImageStackTest {

	@TempDir
	Path dir;

	private final AtomicInteger counter = new AtomicInteger();
	private String db;

	/** @return the location (file path or URL) of a new, empty database of the store under test */
	protected abstract String newDatabase() throws Exception;

	/** @return how a stack's {@code toString()} names database {@code db} */
	protected String shown(final String db) {
		return db;
	}

	@BeforeEach
	void freshDatabase() throws Exception {
		db = newDatabase();
	}

	/** @return this test's database */
	protected final String db() {
		return db;
	}

	/** @return bytes of cell data stored in a database (as stored: compressed or not) */
	static long storedBytes(final String db) throws Exception {
		try (Database h = DatabaseAddress.of(db).open(false); java.sql.Statement st = h.connection().createStatement();
			java.sql.ResultSet rs = st.executeQuery("SELECT SUM(OCTET_LENGTH(DATA)) FROM CELLS"))
		{
			rs.next();
			return rs.getLong(1);
		}
	}

	@Override
	protected ImageStack createStack(final PixelType type) {
		// a budget of 200 bytes: the suite's 5x4 planes page through the database all the time
		return SqlImageStack.create(db(), "suite-" + counter.incrementAndGet(), type, 200 / 1024.0 / 1024.0);
	}

	@Override
	public void checkpoint(final ImageStack s) {
		((SqlImageStack) s).saveState();
	}

	@Test
	void savedStacksReopenBitExact() {
		final String[] expected = new String[6];
		try (SqlImageStack s = SqlImageStack.create(db(), "specimen", "uint16", 1)) {
			for (int i = 0; i < 6; i++)
				s.addImage(ramp(i * 40, 64, 48));
			for (int i = 0; i < 6; i++)
				expected[i] = pixels(s.get(i));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "specimen")) {
			assertEquals(6, r.size());
			assertEquals(PixelType.UINT16, r.pixelType());
			for (int i = 0; i < 6; i++)
				assertEquals(expected[i], pixels(r.get(i)), "plane " + i);
			assertEquals(6L * 64 * 48 * 2, r.nbytes());
			assertTrue(r.toString().contains("stack 'specimen' in " + shown(db())), r.toString());
		}
	}

	@Test
	void closeWithoutSavingKeepsTheLastSavedState() {
		try (SqlImageStack s = SqlImageStack.create(db(), "a", PixelType.UINT8, 1)) {
			s.addImage(ramp(1, 8, 8));
			s.saveState();
			s.addImage(ramp(2, 8, 8));
			s.set(0, ramp(3, 8, 8));
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "a")) {
			assertEquals(1, r.size());
			assertEquals(1, at(r.get(0), 0, 0));
		}
	}

	@Test
	void reloadDiscardsUnsavedChanges() {
		try (SqlImageStack s = SqlImageStack.create(db(), "r", PixelType.FLOAT32, 1)) {
			s.addImage(constant(0.5f, 4, 4));
			s.saveState();
			s.addImage(constant(0.25f, 4, 4));
			s.changeType(PixelType.UINT8);
			s.removeImage(0);
			s.reload();
			assertEquals(1, s.size());
			assertEquals(PixelType.FLOAT32, s.pixelType());
			assertEquals(0.5, at(s.get(0), 3, 3));
		}
	}

	@Test
	void emptyStacksReopen() {
		SqlImageStack.create(db(), "empty", PixelType.INT32, 1).close();
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "empty")) {
			assertEquals(0, r.size());
			assertEquals(PixelType.INT32, r.pixelType());
		}
	}

	@Test
	void namesAreDataAndListed() {
		final String[] names = { "it's", "a;b", "DROP TABLE STACKS; --", "Probe \u00e9\u4e2d", "x\"y" };
		for (final String n : names)
			SqlImageStack.create(db(), n, PixelType.UINT8, 1).close();
		assertEquals(List.of(names), SqlImageStack.stackNames(db()));
		final IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> SqlImageStack
			.create(db(), "a;b", PixelType.UINT8, 1));
		assertTrue(taken.getMessage().contains("'a;b' already exists"), taken.getMessage());
		SqlImageStack.deleteStack(db(), "it's");
		assertEquals(4, SqlImageStack.stackNames(db()).size());
		final NoSuchStackException missing = assertThrows(NoSuchStackException.class, () -> SqlImageStack
			.loadFromDatabase(db(), "nope"));
		assertTrue(missing.getMessage().contains("No stack named 'nope'"), missing.getMessage());
		assertTrue(missing.getMessage().contains("a;b, DROP TABLE STACKS; --"), missing.getMessage());
		assertThrows(NoSuchStackException.class, () -> SqlImageStack.deleteStack(db(), "nope"));
	}

	@Test
	void copyIsMadeInsideTheDatabase() {
		try (SqlImageStack s = SqlImageStack.create(db(), "orig", PixelType.UINT8, 1)) {
			s.addImage(ramp(5, 16, 16));
			s.addImage(ramp(6, 16, 16));
			try (SqlImageStack c = s.copy("dup")) {
				assertEquals(2, c.size());
				assertEquals(pixels(s.get(1)), pixels(c.get(1)));
				c.removeImage(0);
				c.saveState();
			}
			assertEquals(2, s.size());
		}
		assertEquals(List.of("orig", "dup"), SqlImageStack.stackNames(db()));
		try (SqlImageStack d = SqlImageStack.loadFromDatabase(db(), "dup")) {
			assertEquals(1, d.size());
		}
	}

	@Test
	void heapHoldsAtMostTheBudgetPlusOnePlane() {
		// measured by the JVM: the live heap after full collections (HeapWatch, in MB), over what was live once the
		// stack was made (the database's own page cache and buffers included)
		final int w = 1024, h = 1024, n = 24;
		final long planeMb = 4L * w * h / 1_000_000; // float32: 4 MB, 100 MB for the stack
		final double budgetMb = 3.5 * 4 * w * h / 1024 / 1024; // 14.7 MB
		// the budget, the plane in hand, the cells that left the budget and wait for a second collection (a plane),
		// and the databases' buffers filling
		final long allowedMb = Math.round(budgetMb) + 2 * planeMb + 10;
		long peak = 0;
		try (SqlImageStack s = SqlImageStack.create(db(), "budget", PixelType.FLOAT32, budgetMb)) {
			final long before = HeapWatch.sample();
			for (int i = 0; i < n; i++) {
				s.addImage(ramp(i, w, h));
				if (i % 4 == 3) peak = Math.max(peak, HeapWatch.sample() - before);
			}
			s.executeFunction(img -> img, true);
			peak = Math.max(peak, HeapWatch.sample() - before);
			s.changeType(PixelType.UINT16);
			peak = Math.max(peak, HeapWatch.sample() - before);
			s.saveState();
			for (int i = 0; i < n; i++) {
				final Img<? extends RealType<?>> expected = DtypeConversion.convert(DtypeConversion.convert(ramp(i, w,
					h), PixelType.FLOAT32), PixelType.UINT16);
				final Img<? extends RealType<?>> plane = s.get(i);
				double sum = 0;
				for (final RealType<?> t : plane) // every cell read, through the stack's cache
					sum += t.getRealDouble();
				assertTrue(sum > 0, "plane " + i + " read");
				for (long k = 0; k < (long) w * h; k += 997)
					assertEquals(at(expected, k % w, k / w), at(plane, k % w, k / w), "plane " + i + ", pixel " + k);
				if (i % 4 == 3) peak = Math.max(peak, HeapWatch.sample() - before);
			}
		}
		System.out.println(getClass().getSimpleName() + ": live heap over the start, at most " + peak + " MB for a " +
			"14.7 MB budget (allowed " + allowedMb + " MB)");
		if (!databaseHeapInThisJvm()) assertTrue(peak <= allowedMb, "the live heap grew by " + peak + " MB with a " +
			"stack of " + n * planeMb + " MB and a budget of 3.5 planes of 4 MB (allowed: " + allowedMb + " MB)");
	}

	/**
	 * @return whether the database server keeps its data in this JVM's heap (the H2 server of the tests: an open
	 *         transaction's pages stay on its heap, measured 82 MB for this 64 MB stack), so that the live heap
	 *         does not tell what the stack holds
	 */
	protected boolean databaseHeapInThisJvm() {
		return false;
	}

	@Test
	void failingOperationsChangeNothing() {
		try (SqlImageStack s = SqlImageStack.create(db(), "atomic", PixelType.FLOAT32, 0.001)) {
			for (int i = 0; i < 5; i++)
				s.addImage(constant(0.1f * i, 20, 20));
			s.addImage(constant(7f, 20, 20)); // not convertible to an integer type
			final String before = pixels(s.get(0)) + pixels(s.get(4));
			assertThrows(IllegalArgumentException.class, () -> s.changeType(PixelType.UINT8));
			assertEquals(PixelType.FLOAT32, s.pixelType());
			final AtomicInteger calls = new AtomicInteger();
			assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
				if (calls.incrementAndGet() == 4) throw new IllegalStateException("fails on plane 4");
				for (final RealType<?> t : img)
					t.setReal(0);
				return img;
			}));
			assertEquals(before, pixels(s.get(0)) + pixels(s.get(4)), "planes 0-2 were rolled back too");
			assertEquals(6, s.size());
		}
	}

	@Test
	void lazyViewReadsAndWritesThroughTheCache() {
		try (SqlImageStack s = SqlImageStack.create(db(), "view", PixelType.UINT8, 0.0001)) {
			for (int i = 0; i < 5; i++)
				s.addImage(ramp(i, 10, 10));
			final Img<? extends RealType<?>> view = s.asImg();
			assertArrayEquals(new long[] { 10, 10, 5 }, net.imglib2.util.Intervals.dimensionsAsLongArray(view));
			assertEquals((3 + 7 * 4 + 13 * 2) % 256, view.getAt(4, 2, 3).getRealDouble());
			final Cursor<? extends RealType<?>> c = view.localizingCursor();
			while (c.hasNext()) {
				c.fwd();
				if (c.getLongPosition(2) == 1) c.get().setReal(200);
			}
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "view")) {
			assertEquals(200, at(r.get(1), 9, 9));
			assertEquals((2 + 7 * 9 + 13 * 9) % 256, at(r.get(2), 9, 9));
		}
	}

	@Test
	void fromPathsIsAllOrNothing() throws Exception {
		final Path good = dir.resolve("a.tif");
		org.imagestack.io.ImageFiles.write(good, ramp(0, 12, 10));
		final Path bad = dir.resolve("b.png");
		Files.write(bad, "not an image".getBytes());
		final java.io.IOException e = assertThrows(java.io.IOException.class, () -> StackFiles.fromPaths(List.of(
			good.toString(), bad.toString()), db(), "files", "float32", 1, false));
		assertTrue(e.getMessage().contains("b.png"), e.getMessage());
		assertEquals(List.of(), SqlImageStack.stackNames(db()), "no stack is left behind");
		try (SqlImageStack s = StackFiles.fromPaths(List.of(good, good), db(), "files", "uint8", 1, false)) {
			assertEquals(2, s.size());
			assertEquals(pixels(ramp(0, 12, 10)), pixels(s.get(1)));
		}
	}

	@Test
	void defaultBudgetIsAQuarterOfTheHeap() {
		try (SqlImageStack s = SqlImageStack.create(db(), "d", "uint8")) {
			assertEquals(Runtime.getRuntime().maxMemory() / 4 / 1024.0 / 1024.0, s.maxSizeMb(), 1e-6);
		}
	}

	@Test
	void compressionIsPerStackAndLossless() throws Exception {
		final String[] expected = new String[4];
		final long[] sizes = new long[2];
		for (final boolean compress : new boolean[] { false, true }) {
			final String db = compress ? newDatabase() : db();
			try (SqlImageStack s = SqlImageStack.create(db, "masks", PixelType.UINT16, 1)) {
				s.setCompressed(compress);
				for (int i = 0; i < 4; i++) {
					// mostly uniform planes with a ramp stripe: compressible, as masks are
					final Img<? extends RealType<?>> p = DtypeConversion.convert(ramp(i, 512, 512), PixelType.UINT16);
					final Cursor<? extends RealType<?>> c = p.localizingCursor();
					while (c.hasNext())
						if (c.next() != null && c.getLongPosition(1) > 16) c.get().setReal(0);
					s.addImage(p);
					expected[i] = pixels(p);
				}
				s.saveState();
			}
			try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "masks")) {
				assertEquals(compress, r.isCompressed());
				for (int i = 0; i < 4; i++)
					assertEquals(expected[i], pixels(r.get(i)));
			}
			sizes[compress ? 1 : 0] = storedBytes(db);
		}
		assertTrue(sizes[1] < sizes[0] / 4, "compressed file " + sizes[1] + " vs " + sizes[0]);
	}

	/**
	 * A photograph-like plane: a smooth shading plus sensor noise (a uniform +-8), as the crack photographs are: LZ4
	 * barely shrinks it, Zstandard after the difference filter does.
	 */
	static Img<? extends RealType<?>> photograph(final int seed, final PixelType type, final int w, final int h) {
		final java.util.Random random = new java.util.Random(seed);
		final int[] v = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				v[y * w + x] = (int) (100 + 40 * Math.sin(x / 90.0 + seed) + 50 * Math.cos(y / 70.0)) + random.nextInt(17) -
					8;
		if (type == PixelType.UINT8) {
			final byte[] b = new byte[v.length];
			for (int i = 0; i < v.length; i++)
				b[i] = (byte) v[i];
			return net.imglib2.img.array.ArrayImgs.unsignedBytes(b, w, h);
		}
		final short[] b = new short[v.length];
		for (int i = 0; i < v.length; i++)
			b[i] = (short) (v[i] * 200);
		return net.imglib2.img.array.ArrayImgs.unsignedShorts(b, w, h);
	}

	@Test
	void everyCodecIsChosenAtCreationRecordedAndLossless() throws Exception {
		final long[] sizes = new long[org.imagestack.Compression.values().length];
		for (final org.imagestack.Compression codec : org.imagestack.Compression.values()) {
			final String db = newDatabase();
			final String[] expected = new String[3];
			try (SqlImageStack s = SqlImageStack.create(db, "photos", PixelType.UINT8, 1, codec)) {
				assertEquals(codec, s.compression());
				for (int i = 0; i < 3; i++) {
					final Img<? extends RealType<?>> p = photograph(i, PixelType.UINT8, 700, 600); // cells cut at borders
					s.addImage(p);
					expected[i] = pixels(p);
				}
				s.saveState();
			}
			try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "photos", 1)) {
				assertEquals(codec, r.compression(), "the codec is recorded with the stack");
				for (int i = 0; i < 3; i++)
					assertEquals(expected[i], pixels(r.get(i)), codec + " plane " + i);
			}
			sizes[codec.ordinal()] = storedBytes(db);
		}
		final long raw = sizes[org.imagestack.Compression.NONE.ordinal()];
		assertEquals(3L * 700 * 600, raw);
		assertTrue(sizes[org.imagestack.Compression.ZSTD.ordinal()] < raw * 0.65, "zstd stores " + sizes[
			org.imagestack.Compression.ZSTD.ordinal()] + " of " + raw + " bytes");
		assertTrue(sizes[org.imagestack.Compression.LZ4.ordinal()] <= raw, "lz4 never stores more than the data");
	}

	@Test
	void cellsOfEveryCodecReadBackAfterTheStacksCodecChanges() throws Exception {
		final String[] expected = new String[4];
		final org.imagestack.Compression[] order = { org.imagestack.Compression.LZ4, org.imagestack.Compression.ZSTD,
			org.imagestack.Compression.DEFLATE, org.imagestack.Compression.NONE };
		try (SqlImageStack s = SqlImageStack.create(db(), "mixed", PixelType.UINT16, 1, order[0])) {
			for (int i = 0; i < 4; i++) {
				s.setCompression(order[i]);
				final Img<? extends RealType<?>> p = photograph(i, PixelType.UINT16, 300, 700);
				s.addImage(p);
				expected[i] = pixels(p);
				s.saveState();
			}
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "mixed", 1)) {
			assertEquals(org.imagestack.Compression.NONE, r.compression());
			for (int i = 0; i < 4; i++)
				assertEquals(expected[i], pixels(r.get(i)), "plane " + i + ", stored " + order[i]);
		}
	}

	@Test
	void aFlippedBitInACompressedCellIsDamageNeverOtherPixels() throws Exception {
		for (final org.imagestack.Compression codec : new org.imagestack.Compression[] { org.imagestack.Compression.LZ4,
			org.imagestack.Compression.ZSTD, org.imagestack.Compression.DEFLATE })
			for (final int at : new int[] { 0, 1, 7, -1 }) { // the codec's mark, the filter, the frame's head, the middle
				final String db = newDatabase();
				final Img<? extends RealType<?>> p = DtypeConversion.convert(ramp(3, 512, 512), PixelType.UINT8); // a ramp:
				// every codec compresses it
				try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1, codec)) {
					s.addImage(p);
					s.saveState();
				}
				try (Database h = DatabaseAddress.of(db).open(false)) {
					final java.sql.Connection c = h.connection();
					final byte[] data;
					try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
						"SELECT DATA, COMPRESSED FROM CELLS"))
					{
						assertTrue(rs.next());
						data = rs.getBytes(1);
						assertTrue(rs.getBoolean(2), codec + " stored the ramp compressed");
					}
					final int i = at >= 0 ? at : data.length / 2;
					data[i] ^= 0x10;
					try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE CELLS SET DATA = ?")) {
						ps.setBytes(1, data);
						ps.executeUpdate();
					}
					c.commit();
				}
				try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "s", 1)) {
					final org.imagestack.CorruptDatabaseException e = assertThrows(
						org.imagestack.CorruptDatabaseException.class, () -> pixels(r.get(0)), codec + " byte " + at);
					assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
				}
			}
	}
}
