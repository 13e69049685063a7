package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.StorageException;

/**
 * Issue 23 item 23: H2 files that are not (readable) image-stack databases: another program's plain H2 file is never
 * written by a call that only reads or that refuses it; an encrypted file and one made with another login are said to
 * be so (with how to open them), never "damaged".
 */
class ForeignH2FileTest {

	@TempDir
	Path dir;

	private static final String CREDENTIALS = "imagestack.db.credentials";

	@AfterEach
	void noLogin() {
		System.clearProperty(CREDENTIALS);
	}

	/** The file's bytes and modification time. */
	private static Supplier<String> state(final Path file) {
		return () -> {
			try {
				final FileTime t = Files.getLastModifiedTime(file);
				return java.util.Arrays.hashCode(Files.readAllBytes(file)) + " " + Files.size(file) + " " + t.toInstant();
			}
			catch (final java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		};
	}

	private static void unchanged(final Path file, final Executable call, final String what) throws Exception {
		final byte[] bytes = Files.readAllBytes(file);
		final FileTime time = Files.getLastModifiedTime(file);
		final Throwable e = assertThrows(Throwable.class, call, what);
		assertArrayEquals(bytes, Files.readAllBytes(file), what + " changed the file's bytes (" + e + ")");
		assertEquals(time, Files.getLastModifiedTime(file), what + " changed the file's time");
		assertTrue(e instanceof StorageException, what + ": " + e);
	}

	private void login(final String user, final String password) throws Exception {
		final Path f = dir.resolve("login.properties");
		Files.writeString(f, "user=" + user + "\npassword=" + password + "\n");
		System.setProperty(CREDENTIALS, f.toString());
	}

	@Test
	void aPlainH2FileOfAnotherProgramIsNeverWritten() throws Exception {
		final String db = dir.resolve("other").toString();
		final Path file = Path.of(db + ".mv.db");
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "");
			Statement st = c.createStatement())
		{
			st.execute("CREATE TABLE MEASUREMENTS(ID INT PRIMARY KEY, VAL DOUBLE, DATA BLOB)");
			st.execute("INSERT INTO MEASUREMENTS VALUES(1, 2.5, X'010203')");
		}
		final String before = state(file).get();
		unchanged(file, () -> SqlImageStack.stackNames(db), "stackNames");
		unchanged(file, () -> SqlImageStack.listStacks(db), "listStacks");
		unchanged(file, () -> SqlImageStack.loadFromDatabase(db, "s", 1).close(), "loadFromDatabase");
		unchanged(file, () -> StackDatabase.open(db).close(), "StackDatabase.open");
		unchanged(file, () -> SqlImageStack.deleteStack(db, "s"), "deleteStack");
		unchanged(file, () -> SqlImageStack.create(db, "s", PixelType.UINT8, 1).close(), "create");
		final CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> SqlImageStack
			.stackNames(db));
		assertTrue(e.getMessage().contains("holds no image stacks"), e.getMessage());
		assertEquals(before, state(file).get());
		try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db + ";ACCESS_MODE_DATA=r", "sa", "");
			Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
				"SELECT VAL FROM MEASUREMENTS"))
		{
			assertTrue(rs.next());
			assertEquals(2.5, rs.getDouble(1));
		}
	}

	@Test
	void anEncryptedFileIsSaidToBeEncryptedAndOpensWithItsCipherAndPassword() throws Exception {
		final String path = dir.resolve("secret").toString();
		final String url = "jdbc:h2:file:" + path + ";CIPHER=AES";
		final Path file = Path.of(path + ".mv.db");
		login("sa", "filepw userpw");
		try (SqlImageStack s = SqlImageStack.create(url, "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[] { 9 }, 1, 1));
			s.saveState();
		}
		System.clearProperty(CREDENTIALS);
		for (final Executable call : List.<Executable> of(() -> SqlImageStack.stackNames(path),
			() -> SqlImageStack.loadFromDatabase(path, "s", 1), () -> SqlImageStack.create(path, "t", PixelType.UINT8, 1)))
		{
			unchanged(file, call, "a call on an encrypted file");
			final StorageException e = assertThrows(StorageException.class, call);
			assertFalse(e instanceof CorruptDatabaseException, e.toString());
			assertTrue(e.getMessage().contains("is encrypted") && e.getMessage().contains(";CIPHER=AES") && !e
				.getMessage().contains("damaged,") && !e.getMessage().contains("recover"), e.getMessage());
		}
		login("sa", "wrong userpw");
		final StorageException wrong = assertThrows(StorageException.class, () -> SqlImageStack.stackNames(url));
		assertFalse(wrong instanceof CorruptDatabaseException, wrong.toString());
		assertTrue(wrong.getMessage().contains("file password"), wrong.getMessage());
		login("sa", "filepw userpw");
		assertEquals(List.of("s"), SqlImageStack.stackNames(url));
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(url, "s", 1)) {
			assertEquals(9, r.get(0).firstElement().getRealDouble());
		}
	}

	@Test
	void aFileOfAnotherLoginIsSaidToNeedItsLogin() throws Exception {
		final String path = dir.resolve("bob").toString();
		final Path file = Path.of(path + ".mv.db");
		login("bob", "secret");
		try (SqlImageStack s = SqlImageStack.create(path, "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[] { 4 }, 1, 1));
			s.saveState();
		}
		System.clearProperty(CREDENTIALS);
		for (final Executable call : List.<Executable> of(() -> SqlImageStack.stackNames(path),
			() -> SqlImageStack.loadFromDatabase(path, "s", 1)))
		{
			unchanged(file, call, "a call with the wrong login");
			final StorageException e = assertThrows(StorageException.class, call);
			assertFalse(e instanceof CorruptDatabaseException, e.toString());
			assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("IMAGESTACK_DB_CREDENTIALS") && !e
				.getMessage().contains("damaged"), e.getMessage());
		}
		login("bob", "secret");
		assertEquals(List.of("s"), SqlImageStack.stackNames(path));
	}
}
