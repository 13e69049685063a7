package org.imagestack.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.DatabaseLockedException;
import org.imagestack.PixelType;
import org.imagestack.imagej.SqlVirtualStack;
import org.imagestack.io.ImageFiles;
import org.imagestack.io.StackFiles;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** The service's operations on real H2 databases: progress, Esc, all or nothing, wording. */
class DefaultImageStackServiceTest {

	@TempDir
	Path dir;

	private final DefaultImageStackService service = new DefaultImageStackService();

	/** Records progress; "presses Esc" once {@code escAt} planes are done (never when negative). */
	static final class Recorder implements Progress {

		final List<String> updates = new ArrayList<>();
		final int escAt;
		int done;

		Recorder(final int escAt) {
			this.escAt = escAt;
		}

		@Override
		public void update(final int d, final int total) {
			done = d;
			updates.add(d + "/" + total);
		}

		@Override
		public boolean cancelled() {
			return escAt >= 0 && done >= escAt;
		}
	}

	private String floats(final String name, final int planes) {
		final String db = dir.resolve("s").toString();
		try (SqlImageStack s = SqlImageStack.create(db, name, PixelType.FLOAT32, 0)) {
			for (int i = 0; i < planes; i++)
				s.addImage(ArrayImgs.floats(new float[] { -0.5f, 0, 0.1f * i, 1, 0.75f, 0.5f }, 3, 2));
			s.saveState();
		}
		return db;
	}

