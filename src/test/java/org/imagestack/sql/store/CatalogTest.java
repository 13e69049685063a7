package org.imagestack.sql.store;

import static org.imagestack.sql.store.Mentions.assertMentions;
import static org.imagestack.sql.store.StoreFiles.behindItsBack;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.Compression;
import org.imagestack.ConcurrentSaveException;
import org.imagestack.CorruptDatabaseException;
import org.imagestack.NoSuchStackException;
import org.imagestack.PixelType;
import org.imagestack.ReadOnlyDatabaseException;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The catalog of stacks as a user sees it: listed in creation order with their type, size and codec, names taken or
 * missing said so, saves of another handle, deletes and read-only files refused before anything is written, damaged
 * or foreign rows named.
 */
class CatalogTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("d").toString();
	}

	private void save(final String name, final PixelType type, final int planes, final int w, final int h) {
		try (SqlImageStack s = SqlImageStack.create(db(), name, type, 1)) {
			for (int i = 0; i < planes; i++)
				s.addImage(AbstractImageStackTest.ramp(i, w, h));
			s.saveState();
		}
	}

	/** Runs {@code work} on a catalog of the file, then commits as a save does. */
	private void inCatalog(final Consumer<Catalog> work) {
		try (Database d = H2Opener.open(db(), false, true)) {
			work.accept(new Catalog(d));
			new CellStore(d).commit();
		}
	}

	private List<StackRecord> stacks() {
		try (Database d = H2Opener.open(db(), false, false)) {
			return new Catalog(d).listStacks();
		}
	}

	@Test
	void stacksAreListedInCreationOrderWithWhatTheyHold() {
		save("b", PixelType.UINT8, 3, 30, 20);
		save("a", PixelType.FLOAT32, 1, 10, 10);
		inCatalog(c -> c.createStack("e", PixelType.UINT16, 4096, Compression.ZSTD));
		final List<StackRecord> stacks = stacks();
		assertEquals(3, stacks.size());
		final StackRecord b = stacks.get(0), a = stacks.get(1), e = stacks.get(2);
		assertEquals(List.of("b", "a", "e"), List.of(b.name(), a.name(), e.name()));
		assertEquals(PixelType.UINT8, b.type());
		assertEquals(3, b.planeCount());
		assertEquals(3 * 30 * 20, b.sizeBytes(), "the planes' bytes");
		assertEquals(PixelType.FLOAT32, a.type());
		assertEquals(10 * 10 * 4, a.sizeBytes());
		assertEquals(PixelType.UINT16, e.type());
		assertEquals(0, e.planeCount());
		assertEquals(0, e.sizeBytes(), "a stack without planes");
		assertEquals(Compression.ZSTD, e.compression());
		assertEquals(4096, e.cellBytes());
		try (Database d = H2Opener.open(db(), false, false)) {
			final Catalog c = new Catalog(d);
			assertEquals(List.of("b", "a", "e"), c.names());
			assertEquals("a", c.requireStack("a").name());
			assertEquals(a.id(), c.findStack("a").orElseThrow().id());
			assertFalse(c.findStack("A").isPresent(), "names are case-sensitive");
		}
	}

	@Test
	void aNameTakenOrMissingIsRefusedNamingTheStacksAndTheFile() {
		save("s", PixelType.UINT8, 1, 4, 4);
		save("t", PixelType.UINT8, 1, 4, 4);
		try (Database d = H2Opener.open(db(), false, false)) {
			final Catalog c = new Catalog(d);
			final IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> c.createStack("s",
				PixelType.UINT8, 1 << 18, Compression.NONE));
			assertMentions(taken, "'s' already exists", "d.mv.db");
			final NoSuchStackException missing = assertThrows(NoSuchStackException.class, () -> c.requireStack("x"));
			assertMentions(missing, "'x'", "d.mv.db", "s", "t");
		}
		assertEquals(2, stacks().size(), "nothing added");
	}

	@Test
	void aSaveOrChangeThroughAnotherHandleIsRefusedAndSaysWhetherTheStackIsStillThere() {
		save("s", PixelType.UINT8, 1, 4, 4);
		try (Database mine = H2Opener.open(db(), false, false)) {
			final Catalog c = new Catalog(mine);
			final StackRecord loaded = c.requireStack("s");
			c.checkSave(loaded, loaded.version()); // nobody else saved
			final ConcurrentSaveException ahead = assertThrows(ConcurrentSaveException.class, () -> c.checkSave(loaded,
				loaded.version() + 1));
			assertMentions(ahead, "saved elsewhere", "'s'");
			// a distributed map's plane, committed through another connection
			try (Database other = H2Opener.open(db(), false, false)) {
				new Catalog(other).recordChange(loaded.id());
				new CellStore(other).commit();
			}
			assertMentions(assertThrows(ConcurrentSaveException.class, () -> c.checkSave(loaded, loaded.version())),
				"saved elsewhere");
			assertMentions(assertThrows(ConcurrentSaveException.class, () -> c.recordSave(loaded, PixelType.UINT8, 1,
				Compression.NONE, loaded.version())), "saved elsewhere");
			new CellStore(mine).rollback();
			SqlImageStack.deleteStack(db(), "s");
			assertMentions(assertThrows(ConcurrentSaveException.class, () -> c.checkSave(loaded, loaded.version())),
				"deleted elsewhere");
			assertMentions(assertThrows(ConcurrentSaveException.class, () -> c.recordSave(loaded, PixelType.UINT8, 1,
				Compression.NONE, loaded.version())), "deleted elsewhere");
			assertMentions(assertThrows(StorageException.class, () -> c.requireExists(loaded)), "'s' was deleted",
				"d.mv.db");
		}
		assertEquals(List.of(), SqlImageStack.stackNames(db()));
	}

	@Test
	void aStackNeverSavedSinceItWasMadeIsStillThereForAHandleThatExpectedASave() {
		inCatalog(c -> c.createStack("s", PixelType.UINT8, 1 << 18, Compression.NONE));
		try (Database d = H2Opener.open(db(), false, false)) {
			final Catalog c = new Catalog(d);
			final StackRecord s = c.requireStack("s");
			assertEquals(0, s.version(), "made, never saved");
			assertMentions(assertThrows(ConcurrentSaveException.class, () -> c.checkSave(s, 1)), "saved elsewhere");
		}
	}

	@Test
	void aChangeRecordedOutsideAnyHandleLeavesTheStackReadable() {
		save("s", PixelType.UINT8, 2, 30, 20);
		final long before = stacks().get(0).version();
		inCatalog(c -> c.recordChange(c.requireStack("s").id()));
		assertEquals(before + 1, stacks().get(0).version(), "a handle that loaded it before cannot save");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(1, 30, 20)), AbstractImageStackTest
				.pixels(s.get(1)));
		}
	}

	@Test
	void aSaveThatChangesOnlyTheCatalogRowIsRecordedAndReadsBack() {
		inCatalog(c -> c.createStack("s", PixelType.UINT8, 1 << 18, Compression.NONE));
		inCatalog(c -> {
			final StackRecord r = c.requireStack("s");
			c.recordSave(r, PixelType.FLOAT32, 0, Compression.LZ4, r.version());
		});
		final StackRecord s = stacks().get(0);
		assertEquals(PixelType.FLOAT32, s.type());
		assertEquals(Compression.LZ4, s.compression());
		assertTrue(s.compressed());
		assertEquals(1, s.version());
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(0, r.size());
			assertEquals(Compression.LZ4, r.compression());
		}
	}

	/**
	 * The first write of a handle sets H2's write delay, and H2 then joins its background writer: that join spent
	 * the thread's interrupt, and the save went on (failed before EmbeddedStore.beforeWriting kept the interrupt).
	 */
	@Test
	void anInterruptedSaveIsRefusedBeforeAnythingIsWritten() {
		save("s", PixelType.UINT8, 1, 4, 4);
		final long version = stacks().get(0).version();
		try (Database d = H2Opener.open(db(), false, false)) {
			final Catalog c = new Catalog(d);
			final StackRecord loaded = c.requireStack("s");
			Thread.currentThread().interrupt();
			try {
				assertMentions(assertThrows(StorageException.class, () -> c.checkSave(loaded, loaded.version())),
					"Interrupted", "'s'", "d.mv.db");
				assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
				assertMentions(assertThrows(StorageException.class, () -> c.recordSave(loaded, PixelType.UINT8, 1,
					Compression.NONE, loaded.version())), "Interrupted", "nothing of this save was written");
			}
			finally {
				Thread.interrupted();
			}
			new CellStore(d).commit();
		}
		assertEquals(version, stacks().get(0).version(), "not saved");
	}

	/** As {@link #anInterruptedSaveIsRefusedBeforeAnythingIsWritten}, through a stack: its change stays unsaved. */
	@Test
	void anInterruptedThreadsSaveOfAFreshlyLoadedStackSavesNothing() {
		save("s", PixelType.UINT8, 1, 4, 4);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			s.get(0).randomAccess().setPositionAndGet(0, 0).setReal(99); // held on the heap, not written yet
			Thread.currentThread().interrupt();
			try {
				assertMentions(assertThrows(StorageException.class, s::saveState), "Interrupted", "'s'",
					"was not saved");
				assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
			}
			finally {
				Thread.interrupted();
			}
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(AbstractImageStackTest.at(AbstractImageStackTest.ramp(0, 4, 4), 0, 0), AbstractImageStackTest
				.at(s.get(0), 0, 0), "the change was not saved");
		}
	}

	@Test
	void aReadOnlyDatabaseRefusesEveryChangeNamingTheLoginAndKeepsItsBytes() throws Exception {
		save("s", PixelType.UINT8, 2, 30, 20);
		final byte[] before = Files.readAllBytes(StoreFiles.file(db()));
		try (Database d = StoreFiles.readOnly(db())) {
			final Catalog c = new Catalog(d);
			final StackRecord s = c.requireStack("s");
			assertEquals(List.of("s"), c.names(), "read");
			for (final Runnable change : List.<Runnable> of( //
				() -> c.createStack("t", PixelType.UINT8, 1 << 18, Compression.NONE), //
				() -> c.deleteStack("s"), //
				() -> c.copyStack("s", "t"), //
				() -> c.checkSave(s, s.version()), //
				() -> c.recordSave(s, PixelType.UINT8, 2, Compression.NONE, s.version()), //
				() -> c.recordChange(s.id())))
			{
				final ReadOnlyDatabaseException e = assertThrows(ReadOnlyDatabaseException.class, change::run);
				assertMentions(e, "read-only " + db(), "is read-only for user 'SA'");
			}
			assertMentions(assertThrows(ReadOnlyDatabaseException.class, () -> c.recordChange(s.id())),
				"Cannot change stack " + s.id() + ":");
			assertMentions(assertThrows(ReadOnlyDatabaseException.class, () -> c.checkSave(s, s.version())),
				"Cannot save stack 's':");
		}
		assertArrayEquals(before, Files.readAllBytes(StoreFiles.file(db())), "the file is left as it was");
		assertEquals(List.of("s"), SqlImageStack.stackNames(db()));
	}

	@Test
	void aCopyHoldsTheSamePixelsAndOutlivesItsSource() {
		save("s", PixelType.UINT8, 3, 30, 20);
		inCatalog(c -> {
			final StackRecord copy = c.copyStack("s", "c");
			assertEquals("c", copy.name());
			assertEquals(3, copy.planeCount());
		});
		SqlImageStack.deleteStack(db(), "s");
		final StackRecord c = stacks().get(0);
		assertEquals("c", c.name());
		assertEquals(3 * 30 * 20, c.sizeBytes());
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "c", 1)) {
			assertEquals(3, r.size());
			for (int i = 0; i < 3; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 30, 20)), AbstractImageStackTest
					.pixels(r.get(i)), "plane " + i);
		}
	}

	@Test
	void aCodecThisVersionDoesNotKnowIsReportedNamingTheStack() throws Exception {
		save("s", PixelType.UINT8, 1, 4, 4);
		behindItsBack(db(), "UPDATE STACKS SET CODEC = 'brotli'");
		StoreFiles.reseal(db()); // as a newer version would have sealed it
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> stacks());
		assertMentions(e, "d.mv.db", "stack 's'", "codec 'brotli'");
	}

	@Test
	void aVersion3FileIsListedCheckedAndUpgradedByTheCatalogsFirstWrite() throws Exception {
		save("s", PixelType.UINT8, 2, 30, 20);
		save("u", PixelType.UINT8, 1, 30, 20);
		StoreFiles.makeVersion3(db());
		assertEquals(List.of("s", "u"), SqlImageStack.stackNames(db()));
		inCatalog(c -> c.createStack("t", PixelType.UINT16, 1 << 18, Compression.LZ4));
		assertEquals(4, StoreFiles.schemaVersion(db()));
		assertEquals(Compression.LZ4, stacks().get(2).compression());
		StoreFiles.makeVersion3(db());
		inCatalog(c -> {
			final StackRecord r = c.requireStack("s");
			c.recordSave(r, PixelType.UINT8, 2, Compression.ZSTD, r.version());
		});
		assertEquals(4, StoreFiles.schemaVersion(db()));
		assertEquals(Compression.ZSTD, stacks().get(0).compression());
		StoreFiles.makeVersion3(db());
		inCatalog(c -> c.deleteStack("u"));
		assertEquals(4, StoreFiles.schemaVersion(db()), "a delete upgrades the file too");
		assertEquals(List.of("s", "t"), SqlImageStack.stackNames(db()));
		StoreFiles.makeVersion3(db());
		behindItsBack(db(), "UPDATE STACKS SET PLANE_COUNT = 5 WHERE NAME = 's'");
		assertThrows(CorruptDatabaseException.class, () -> stacks(), "a version 3 file's rows are checked");
	}

	@Test
	void aVersion2FileIsListedUnchecked() throws Exception {
		save("s", PixelType.UINT8, 2, 30, 20);
		StoreFiles.makeVersion2(db());
		final StackRecord s = stacks().get(0);
		assertEquals("s", s.name());
		assertEquals(2, s.planeCount());
		assertEquals(Compression.NONE, s.compression());
		assertEquals(2, StoreFiles.schemaVersion(db()), "listing wrote nothing");
	}
}
