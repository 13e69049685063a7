package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;
import org.imagestack.DatabaseLockedException;
import org.imagestack.PixelType;
import org.imagestack.convert.Planes;
import org.imagestack.sql.AddOne;
import org.imagestack.sql.HoldDatabase;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.StackDatabase;

/**
 * Compacting an H2 file in place: the space of replaced cells goes back to the file system, every byte saved reads
 * back the same, pages stay uncompressed (image data compresses well, so a compressed file would be smaller than
 * the data), and a file another process holds is refused and left as it is.
 */
class H2CompactionTest {

	private static final int ROWS = 160, BYTES = 256 << 10;

	@TempDir
	Path dir;

	/**
	 * A file whose 40 MB of cells were written twice: about twice the data. H2's own compaction on closing gets 1 ms
	 * (one round: it counts what the last writes freed, moves at most 16 MB), so most of the free space is left.
	 */
	private Path fragmented() throws Exception {
		final String url = "jdbc:h2:file:" + dir.resolve("f") + ";MAX_COMPACT_TIME=1";
		try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
			st.execute("CREATE TABLE T(ID INT PRIMARY KEY, D BLOB)");
			c.setAutoCommit(false);
			for (int round = 0; round < 2; round++) {
				try (PreparedStatement ps = c.prepareStatement("MERGE INTO T VALUES(?, ?)")) {
					for (int i = 0; i < ROWS; i++) {
						ps.setInt(1, i);
						ps.setBytes(2, cell(i, round));
						ps.executeUpdate();
					}
				}
				c.commit();
			}
		}
		return dir.resolve("f.mv.db");
	}

	/** Image-like float32 bytes: few distinct values, which LZF would shrink several times. */
	private static byte[] cell(final int i, final int round) {
		final ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (int k = 0; k < BYTES / 4; k++)
			b.putFloat((k % 512 + i * 7 + round) % 40 * 0.5f);
		return b.array();
	}

	@Test
	void givesReplacedSpaceBackWithoutCompressingOrChangingAByte() throws Exception {
		final Path file = fragmented();
		final double data = (double) ROWS * BYTES;
		final long before = Files.size(file);
		assertTrue(before > 1.6 * data, "the fixture leaves free space: " + before);

		H2Compaction.moveChunksTogether(file);

		final long after = Files.size(file);
		// 1.05x on a quiet machine; 1.19-1.23x seen under load, where H2's 1 ms at close leaves chunks part-live, and
		// those move whole (measured with MAX_COMPACT_TIME=0: 1.19x or 1.55x): the promise is 1.25x
		assertTrue(after < 1.25 * data, "compacted to " + after + " bytes for " + data + " of data (was " + before + ")");
		assertTrue(after > 0.95 * data, "pages are not compressed: " + after + " bytes for " + data);
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("f") + ";IFEXISTS=TRUE");
			PreparedStatement ps = c.prepareStatement("SELECT D FROM T WHERE ID = ?"))
		{
			for (int i = 0; i < ROWS; i++) {
				ps.setInt(1, i);
				try (ResultSet rs = ps.executeQuery()) {
					assertTrue(rs.next(), "row " + i);
					assertArrayEquals(cell(i, 1), rs.getBytes(1), "row " + i);
				}
			}
		}
	}

	@Test
	void aFileOpenInAnotherProcessIsRefusedAndLeftAsItIs() throws Exception {
		final String db = dir.resolve("held").toString();
		SqlImageStack.create(db, "s", PixelType.UINT8, 1).close();
		final Path file = dir.resolve("held" + H2File.SUFFIX);
		final byte[] before = Files.readAllBytes(file);
		try (ChildJvm child = ChildJvm.start("64m", HoldDatabase.class, db)) {
			assertNotNull(child.await("open "), "the child opened the database");
			final DatabaseLockedException e = assertThrows(DatabaseLockedException.class, () -> H2Compaction
				.moveChunksTogether(file));
			assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
		}
		assertArrayEquals(before, Files.readAllBytes(file));
	}

	@Test
	void compactDatabaseShrinksARewrittenStackAndKeepsItsPixels() throws Exception {
		final String db = dir.resolve("stacks").toString();
		final int planes = 24;
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.FLOAT32, 1)) {
			for (int i = 0; i < planes; i++)
				s.addImage(ArrayImgs.floats(plane(i), 256, 256));
			s.saveState();
			AddOne.andSave(s);
		}
		final long[] sizes = StackDatabase.compact(db);
		assertTrue(sizes[1] <= sizes[0] && sizes[1] < 1.25 * planes * 256 * 256 * 4, Arrays.toString(sizes));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s")) {
			assertEquals(planes, s.size());
			for (int i = 0; i < planes; i++) {
				final float[] expected = plane(i);
				for (int k = 0; k < expected.length; k++)
					expected[k] += 1;
				assertArrayEquals(expected, (float[]) Planes.storage(Planes.asArrayImg(s.get(i))), "plane " + i);
			}
		}
	}

	private static float[] plane(final int i) {
		final float[] f = new float[256 * 256];
		for (int k = 0; k < f.length; k++)
			f[k] = (k % 512 + i) % 40 * 0.5f;
		return f;
	}
}
