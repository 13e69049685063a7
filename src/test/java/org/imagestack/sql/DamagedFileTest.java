package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

	/** Counts fsync/fdatasync calls of a child JVM that saves three times, with strace (skipped where missing). */
	@Test
	void everySaveReachesTheDisk() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace is not installed: fsyncs not counted");
		final List<String> cmd = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-c", "-e",
			"trace=fsync,fdatasync", "-o", dir.resolve("strace.txt").toString(), Path.of(System.getProperty(
				"java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"), SavesThrice.class
					.getName(), db()));
		final Process p = new ProcessBuilder(cmd).inheritIO().start();
		assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "strace run did not finish");
		assumeTrue(p.exitValue() == 0, "strace could not trace here (exit " + p.exitValue() + ")");
		final String counts = Files.readString(dir.resolve("strace.txt"));
		long syncs = 0;
		for (final String line : counts.split("\n")) {
			final String[] f = line.trim().split("\\s+");
			if (f.length >= 5 && (line.endsWith("fsync") || line.endsWith("fdatasync"))) syncs += Long.parseLong(f[3]);
		}
		System.out.println("fsyncs for 3 saves and a create: " + syncs + "\n" + counts);
		assertTrue(syncs >= 3, "every save syncs the database file: " + counts);
	}

	/** Child of {@link #everySaveReachesTheDisk}: creates a stack, saves three times, then stops without closing. */
	public static final class SavesThrice {

		public static void main(final String... args) {
			final SqlImageStack s = SqlImageStack.create(args[0], "s", PixelType.UINT8, 1);
			for (int i = 0; i < 3; i++) {
				s.addImage(AbstractImageStackTest.ramp(i, 50, 50));
				s.saveState();
			}
			Runtime.getRuntime().halt(0); // no close: what is on disk came from the saves
		}
	}
}
