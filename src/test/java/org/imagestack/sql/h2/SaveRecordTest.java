package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The record of saves beside a database file ({@code <file>.mv.db.saves}): a stack it knows that the file lacks is
 * damage; a record that cannot be read is reported, never taken for none; a record of another file (deleted and made
 * again at the same place) is recognised, said once, and replaced.
 */
class SaveRecordTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("x").toString();
	}

	private Path file() {
		return dir.resolve("x.mv.db");
	}

	private Path record() {
		return dir.resolve("x.mv.db.saves");
	}

	private void save(final String name, final int planes) {
		try (SqlImageStack s = SqlImageStack.create(db(), name, PixelType.UINT8, 1)) {
			for (int i = 0; i < planes; i++)
				s.addImage(AbstractImageStackTest.ramp(i, 20, 10));
			s.saveState();
		}
	}

	@Test
	void anOlderCopyFromBeforeAStackExistedIsReported() throws Exception {
		save("a", 2);
		Files.copy(file(), dir.resolve("older"));
		save("b", 1);
		Files.copy(dir.resolve("older"), file(), StandardCopyOption.REPLACE_EXISTING); // record of the later save kept
		final byte[] older = Files.readAllBytes(file());
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqlImageStack
			.stackNames(db()));
		assertTrue(e.getMessage().contains("x.mv.db") && e.getMessage().contains("lacks stack"), e.getMessage());
		assertTrue(java.util.Arrays.equals(older, Files.readAllBytes(file())), "left as it was");
	}

	/** Issue 23 item 24: a copy of a stack is recorded like a save, so a file put back from before it is told. */
	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aCopiedStackIsRecordedSoAFileFromBeforeTheCopyIsReported(final boolean throughTheHandle) throws Exception {
		save("a", 2);
		Files.copy(file(), dir.resolve("older"));
		if (throughTheHandle) try (org.imagestack.sql.StackDatabase d = org.imagestack.sql.StackDatabase.open(db())) {
			d.copy("a", "b");
		}
		else try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "a", 1)) {
			s.copy("b").close();
		}
		assertEquals(List.of("a", "b"), SqlImageStack.stackNames(db()));
		Files.copy(dir.resolve("older"), file(), StandardCopyOption.REPLACE_EXISTING);
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqlImageStack
			.stackNames(db()));
		// through the handle: the file lacks the copy; through the stack: also the save copy() makes first
		assertTrue(e.getMessage().contains(throughTheHandle ? "lacks stack" : "x.mv.db is damaged"), e.getMessage());
	}

	/** Reads every stack's every pixel. */
	private static void readAll(final String db) {
		for (final String name : SqlImageStack.stackNames(db))
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, name, 1)) {
				for (int i = 0; i < s.size(); i++)
					for (final net.imglib2.type.numeric.RealType<?> t : s.get(i))
						t.getRealDouble();
			}
	}

	private static void cutToHalf(final Path file) throws Exception {
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
			java.nio.file.StandardOpenOption.WRITE))
		{
			ch.truncate(ch.size() / 2);
		}
	}

	/**
	 * Issue 23 item 24: the files the project makes or rewrites itself keep their record of saves: a compacted file
	 * and a recovery's target, cut to half, are reported.
	 */
	@Test
	void aCompactedFileAndARecoveredFileCutShortAreReported() throws Exception {
		for (final String name : new String[] { "a", "b", "c" })
			try (SqlImageStack s = SqlImageStack.create(db(), name, PixelType.UINT8, 1)) {
				for (int i = 0; i < 6; i++) {
					final byte[] px = new byte[256 * 256];
					new java.util.Random(i).nextBytes(px);
					s.addImage(net.imglib2.img.array.ArrayImgs.unsignedBytes(px, 256, 256));
				}
				s.saveState();
			}
		SqlImageStack.deleteStack(db(), "a");
		final String recovered = dir.resolve("recovered").toString();
		assertTrue(SqlImageStack.recover(db(), recovered).lost().isEmpty());
		org.imagestack.sql.StackDatabase.compact(db());
		for (final String each : new String[] { db(), recovered }) {
			final Path f = Path.of(each + ".mv.db");
			assertTrue(Files.exists(Path.of(each + ".mv.db.saves")), "a record beside " + f);
			readAll(each);
			cutToHalf(f);
			final RuntimeException e = assertThrows(RuntimeException.class, () -> readAll(each), each);
			assertTrue(e instanceof CorruptDatabaseException && e.getMessage().contains(f.toString()), e.toString());
		}
	}

	@Test
	void aDeletedStackLeavesTheRecord() {
		save("a", 2);
		save("b", 1);
		SqlImageStack.deleteStack(db(), "a");
		assertEquals(List.of("b"), SqlImageStack.stackNames(db()));
		save("c", 1);
		assertEquals(List.of("b", "c"), SqlImageStack.stackNames(db()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "extra line", "stack.1=", "stack.1=2x", "stack.x=1", "stack.1=1\nstack.1=2" })
	void aDamagedRecordIsReportedNeverIgnored(final String damage) throws Exception {
		save("a", 2);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "a", 1)) {
			s.addImage(AbstractImageStackTest.ramp(5, 20, 10));
			s.saveState();
		}
		final String text = new String(Files.readAllBytes(record()), StandardCharsets.UTF_8);
		final String damaged = damage.startsWith("stack.1=") ? text.replaceAll("stack\\.1=\\d+", damage) : text +
			damage + "\n";
		Files.write(record(), damaged.getBytes(StandardCharsets.UTF_8));
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqlImageStack
			.loadFromDatabase(db(), "a", 1).close());
		assertTrue(e.getMessage().contains("x.mv.db.saves") && e.getMessage().contains("damaged") && e.getMessage()
			.contains("line"), e.getMessage());
		assertEquals(damaged, new String(Files.readAllBytes(record()), StandardCharsets.UTF_8), "the record is kept");
	}

	@Test
	void aRecordOfADeletedFileIsRecognisedSaidOnceAndReplaced() throws Exception {
		save("a", 3);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "a", 1)) {
			s.addImage(AbstractImageStackTest.ramp(5, 20, 10));
			s.saveState();
		}
		final String stale = new String(Files.readAllBytes(record()), StandardCharsets.UTF_8);
		Files.delete(file()); // by hand, the record kept
		final PrintStream err = System.err;
		final ByteArrayOutputStream said = new ByteArrayOutputStream();
		System.setErr(new PrintStream(said, true, "UTF-8"));
		try {
			save("n", 1);
			try (SqlImageStack n = SqlImageStack.loadFromDatabase(db(), "n", 1); SqlImageStack c = n.copy("m")) {
				assertEquals(1, c.size());
			}
			assertEquals(List.of("n", "m"), SqlImageStack.stackNames(db()));
		}
		finally {
			System.setErr(err);
		}
		final String log = said.toString("UTF-8");
		assertTrue(log.contains("x.mv.db.saves") && log.contains("another database file"), log);
		assertEquals(log.indexOf("another database file"), log.lastIndexOf("another database file"), "said once: " +
			log);
		final String now = new String(Files.readAllBytes(record()), StandardCharsets.UTF_8);
		assertNotEquals(stale, now);
		assertTrue(now.contains("file="), now);
	}
}