	/** Convert goes plane by plane with progress, and gives exactly what changeType gives. */
	@Test
	void convertReportsEveryPlaneAndMatchesChangeType() {
		final String db = floats("a", 4);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "a"); SqlImageStack ref = s.copy("ref")) {
			ref.changeType(PixelType.UINT8);
			ref.saveState();
		}
		final Recorder r = new Recorder(-1);
		assertEquals("Converted 4 planes of stack 'a' from float32 to uint8", service.convert(db, "a", "uint8", 0, r));
		assertEquals(List.of("1/4", "2/4", "3/4", "4/4"), r.updates);
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db, "a"); SqlImageStack ref = SqlImageStack
			.loadFromDatabase(db, "ref"))
		{
			assertEquals(PixelType.UINT8, a.pixelType());
			assertEquals(4, a.size());
			for (int i = 0; i < 4; i++)
				for (int k = 0; k < 6; k++)
					assertEquals(ref.get(i).getAt(k % 3, k / 3).getRealDouble(), a.get(i).getAt(k % 3, k / 3)
						.getRealDouble(), "plane " + i + " pixel " + k);
		}
	}

	@Test
	void escDuringConvertLeavesTheLastSave() {
		final String db = floats("a", 5);
		final CancellationException e = assertThrows(CancellationException.class, () -> service.convert(db, "a",
			"uint16", 0, new Recorder(2)));
		assertEquals("Cancelled: stack 'a' left at its last save", e.getMessage());
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db, "a")) {
			assertEquals(PixelType.FLOAT32, a.pixelType());
			assertEquals(5, a.size());
			assertEquals(0.1f * 4, a.get(4).getAt(2, 0).getRealDouble());
		}
	}

	@Test
	void copyReportsProgressAndEscLeavesNoStack() {
		final String db = floats("a", 5);
		final Recorder r = new Recorder(-1);
		assertEquals("Copied stack 'a' to 'b' (5 planes)", service.copy(db, "a", "b", 0, r));
		assertEquals(5, r.updates.size());
		final CancellationException e = assertThrows(CancellationException.class, () -> service.copy(db, "a", "c", 0,
			new Recorder(3)));
		assertEquals("Cancelled: stack 'c' was not created", e.getMessage());
		assertEquals(List.of("a", "b"), SqlImageStack.stackNames(db));
		try (SqlImageStack b = SqlImageStack.loadFromDatabase(db, "b")) {
			assertEquals(0.1f * 3, b.get(3).getAt(2, 0).getRealDouble());
		}
	}

	@Test
	void importTakesTheFirstImagesTypeAndStopsOnEsc() throws Exception {
		final Path folder = Files.createDirectories(dir.resolve("bmps"));
		for (int i = 1; i <= 6; i++)
			ImageFiles.write(folder.resolve("p" + i + ".bmp"), AbstractImageStackTest.ramp(i, 16, 8));
		Files.write(folder.resolve("notes.txt"), new byte[] { 1 });
		assertEquals("*.bmp", StackFiles.suggestFilter(folder));
		final String db = dir.resolve("i").toString();
		final Recorder r = new Recorder(-1);
		assertEquals("Imported 6 images into stack 'p' (uint8) in i.mv.db", service.importSequence(folder.toString(),
			"*.bmp", db, "p", "same", false, 0, r));
		assertEquals("6/6", r.updates.get(5));
		assertThrows(CancellationException.class, () -> service.importSequence(folder.toString(), "*.bmp", db, "q",
			"same", false, 0, new Recorder(2)));
		assertEquals(List.of("p"), SqlImageStack.stackNames(db));
		final IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> service
			.importSequence(folder.toString(), "*.tif", db, "q", "same", false, 0, Progress.NONE));
		assertEquals("No file in bmps matches '*.tif'; its images match '*.bmp'", none.getMessage());
	}

	@Test
	void aSavedImageIsNoLongerChanged() {
		final ImagePlus imp = new ImagePlus("x", new ByteProcessor(4, 3));
		imp.changes = true;
		final String db = dir.resolve("n").toString();
		assertEquals("Saved 1 plane as stack 'x' (uint8) in n.mv.db", service.save(imp, db, "x", "same", 0,
			Progress.NONE));
		assertFalse(imp.changes);
		assertEquals(db, DialogDefaults.databaseOf(imp));
		assertEquals("x", DialogDefaults.stackOf(imp));
	}

	/** Saving or copying under a name that is taken is refused, and the stack of that name is kept as it was. */
	@Test
	void aTakenNameIsRefusedAndItsStackKept() {
		final String db = floats("a", 3);
		final ImagePlus imp = new ImagePlus("x", new ByteProcessor(4, 3));
		final IllegalArgumentException save = assertThrows(IllegalArgumentException.class, () -> service.save(imp, db,
			"a", "same", 0, Progress.NONE));
		assertTrue(save.getMessage().contains("already exists"), save.getMessage());
		assertThrows(IllegalArgumentException.class, () -> service.copy(db, "a", "a", 0, Progress.NONE));
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db, "a")) {
			assertEquals(3, a.size());
			assertEquals(0.1f * 2, a.get(2).getAt(2, 0).getRealDouble());
		}
	}

	/** A stack shown as a virtual stack cannot be deleted (nor its database compacted) under it. */
	@Test
	void deletingAnOpenStackIsRefused() {
		final String db = floats("a", 2);
		final ImagePlus imp = service.open(db, "a", true, 0, "discard");
		try {
			assertTrue(imp.getStack() instanceof SqlVirtualStack);
			final IllegalStateException e = assertThrows(IllegalStateException.class, () -> service.delete(db, "a"));
			assertEquals("Stack 'a' is open in image 'a': close that image first", e.getMessage());
			assertThrows(IllegalStateException.class, () -> service.compact(db));
			assertTrue(((String) imp.getProperty("Info")).contains("Apply to Every Plane..."));
		}
		finally {
			((SqlVirtualStack) imp.getStack()).close();
		}
	}

	@Test
	void messagesForPeople() {
		final DatabaseLockedException locked = new DatabaseLockedException("/very/long/path/to/the/data/crack.mv.db",
			null);
		assertEquals("The database is in use by another program (another ImageJ or Fiji?): close it there, then try " +
			"again.", UserMessages.brief(locked));
		final String taken = UserMessages.brief(new IllegalArgumentException("A stack named 's' already exists in " +
			"/data/crack.mv.db (open it with loadFromDatabase, or delete it first)"));
		assertEquals("A stack named 's' already exists in crack.mv.db (open it with Open Stack from Database..., or " +
			"delete it first)", taken);
		assertTrue(UserMessages.details(locked).contains("/very/long/path/to/the/data/crack.mv.db"));
		assertEquals("1 stack", DefaultImageStackService.stacks(1));
		assertEquals("2 stacks", DefaultImageStackService.stacks(2));
		assertEquals("Stacks in crack.mv.db", CommandSpec.tableTitle("/data/crack"));
	}
}
