package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The catalog's rows (a stack's, its planes') carry a checksum: a row changed behind ImageStack-H2's back (as a damaged
 * file changes it) is a CorruptDatabaseException naming the file and the row, never planes reordered, dropped or
 * misread, a stack renamed or a raw parse error. Files of schema version 2 (no checksums) stay readable and are sealed
 * by their first write.
 */
class CatalogChecksumTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("d").toString();
	}

	private void saveThreePlanes() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 3; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 30, 20));
			s.saveState();
		}
	}

	/** Runs SQL on the file as another program (or a damaged byte) would. */
	private void behindItsBack(final String... statements) throws Exception {
		final Properties login = new Properties();
		login.setProperty("user", "sa");
		login.setProperty("password", "");
		try (Connection c = org.h2.Driver.load().connect("jdbc:h2:file:" + dir.resolve("d"), login);
			Statement st = c.createStatement())
		{
			for (final String s : statements)
				st.execute(s);
		}
	}

	private void assertDamaged(final String what) {
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> {
			for (final String name : SqlImageStack.stackNames(db()))
				try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), name, 1)) {
					for (int i = 0; i < s.size(); i++)
						AbstractImageStackTest.pixels(s.get(i));
				}
		}, what);
		assertTrue(e.getMessage().contains("d.mv.db") && e.getMessage().contains("damaged"), e.getMessage());
	}

	@ParameterizedTest
	@ValueSource(strings = { "UPDATE PLANES SET POS = 3 - POS", // planes reordered
		"UPDATE PLANES SET PIXEL_TYPE = 'flnat32' WHERE POS = (SELECT MIN(POS) FROM PLANES)", // "pixel type 'flnat32'"
		"UPDATE PLANES SET DIMS = '0,20' WHERE POS = (SELECT MIN(POS) FROM PLANES)", // "/ by zero"
		"UPDATE PLANES SET DIMS = '3O,20' WHERE POS = (SELECT MIN(POS) FROM PLANES)", // NumberFormatException
		"UPDATE PLANES SET CELL_DIMS = '30,10' WHERE POS = (SELECT MIN(POS) FROM PLANES)",
		"UPDATE PLANES SET PLANE_ID = PLANE_ID + 1000 WHERE POS = (SELECT MAX(POS) FROM PLANES)",
		"UPDATE STACKS SET NAME = 'r'", // a stack renamed
		"UPDATE STACKS SET PIXEL_TYPE = 'uint16'", "UPDATE STACKS SET PLANE_COUNT = 0",
		"UPDATE STACKS SET VERSION = VERSION + 1" })
	void aChangedCatalogRowIsReportedAsDamage(final String change) throws Exception {
		saveThreePlanes();
		if (change.contains("PLANE_ID = PLANE_ID")) behindItsBack("SET REFERENTIAL_INTEGRITY FALSE", change);
		else behindItsBack(change);
		assertDamaged(change);
	}

	@Test
	void aPlaneRowDroppedOrDuplicatedIsReported() throws Exception {
		saveThreePlanes();
		behindItsBack("DELETE FROM CELLS WHERE PLANE_ID = (SELECT PLANE_ID FROM PLANES WHERE POS = (SELECT MAX(POS) " +
			"FROM PLANES))", "DELETE FROM PLANES WHERE POS = (SELECT MAX(POS) FROM PLANES)");
		assertDamaged("a plane dropped");
	}

	@Test
	void aPlaneRowCopiedFromAnotherStackIsReported() throws Exception {
		saveThreePlanes();
		try (SqlImageStack t = SqlImageStack.create(db(), "t", PixelType.UINT8, 1)) {
			t.addImage(AbstractImageStackTest.ramp(9, 30, 20));
			t.saveState();
		}
		// t's plane moved into s, as a flipped STACK_ID would: its row checks out on its own, s's list does not
		behindItsBack("SET REFERENTIAL_INTEGRITY FALSE", "UPDATE CELLS SET STACK_ID = 1 WHERE STACK_ID = 2",
			"UPDATE PLANES SET STACK_ID = 1 WHERE STACK_ID = 2");
		assertDamaged("a plane moved to another stack");
	}

	@Test
	void aVersion2FileIsReadAsItIsAndSealedByItsFirstWrite() throws Exception {
		saveThreePlanes();
		behindItsBack("ALTER TABLE PLANES DROP COLUMN ROW_CRC", "ALTER TABLE STACKS DROP COLUMN ROW_CRC",
			"UPDATE IMAGESTACK_SCHEMA SET VERSION = 2");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(3, s.size());
			for (int i = 0; i < 3; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 30, 20)),
					AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
		assertEquals(2, schemaVersion(), "reading wrote nothing");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			java.util.Collections.swap(s, 0, 2);
			s.addImage(AbstractImageStackTest.ramp(3, 30, 20));
			s.saveState();
		}
		assertEquals(Database.SCHEMA_VERSION, schemaVersion(), "upgraded by the first write");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			final List<Integer> order = List.of(2, 1, 0, 3);
			for (int i = 0; i < 4; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(order.get(i), 30, 20)),
					AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
		behindItsBack("UPDATE PLANES SET POS = -POS");
		assertDamaged("checked once upgraded");
	}

	@Test
	void copiesDeletesAndReopensKeepTheChecksumsRight() {
		saveThreePlanes();
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1); SqlImageStack c = s.copy("c")) {
			c.remove(1);
			c.saveState();
		}
		SqlImageStack.deleteStack(db(), "s");
		try (SqlImageStack c = SqlImageStack.loadFromDatabase(db(), "c", 1)) {
			assertEquals(2, c.size());
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(2, 30, 20)),
				AbstractImageStackTest.pixels(c.get(1)));
		}
		assertEquals(List.of("c"), SqlImageStack.stackNames(db()));
	}

	@Test
	void aVersion3FileIsReadAsItIsAndGetsItsCodecRecordedAndCheckedByItsFirstWrite() throws Exception {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			s.setCompressed(true); // deflate: all a version 3 file could say ("COMPRESSED")
			for (int i = 0; i < 3; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 300, 200));
			s.saveState();
		}
		// the file as version 3 wrote it: no codec column, rows sealed without it
		final Properties login = new Properties();
		login.setProperty("user", "sa");
		login.setProperty("password", "");
		try (Connection c = org.h2.Driver.load().connect("jdbc:h2:file:" + dir.resolve("d"), login);
			Statement st = c.createStatement())
		{
			st.execute("ALTER TABLE STACKS DROP COLUMN CODEC");
			st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = 3");
			RowChecks.sealAll(c, 3);
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(org.imagestack.Compression.DEFLATE, s.compression(), "COMPRESSED read as deflate");
			for (int i = 0; i < 3; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 300, 200)),
					AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
		assertEquals(3, schemaVersion(), "reading wrote nothing");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.setCompression(org.imagestack.Compression.ZSTD);
			s.addImage(AbstractImageStackTest.ramp(3, 300, 200));
			s.saveState();
		}
		assertEquals(4, schemaVersion(), "upgraded by the first write");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(org.imagestack.Compression.ZSTD, s.compression(), "the codec recorded");
			for (int i = 0; i < 4; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 300, 200)),
					AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
		behindItsBack("UPDATE STACKS SET CODEC = 'lz4'");
		assertDamaged("the codec is covered by the stack row's checksum");
	}

	private int schemaVersion() throws Exception {
		final Properties login = new Properties();
		login.setProperty("user", "sa");
		login.setProperty("password", "");
		try (Connection c = org.h2.Driver.load().connect("jdbc:h2:file:" + dir.resolve("d"), login);
			Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION FROM IMAGESTACK_SCHEMA"))
		{
			rs.next();
			return rs.getInt(1);
		}
	}
}
