package org.imagestack.sql.store;

import static org.imagestack.sql.store.Mentions.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.Compression;
import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.TransactionLostException;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.h2.H2Dialect;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * One connection to a database of stacks as its user meets it: a lost transaction said so until rolled back, a
 * file gone from its place refusing a save, closing keeping the thread's interrupt, sizes.
 */
class DatabaseTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("d").toString();
	}

	private void save(final String name) {
		try (SqlImageStack s = SqlImageStack.create(db(), name, PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 30, 20));
			s.saveState();
		}
	}

	@Test
	void aTransactionLostIsSaidSoUntilRolledBack() throws Exception {
		save("s");
		final Connection c = StoreFiles.raw(db(), "");
		c.setAutoCommit(false);
		final Database d = Database.connected("jdbc:h2:d", c, H2Dialect.INSTANCE, false);
		d.requireUsable();
		assertTrue(d.isUsable());
		assertFalse(d.isLost());
		try (Connection other = StoreFiles.raw(db(), ""); java.sql.Statement st = other.createStatement()) {
			st.execute("SHUTDOWN"); // the database closes under the connection
		}
		assertFalse(d.isUsable());
		final RuntimeException first = assertThrows(RuntimeException.class, () -> new Catalog(d).names());
		assertTrue(first instanceof TransactionLostException, first.toString());
		assertMentions(first, "list the stacks", "jdbc:h2:d");
		assertTrue(d.isLost());
		final TransactionLostException later = assertThrows(TransactionLostException.class, d::requireUsable);
		assertMentions(later, "jdbc:h2:d", "was lost earlier", first.getMessage());
		assertThrows(TransactionLostException.class, () -> new CellStore(d).planes(1));
		assertFalse(assertThrows(TransactionLostException.class, d::requireUsable).getMessage().contains(
			"list planes"), "the first loss is the one told");
		d.gone("another reason"); // the first reason is kept
		assertMentions(assertThrows(TransactionLostException.class, d::requireUsable), first.getMessage());
		assertThrows(StorageException.class, d::recover, "a closed connection cannot roll back");
		d.close();
		d.close();
	}

	@Test
	void aConnectionFoundDeadIsSaidSoAndRecoveredByARollback() throws Exception {
		save("s");
		try (Database d = H2Opener.open(db(), false, false)) {
			final TransactionLostException gone = d.gone("the connection to d was found closed");
			assertEquals("the connection to d was found closed", gone.getMessage());
			assertMentions(assertThrows(TransactionLostException.class, d::requireUsable), "d.mv.db",
				"the connection to d was found closed");
			d.recover();
			assertFalse(d.isLost());
			d.requireUsable();
			assertEquals(List.of("s"), new Catalog(d).names());
		}
	}

	@Test
	void aFileGoneFromItsPlaceRefusesASaveOfChangesOnly() throws Exception {
		save("s");
		save("t");
		try (Database d = H2Opener.open(db(), false, false)) {
			final Catalog catalog = new Catalog(d);
			final CellStore store = new CellStore(d);
			Files.delete(StoreFiles.file(db()));
			assertEquals(-1, d.fileSize(), "no file there");
			store.commit(); // nothing changed: nothing to keep
			catalog.createStack("u", PixelType.UINT8, 1 << 18, Compression.NONE);
			assertMentions(assertThrows(StorageException.class, store::commit), "Could not save in", "d.mv.db",
				"the file is gone", "nothing was saved");
			store.rollback();
			catalog.deleteStack("t");
			assertMentions(assertThrows(StorageException.class, store::commit), "the file is gone");
			store.rollback();
			assertEquals(List.of("s", "t"), catalog.names(), "still readable from this handle");
		}
	}

	@Test
	void closingKeepsTheThreadsInterrupt() {
		save("s");
		final Database d = H2Opener.open(db(), false, false);
		new Catalog(d).createStack("u", PixelType.UINT8, 1 << 18, Compression.NONE); // discarded by the close
		Thread.currentThread().interrupt();
		try {
			d.close();
			assertTrue(Thread.currentThread().isInterrupted());
		}
		finally {
			Thread.interrupted();
		}
		assertFalse(d.isUsable());
		assertEquals(List.of("s"), SqlImageStack.stackNames(db()), "the uncommitted stack was rolled back");
	}

	@Test
	void aFilesSizeAndWhereItIs() throws Exception {
		save("s");
		try (Database d = H2Opener.open(db(), false, false)) {
			assertEquals(Files.size(StoreFiles.file(db())), d.fileSize());
			assertEquals(StoreFiles.file(db()), d.file());
			assertEquals(StoreFiles.file(db()).toString(), d.location());
			assertSame(H2Dialect.INSTANCE, d.dialect());
			assertTrue(d.local() != null && d.inProcess(), "an embedded file is kept by this process");
			assertEquals("SA", d.user());
		}
		final Connection c = StoreFiles.raw(db(), "");
		c.setAutoCommit(false);
		try (Database d = Database.connected("jdbc:h2:d", c, H2Dialect.INSTANCE, false)) {
			assertEquals(-1, d.fileSize(), "a URL has no file");
			assertNull(d.file());
			assertNull(d.local());
			assertFalse(d.inProcess());
		}
	}

	@Test
	void aSaveOnADatabaseWithoutAFileRecordsNothingBesideIt() throws Exception {
		save("s");
		final Connection c = StoreFiles.raw(db(), "");
		c.setAutoCommit(false);
		try (Database d = Database.connected("jdbc:h2:d", c, H2Dialect.INSTANCE, false)) {
			final CellStore store = new CellStore(d);
			new Catalog(d).recordChange(1);
			store.commit();
			store.recordSave(1, 5);
		}
		assertEquals(List.of("s"), SqlImageStack.stackNames(db()));
	}

	/** The upgrade a write needs is committed at once: the file is of the new version even when the write is not. */
	@Test
	void anUpgradeStaysWhenTheWriteThatNeededItIsDiscarded() throws Exception {
		save("s");
		StoreFiles.makeVersion3(db());
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.addImage(AbstractImageStackTest.ramp(2, 30, 20)); // written at once, upgrading the file
		} // closed unsaved: the plane is discarded
		assertEquals(Database.SCHEMA_VERSION, StoreFiles.schemaVersion(db()));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(1, s.size());
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(1, 30, 20)), AbstractImageStackTest
				.pixels(s.get(0)));
		}
	}

	@Test
	void anUpgradeKeepsTheFilesId() throws Exception {
		save("s");
		StoreFiles.makeVersion3(db());
		try (Database d = H2Opener.open(db(), false, false)) {
			final String id = d.fileId();
			d.upgradeForWriting();
			assertEquals(Database.SCHEMA_VERSION, d.schemaVersion());
			assertEquals(id, d.fileId(), "its record of saves stays bound to it");
		}
	}

	/** A file another connection upgraded meanwhile is not sealed again: a row damaged since stays seen. */
	@Test
	void aFileUpgradedByAnotherConnectionIsNotSealedAgain() throws Exception {
		save("s");
		StoreFiles.makeVersion3(db());
		try (Database first = H2Opener.open(db(), false, false); Database second = H2Opener.open(db(), false, false)) {
			first.upgradeForWriting();
			try (java.sql.Statement st = first.connection().createStatement()) {
				st.execute("UPDATE STACKS SET PLANE_COUNT = 9"); // as a damaged page would read
			}
			first.connection().commit();
			assertEquals(3, second.schemaVersion(), "as it was when opened");
			second.upgradeForWriting();
			assertThrows(org.imagestack.CorruptDatabaseException.class, () -> new Catalog(second).listStacks());
		}
	}

	/** Every save is recorded beside the file: a file put back from before the last save is refused, named. */
	@Test
	void aFileRestoredFromBeforeItsLastSaveIsRefused() throws Exception {
		save("s");
		final Path file = StoreFiles.file(db());
		final byte[] first = Files.readAllBytes(file);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.addImage(AbstractImageStackTest.ramp(2, 30, 20));
			s.saveState();
		}
		Files.write(file, first);
		assertMentions(assertThrows(org.imagestack.CorruptDatabaseException.class, () -> SqlImageStack.loadFromDatabase(
			db(), "s", 1).close()), "d.mv.db", "stack 's' was saved", "older copy");
	}

	/** A stack deleted leaves the record of saves with it: the file is not taken for one that lost it. */
	@Test
	void aDeletedStackLeavesTheRecordOfSaves() {
		save("s");
		save("t");
		SqlImageStack.deleteStack(db(), "s");
		assertEquals(List.of("t"), SqlImageStack.stackNames(db()));
		try (SqlImageStack t = SqlImageStack.loadFromDatabase(db(), "t", 1)) {
			assertEquals(1, t.size());
		}
	}

	@Test
	void aFailedOpenClosesItsConnection() throws Exception {
		final Connection c = StoreFiles.raw(db(), "");
		c.setAutoCommit(false);
		assertThrows(org.imagestack.NoSuchDatabaseException.class, () -> Database.connected("jdbc:h2:d", c,
			H2Dialect.INSTANCE, false));
		assertTrue(c.isClosed());
	}
}
