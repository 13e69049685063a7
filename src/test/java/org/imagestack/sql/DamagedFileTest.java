package org.imagestack.sql;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A database file that was cut opens with every saved plane exact or not at all (a CorruptDatabaseException naming
 * the file), is left byte for byte as it was, and what can be read is recovered into a new database. A save reaches
 * the disk (fsync) before it returns.
 */
class DamagedFileTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("d").toString();
	}

	private Path file() {
		return dir.resolve("d.mv.db");
	}

	private void saveTwelvePlanesInTwoSaves() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			for (int i = 0; i < 6; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 300, 200));
			s.saveState();
			for (int i = 6; i < 12; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 300, 200));
			s.saveState();
		}
	}

	/** Cut to its two headers, a file was called "in use by another process": it is damaged, and says so. */
	@ParameterizedTest
	@ValueSource(longs = { 8192, 8193 })
	void aFileCutToItsHeadersIsDamagedNotInUse(final long keep) throws Exception {
		saveTwelvePlanesInTwoSaves();
		try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
			f.setLength(keep);
		}
		final byte[] cut = Files.readAllBytes(file());
		final CorruptDatabaseException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptDatabaseException.class,
			() -> SqlImageStack.loadFromDatabase(db(), "s", 1).close());
		assertTrue(e.getMessage().contains("d.mv.db") && e.getMessage().contains("damaged") && !e.getMessage()
			.contains("in use"), e.getMessage());
		assertArrayEquals(cut, Files.readAllBytes(file()), "left as it was");
	}

	@ParameterizedTest
	@ValueSource(strings = { "8k", "64k", "3/4", "1/2" })
	void aCutFileGivesEverySavedPlaneOrAClearErrorAndStaysAsItWas(final String cut) throws Exception {
		saveTwelvePlanesInTwoSaves();
		final long size = Files.size(file());
		final long keep = cut.equals("8k") ? size - 8192 : cut.equals("64k") ? size - 65536 : cut.equals("3/4") ?
			size * 3 / 4 : size / 2;
		try (RandomAccessFile f = new RandomAccessFile(file().toFile(), "rw")) {
			f.setLength(keep);
		}
		final byte[] damaged = Files.readAllBytes(file());
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "s", 1)) {
			assertEquals(12, s.size(), "opened: then every saved plane is there");
			for (int i = 0; i < 12; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(i, 300, 200)),
					AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
		catch (final CorruptDatabaseException e) {
			assertTrue(e.getMessage().contains("d.mv.db"), e.getMessage());
			assertArrayEquals(damaged, Files.readAllBytes(file()), "the damaged file is left as it was");
			try {
				SqlImageStack.stackNames(db());
			}
			catch (final CorruptDatabaseException again) {
				// listing is refused the same way
			}
			assertArrayEquals(damaged, Files.readAllBytes(file()), "listing did not change it either");
			final Recovery.Report report = SqlImageStack.recover(db(), dir.resolve("rescued").toString());
			System.out.println("cut " + cut + ": " + e.getMessage() + "\n" + report);
			assertArrayEquals(damaged, Files.readAllBytes(file()), "recovering did not change it either");
		}
	}

	@Test
	void recoverCopiesEveryReadablePlaneOfAnIntactFile() {
		saveTwelvePlanesInTwoSaves();
		final Recovery.Report report = SqlImageStack.recover(db(), dir.resolve("copy").toString());
		assertEquals(List.of("stack 's': 12 planes copied"), report.copied());
		assertTrue(report.lost().isEmpty());
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(dir.resolve("copy").toString(), "s", 1)) {
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(11, 300, 200)),
				AbstractImageStackTest.pixels(r.get(11)));
		}
	}

	/**
	 * Follows a child JVM that creates a stack and saves three times with strace ({@code -f -y}: every thread, each
	 * file descriptor named by its path): inside each {@code saveState()} (between marks the child writes to a file
	 * of its own) the database file itself is written and then synced (fsync or fdatasync of that file, not of the
	 * save record beside it) after its last write, so that a save that returned is on the disk. Without strace, or
	 * when it fails or times out, skipped, or a failure under {@code -Dimagestack.require=all}.
	 */
	@Test
	void everySaveReachesTheDisk() throws Exception {
		Required.present(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed: the syncs of a save " +
			"are not checked (.ci/run installs it)");
		final Path trace = dir.resolve("strace.txt");
		final Path marks = dir.resolve("marks");
		final List<String> cmd = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-y", "-qq", "-e",
			"trace=fsync,fdatasync,write,pwrite64,writev,pwritev,pwritev2", "-e", "signal=none", "-s", "16", "-o", trace
				.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System
					.getProperty("java.class.path"), SavesThrice.class.getName(), db(), marks.toString()));
		final Process p = new ProcessBuilder(cmd).inheritIO().start();
		final boolean finished = p.waitFor(180, TimeUnit.SECONDS);
		if (!finished) p.destroyForcibly().waitFor();
		Required.present(finished, "the strace run did not finish within 180 s: the syncs of a save are not checked");
		Required.present(p.exitValue() == 0, "strace could not trace here (exit " + p.exitValue() + "): the syncs " +
			"of a save are not checked");
		final String dbFile = "<" + file().toRealPath() + ">";
		final String markFile = "<" + marks.toAbsolutePath() + ">";
		int saves = 0;
		boolean inSave = false;
		int writes = 0;
		boolean syncedAfterLastWrite = false;
		final List<String> lines = Files.readAllLines(trace);
		for (final String line : lines) {
			if (line.contains(markFile) && line.contains("write(")) {
				if (line.contains("\"begin")) {
					inSave = true;
					writes = 0;
					syncedAfterLastWrite = false;
				}
				else if (line.contains("\"end")) {
					assertTrue(inSave, "a save ended that had not begun: " + line);
					assertTrue(writes > 0, "save " + saves + " wrote the database file " + dbFile);
					assertTrue(syncedAfterLastWrite, "save " + saves + " returned without syncing the database file " +
						dbFile + " after its last of " + writes + " writes to it");
					System.out.println("save " + saves + ": " + writes + " writes to the database file, then a sync");
					saves++;
					inSave = false;
				}
				continue;
			}
			if (!inSave || !line.contains(dbFile)) continue;
			if (line.matches("^\\d+\\s+f(data)?sync\\(.*")) syncedAfterLastWrite = true;
			else if (line.matches("^\\d+\\s+p?writev?(64|2)?\\(.*")) {
				writes++;
				syncedAfterLastWrite = false;
			}
		}
		assertEquals(3, saves, "the three saves were all traced (" + lines.size() + " lines in " + trace + ")");
	}

	/**
	 * Child of {@link #everySaveReachesTheDisk}: creates a stack, saves three times, each save between the marks
	 * "begin" and "end" written to the file {@code args[1]}, then stops without closing.
	 */
	public static final class SavesThrice {

		public static void main(final String... args) throws java.io.IOException {
			final Path marks = Path.of(args[1]);
			final SqlImageStack s = SqlImageStack.create(args[0], "s", PixelType.UINT8, 1);
			for (int i = 0; i < 3; i++) {
				s.addImage(AbstractImageStackTest.ramp(i, 50, 50));
				Files.writeString(marks, "begin " + i + "\n");
				s.saveState();
				Files.writeString(marks, "end " + i + "\n");
			}
			Runtime.getRuntime().halt(0); // no close: what is on disk came from the saves
		}
	}
}
