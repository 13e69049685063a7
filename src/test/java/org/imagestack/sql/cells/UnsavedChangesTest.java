package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.type.numeric.RealType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.Compression;
import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** What a database stack calls unsaved (what closing would lose), through saves, reloads and failed maps. */
class UnsavedChangesTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("changes").toString();
	}

	@Test
	void aChangedTypeIsUnsavedUntilTheSaveAndNotAfter() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(0, 4, 3));
			s.saveState();
			s.changeType(PixelType.UINT8);
			assertFalse(s.hasUnsavedChanges(), "the same type: nothing changed");
			s.changeType(PixelType.UINT16);
			assertEquals(PixelType.UINT16, s.pixelType());
			assertTrue(s.hasUnsavedChanges(), "a new type");
			s.saveState();
			assertFalse(s.hasUnsavedChanges(), "saved");
			s.reload();
			assertFalse(s.hasUnsavedChanges(), "reloaded as saved");
			assertEquals(PixelType.UINT16, s.pixelType());
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(PixelType.UINT16, r.pixelType());
			assertEquals(PixelType.UINT16, PixelType.of(r.get(0)));
			assertEquals(7 * 3 + 13 * 2, AbstractImageStackTest.at(r.get(0), 3, 2) / 257, 1e-9, "uint8 to uint16");
		}
	}

	@Test
	void reloadReturnsToTheLastSaveWhateverWasChangedSince() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(1, 300, 300));
			s.addImage(AbstractImageStackTest.constant(2, 300, 300));
			s.saveState();
			assertFalse(s.hasUnsavedChanges());
			s.get(0).getAt(299, 299).setReal(5); // in place
			assertTrue(s.hasUnsavedChanges(), "a pixel");
			s.remove(1);
			s.addImage(AbstractImageStackTest.constant(3, 10, 10));
			s.changeType(PixelType.FLOAT64);
			s.reload();
			assertFalse(s.hasUnsavedChanges());
			assertEquals(PixelType.FLOAT32, s.pixelType());
			assertEquals(2, s.size());
			assertEquals(1, AbstractImageStackTest.at(s.get(0), 299, 299));
			assertEquals(2, AbstractImageStackTest.at(s.get(1), 0, 0));
		}
	}

	@Test
	void aFailedMapLeavesNoUnsavedChangesWhereThereWereNoneAndTheCodecAsItWas() {
		// float32 512 x 512 in a budget of one 256 x 256 cell: the map's changed cells are written as they leave it
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 0.25)) {
			for (int i = 0; i < 3; i++)
				s.addImage(AbstractImageStackTest.constant(i, 512, 512));
			s.saveState();
			final AtomicInteger planes = new AtomicInteger();
			assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
				s.setCompression(Compression.ZSTD);
				for (final RealType<?> t : img)
					t.setReal(t.getRealDouble() + 10);
				if (planes.incrementAndGet() == 3) throw new IllegalStateException("the third plane fails");
				return img;
			}, false));
			assertFalse(s.hasUnsavedChanges(), "undone: as saved");
			assertEquals(Compression.NONE, s.compression());
			for (int i = 0; i < 3; i++)
				assertEquals(i, AbstractImageStackTest.at(s.get(i), 511, 511));
		}
	}

	@Test
	void noCodecIsRefusedWithItsName() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			assertEquals("compression is null", assertThrows(NullPointerException.class, () -> s.setCompression(null))
				.getMessage());
			s.setCompression(Compression.LZ4);
			assertEquals(Compression.LZ4, s.compression());
		}
	}

	@Test
	void aSavedRemovalLeavesNothingUnsaved() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			s.addImage(AbstractImageStackTest.constant(1, 8, 8));
			s.addImage(AbstractImageStackTest.constant(2, 8, 8));
			s.saveState();
			s.remove(0);
			assertTrue(s.hasUnsavedChanges());
			s.saveState();
			assertFalse(s.hasUnsavedChanges());
		}
	}

	@Test
	void anEditWrittenOutOfTheBudgetIsUnsavedUntilTheSave() {
		// float32 512 x 512: four cells; a budget of one
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 0.25)) {
			s.addImage(AbstractImageStackTest.constant(1, 512, 512));
			s.addImage(AbstractImageStackTest.constant(2, 512, 512));
			s.saveState();
			s.get(0).getAt(0, 0).setReal(7);
			for (final RealType<?> t : s.get(1)) // every cell of plane 1: the edited cell leaves the budget
				t.getRealDouble();
			assertTrue(s.hasUnsavedChanges(), "the edit is in the open transaction, not saved");
			assertEquals(7, AbstractImageStackTest.at(s.get(0), 0, 0));
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(1, AbstractImageStackTest.at(r.get(0), 0, 0), "closed without a save");
		}
	}

	@Test
	void aFailedMapKeepsTheEditsMadeBeforeItAndUndoesItsOwn() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			for (int i = 0; i < 3; i++)
				s.addImage(AbstractImageStackTest.constant(i, 8, 8));
			s.saveState();
			s.get(1).getAt(5, 5).setReal(50); // unsaved, before the map
			final AtomicInteger planes = new AtomicInteger();
			assertThrows(IllegalStateException.class, () -> s.executeFunction(img -> {
				if (planes.incrementAndGet() == 3) throw new IllegalStateException("the third plane fails");
				return AbstractImageStackTest.constant(-1, 4, 4); // a new plane in its place
			}, false));
			assertEquals(3, s.size());
			for (int i = 0; i < 3; i++)
				assertEquals(List.of(8L, 8L, (double) i), List.of(s.get(i).dimension(0), s.get(i).dimension(1),
					AbstractImageStackTest.at(s.get(i), 0, 0)), "plane " + i);
			assertEquals(50, AbstractImageStackTest.at(s.get(1), 5, 5), "the edit made before the map");
			assertTrue(s.hasUnsavedChanges());
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(50, AbstractImageStackTest.at(r.get(1), 5, 5));
			assertEquals(3, r.size());
		}
	}
}
