package org.imagestack.sql.store;

import static org.imagestack.sql.store.Mentions.assertMentions;
import static org.imagestack.sql.store.StoreFiles.behindItsBack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.Compression;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.NoSuchDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.h2.H2Dialect;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The schema's version as a user meets it: the versions this code reads open, a newer one asks for an update, an
 * impossible one is damage, a database of other tables is not taken for one of stacks, and upgrades cut short run
 * again.
 */
class SchemaTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("d").toString();
	}

	private void save(final String name, final int planes) {
		try (SqlImageStack s = SqlImageStack.create(db(), name, PixelType.UINT8, 1)) {
			for (int i = 0; i < planes; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 30, 20));
			s.saveState();
		}
	}

	private void assertReads(final String name, final int planes) {
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), name, 1)) {
			assertEquals(planes, s.size());
			for (int i = 0; i < planes; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 30, 20)), AbstractImageStackTest
					.pixels(s.get(i)), "plane " + i);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 5, 99 })
	void aNewerVersionAsksForAnUpdateAndLeavesTheFile(final int version) throws Exception {
		save("s", 1);
		behindItsBack(db(), "UPDATE IMAGESTACK_SCHEMA SET VERSION = " + version);
		final byte[] before = Files.readAllBytes(StoreFiles.file(db()));
		final StorageException e = assertThrows(StorageException.class, () -> H2Opener.open(db(), false, false)
			.close());
		assertFalse(e instanceof CorruptDatabaseException, e.toString());
		assertMentions(e, "d.mv.db", "version " + version, "newer", "update ImageStack-H2");
		assertArrayEquals(before, Files.readAllBytes(StoreFiles.file(db())));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 100, 4000 })
	void anImpossibleVersionIsDamage(final int version) throws Exception {
		save("s", 1);
		behindItsBack(db(), "UPDATE IMAGESTACK_SCHEMA SET VERSION = " + version);
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> H2Opener.open(db(), false, false).close()),
			"d.mv.db", "damaged", "version reads " + version);
	}

	@Test
	void anEmptyVersionTableIsDamage() throws Exception {
		save("s", 1);
		behindItsBack(db(), "DELETE FROM IMAGESTACK_SCHEMA");
		assertMentions(assertThrows(CorruptDatabaseException.class, () -> H2Opener.open(db(), false, false).close()),
			"d.mv.db", "damaged", "version reads 0");
	}

	@Test
	void theVersionsThisCodeReadsOpen() throws Exception {
		save("s", 2);
		try (Database d = H2Opener.open(db(), false, false)) {
			assertEquals(Database.SCHEMA_VERSION, d.schemaVersion());
		}
		StoreFiles.makeVersion3(db());
		try (Database d = H2Opener.open(db(), false, false)) {
			assertEquals(3, d.schemaVersion());
		}
		assertReads("s", 2);
	}

	@Test
	void aDatabaseOfOtherTablesIsNotTakenForOneOfStacks() throws Exception {
		behindItsBack(db(), "CREATE TABLE PEOPLE(ID INT)");
		for (final boolean create : new boolean[] { false, true })
			assertMentions(assertThrows(CorruptDatabaseException.class, () -> H2Opener.open(db(), false, create)
				.close()), "d.mv.db", "an H2 database but holds no image stacks");
		try (Connection c = StoreFiles.raw(db(), "")) {
			c.setAutoCommit(false);
			assertFalse(Schema.isEmpty(c));
			assertMentions(assertThrows(CorruptDatabaseException.class, () -> Database.connected("jdbc:h2:d", c,
				H2Dialect.INSTANCE, true)), "jdbc:h2:d", "holds no image stacks");
		}
		try (Connection c = StoreFiles.raw(db(), ""); Statement st = c.createStatement(); var rs = st.executeQuery(
			"SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"))
		{
			assertTrue(rs.next());
			assertEquals("PEOPLE", rs.getString(1));
			assertFalse(rs.next(), "no table was made");
		}
	}

	@Test
	void anEmptyDatabaseAtAUrlIsNoDatabaseUntilCreated() throws Exception {
		try (Connection c = StoreFiles.raw(db(), "")) {
			c.setAutoCommit(false);
			assertTrue(Schema.isEmpty(c));
			assertMentions(assertThrows(NoSuchDatabaseException.class, () -> Database.connected("jdbc:h2:d", c,
				H2Dialect.INSTANCE, false)), "jdbc:h2:d", "holds no image stacks yet");
		}
		try (Connection c = StoreFiles.raw(db(), "")) {
			c.setAutoCommit(false);
			// a file given by its path is there: holding no tables, it is not one of stacks
			assertThrows(CorruptDatabaseException.class, () -> Database.local("d.mv.db", StoreFiles.file(db()), c,
				H2Dialect.INSTANCE, null, null, false));
		}
		try (Connection c = StoreFiles.raw(db(), "")) {
			c.setAutoCommit(false);
			final Database d = Database.connected("jdbc:h2:d", c, H2Dialect.INSTANCE, true);
			assertEquals(Database.SCHEMA_VERSION, d.schemaVersion());
			assertFalse(Schema.isEmpty(c));
			new Catalog(d).createStack("s", PixelType.UINT8, 1 << 18, Compression.NONE);
			new CellStore(d).commit();
			d.close();
		}
		assertEquals(List.of("s"), SqlImageStack.stackNames(db()));
	}

	@Test
	void everyNewFileHasAnIdOfItsOwnAndAnOldOneGetsOneByItsFirstWrite() throws Exception {
		save("s", 1);
		final String first;
		try (Database d = H2Opener.open(db(), false, false)) {
			first = d.fileId();
		}
		assertNotNull(first);
		assertEquals(36, first.length(), first);
		final String other = dir.resolve("e").toString();
		try (SqlImageStack s = SqlImageStack.create(other, "s", PixelType.UINT8, 1)) {
			s.saveState();
		}
		try (Database d = H2Opener.open(other, false, false)) {
			assertNotEquals(first, d.fileId());
		}
		StoreFiles.makeVersion2(db());
		behindItsBack(db(), "ALTER TABLE IMAGESTACK_SCHEMA DROP COLUMN FILE_ID");
		try (Database d = H2Opener.open(db(), false, false)) {
			assertNull(d.fileId(), "version 2 had none");
			d.upgradeForWriting();
			assertNotNull(d.fileId());
			assertNotEquals(first, d.fileId());
		}
		assertReads("s", 1);
	}

	@Test
	void anUpgradeTo3CutShortRunsAgain() throws Exception {
		save("s", 2);
		// cut short after the stacks' column was added: version 2 still, the planes without theirs, no codec column
		behindItsBack(db(), "ALTER TABLE PLANES DROP COLUMN ROW_CRC", "ALTER TABLE STACKS DROP COLUMN CODEC",
			"UPDATE STACKS SET ROW_CRC = NULL", "UPDATE IMAGESTACK_SCHEMA SET VERSION = 2");
		assertReads("s", 2);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.addImage(AbstractImageStackTest.ramp(2, 30, 20));
			s.saveState();
		}
		assertEquals(Database.SCHEMA_VERSION, StoreFiles.schemaVersion(db()));
		assertReads("s", 3);
		behindItsBack(db(), "UPDATE PLANES SET POS = -POS");
		assertThrows(CorruptDatabaseException.class, () -> assertReads("s", 3), "sealed: checked");
	}

	@Test
	void anUpgradeTo4CutShortRunsAgain() throws Exception {
		save("s", 2);
		// cut short after the codec column was added: version 3 still, rows sealed as version 3 sealed them
		behindItsBack(db(), "UPDATE STACKS SET CODEC = NULL", "UPDATE IMAGESTACK_SCHEMA SET VERSION = 3");
		try (Connection c = StoreFiles.raw(db(), "")) {
			RowChecks.sealAll(c, 3);
		}
		assertReads("s", 2);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.setCompression(Compression.LZ4);
			s.addImage(AbstractImageStackTest.ramp(2, 30, 20));
			s.saveState();
		}
		assertEquals(Database.SCHEMA_VERSION, StoreFiles.schemaVersion(db()));
		assertReads("s", 3);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(Compression.LZ4, s.compression());
		}
	}

	@Test
	void aVersion1FileGetsPlaneIdsAfterItsOwn() throws Exception {
		final short[] px = new short[30 * 20];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 7);
		CellStoreTest.writeVersion1(db(), "old", 30, 20, px);
		behindItsBack(db(), "UPDATE PLANES SET PLANE_ID = 41");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 30, 20));
			s.addImage(AbstractImageStackTest.ramp(2, 30, 20));
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			assertEquals(3, s.size());
			assertEquals(7 * 31, AbstractImageStackTest.at(s.get(0), 1, 1));
			assertEquals(AbstractImageStackTest.pixels(org.imagestack.convert.DtypeConversion.convert(
				AbstractImageStackTest.ramp(2, 30, 20), PixelType.UINT16)), AbstractImageStackTest.pixels(s.get(2)));
		}
		try (Connection c = StoreFiles.raw(db(), ""); Statement st = c.createStatement();
			var rs = st.executeQuery("SELECT MIN(PLANE_ID) FROM PLANES WHERE PLANE_ID <> 41"))
		{
			rs.next();
			assertEquals(42, rs.getLong(1), "the new planes numbered after the old one");
		}
	}

	/**
	 * A version 1 file whose first write is the save (a pixel changed on the heap, nothing written before): the save's
	 * check read the stack's save counter, which version 1 does not have ("Column VERSION not found"), and the save
	 * failed, until Catalog.version read 0 there.
	 */
	@Test
	void aVersion1PlaneChangedIsRewrittenAsCellsAndReadsBackChanged() throws Exception {
		final short[] px = new short[30 * 20];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 5);
		CellStoreTest.writeVersion1(db(), "old", 30, 20, px);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			s.get(0).randomAccess().setPositionAndGet(3, 2).setReal(4242);
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "old", 1)) {
			assertEquals(4242, AbstractImageStackTest.at(s.get(0), 3, 2));
			assertEquals(5 * (4 + 30 * 2), AbstractImageStackTest.at(s.get(0), 4, 2));
			assertEquals(5 * (29 + 30 * 19), AbstractImageStackTest.at(s.get(0), 29, 19));
		}
		behindItsBack(db(), "UPDATE PLANES SET CELL_DIMS = '30,10'");
		assertThrows(CorruptDatabaseException.class, () -> assertReads("old", 1), "its row sealed as cells");
	}

	@Test
	void theJobTablesCanBeMadeAgain() throws Exception {
		save("s", 1);
		try (Connection c = StoreFiles.raw(db(), ""); Statement st = c.createStatement()) {
			Schema.createJobTables(st);
			Schema.createJobTables(st);
		}
		assertReads("s", 1);
	}
}
