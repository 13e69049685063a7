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
import org.imagestack.ij1.DialogDefaults;
import org.imagestack.ij1.Front;
import org.imagestack.ij1.ImagePlusStacks;
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
		assertEquals("Converted 4 planes of stack 'a' from float32 to uint8 (in place)", service.convert(db, "a", "uint8", 0, r));
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
		assertEquals("Imported 6 images into stack 'p' (uint8) in " + dir.resolve("i"), service.importSequence(folder.toString(),
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
		assertEquals("Saved 1 plane as stack 'x' (uint8) in " + db, ImagePlusStacks.save(service, imp, db, "x", "same",
			0, Progress.NONE));
		assertFalse(imp.changes);
		assertEquals(db, DialogDefaults.databaseOf(imp));
		assertEquals("x", DialogDefaults.stackOf(imp));
	}

	/** Saving or copying under a name that is taken is refused, and the stack of that name is kept as it was. */
	@Test
	void aTakenNameIsRefusedAndItsStackKept() {
		final String db = floats("a", 3);
		final ImagePlus imp = new ImagePlus("x", new ByteProcessor(4, 3));
		final IllegalArgumentException save = assertThrows(IllegalArgumentException.class, () -> ImagePlusStacks.save(
			service, imp, db, "a", "same", 0, Progress.NONE));
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
		final ImagePlus imp = ImagePlusStacks.open(service, db, "a", true, 0, "discard");
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
		assertTrue(UserMessages.brief(locked).startsWith("The database is in use by another program (another ImageJ " +
			"or Fiji?): close it there, then try again."), UserMessages.brief(locked));
		assertTrue(UserMessages.brief(locked).contains("/very/long/path/to/the/data/crack.mv.db"), "the path as typed");
		// whole, with its tail (the stacks there are), paths as typed, menu wording
		final String missing = "No stack named 'nope' in /data/crack.mv.db; its stacks: specimen, diff-8bit";
		assertEquals(missing, UserMessages.brief(new org.imagestack.NoSuchStackException("nope", "/data/crack.mv.db",
			java.util.Arrays.asList("specimen", "diff-8bit"))));
		final String taken = UserMessages.brief(new IllegalArgumentException("A stack named 's' already exists in " +
			"/data/crack.mv.db (open it with loadFromDatabase, or delete it first)"));
		assertEquals("A stack named 's' already exists in /data/crack.mv.db (open it with Open Stack from Database..., " +
			"or delete it first)", taken);
		assertTrue(UserMessages.details(locked).contains("/very/long/path/to/the/data/crack.mv.db"));
		assertEquals("1 stack", DefaultImageStackService.stacks(1));
		assertEquals("2 stacks", DefaultImageStackService.stacks(2));
		assertEquals("Stacks in /data/crack", Front.tableTitle("/data/crack"));
	}

	/** A dialog gets long messages wrapped at spaces, never cut: every word is still there. */
	@Test
	void longMessagesAreWrappedNotCut() {
		final String m = "Cannot save stack 'specimen': it was saved elsewhere since this handle loaded it (another " +
			"window, another ImageJ or a command such as Convert Stack Type), so nothing was saved; reopen it and " +
			"make the changes again";
		final String wrapped = UserMessages.wrap(m);
		assertEquals(m, wrapped.replace('\n', ' '));
		for (final String line : wrapped.split("\n"))
			assertTrue(line.length() <= UserMessages.LINE, line);
		assertTrue(wrapped.split("\n").length >= 3);
	}

	/** An error this plugin does not expect (a bug) goes to the Log with its class and stack trace. */
	@Test
	void anUnexpectedErrorLogsItsClassAndStackTrace() {
		final NullPointerException npe = new NullPointerException("plane is null");
		final String details = UserMessages.details(npe);
		assertTrue(details.startsWith("java.lang.NullPointerException: plane is null"), details);
		assertTrue(details.contains("\tat org.imagestack.service.DefaultImageStackServiceTest"), details);
		assertTrue(UserMessages.brief(npe).contains("NullPointerException"), UserMessages.brief(npe));
		// an expected one: its words only
		assertEquals("No such stack", UserMessages.details(new IllegalArgumentException("No such stack")));
	}

	/** ImageJ's own cancel ("Macro canceled", from Esc in its filter or Cancel in a macro's dialog) is a cancel. */
	@Test
	void imageJsCancelIsACancel() {
		assertTrue(UserMessages.isImageJCancel(new RuntimeException(ij.Macro.MACRO_CANCELED)));
		assertTrue(UserMessages.isImageJCancel(new IllegalStateException("x", new RuntimeException("Macro canceled"))));
		assertFalse(UserMessages.isImageJCancel(new RuntimeException("Macro error")));
	}

	/** A new database needs its folder: a missing one is named, and nothing is made. */
	@Test
	void aMissingFolderIsAnErrorNamingIt() {
		final Path missing = dir.resolve("no").resolve("such");
		final String db = missing.resolve("crack").toString();
		final ImagePlus imp = new ImagePlus("x", new ByteProcessor(4, 3));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImagePlusStacks.save(
			service, imp, db, "x", "same", 0, Progress.NONE));
		assertTrue(e.getMessage().startsWith("No folder " + missing + ": the database " + db), e.getMessage());
		assertFalse(Files.exists(dir.resolve("no")), "no folder made");
		final IllegalArgumentException imp2 = assertThrows(IllegalArgumentException.class, () -> service
			.importSequence(dir.toString(), "*", db, "s", "same", false, 0, Progress.NONE));
		assertTrue(imp2.getMessage().startsWith("No folder " + missing), imp2.getMessage());
		assertFalse(Files.exists(dir.resolve("no")), "no folder made");
	}

	/** Convert, Apply and Apply Rolling write into a new stack when given one, and leave the source as it was. */
	@Test
	void anOutputStackLeavesTheSourceAsItWas() {
		final String db = floats("a", 3);
		final float before = 0.1f * 2;
		assertEquals("Converted 3 planes of stack 'a' from float32 to uint8 into new stack 'a8'", service.convert(db,
			"a", "a8", "uint8", 0, Progress.NONE));
		assertEquals("Applied the macro to 3 planes of stack 'a' into new stack 'a2'", service.applyToEveryPlane(db,
			"a", "a2", "", "", "for (y = 0; y < getHeight(); y++) for (x = 0; x < getWidth(); x++) setPixel(x, y, 2 * getPixel(x, y));", 0, Progress.NONE));
		assertEquals("Applied rolling Subtract to stack 'a' into new stack 'ar': 2 planes", service.applyRolling(db, "a",
			"ar", "Subtract", false, 0, Progress.NONE));
		assertEquals("Applied rolling Subtract to stack 'a' into new stack 'ak': 3 planes", service.applyRolling(db, "a",
			"ak", "Subtract", true, 0, Progress.NONE));
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db, "a"); SqlImageStack a8 = SqlImageStack
			.loadFromDatabase(db, "a8"); SqlImageStack a2 = SqlImageStack.loadFromDatabase(db, "a2"))
		{
			assertEquals(PixelType.FLOAT32, a.pixelType());
			assertEquals(3, a.size());
			assertEquals(before, a.get(2).getAt(2, 0).getRealDouble(), "the source as it was");
			assertEquals(PixelType.UINT8, a8.pixelType());
			assertEquals(3, a8.size());
			assertEquals(2 * before, a2.get(2).getAt(2, 0).getRealDouble(), 1e-6);
		}
		// an output name that is taken is refused, nothing written
		assertThrows(IllegalArgumentException.class, () -> service.convert(db, "a", "a8", "uint16", 0, Progress.NONE));
		// no output, or the stack's own name: in place, and the report says so
		assertTrue(service.convert(db, "a", "a", "uint16", 0, Progress.NONE).endsWith("(in place)"));
		try (SqlImageStack a = SqlImageStack.loadFromDatabase(db, "a")) {
			assertEquals(PixelType.UINT16, a.pixelType());
		}
	}
}
