package org.imagestack.sql.h2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.ErrorCode;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.StorageException;
import org.imagestack.sql.store.Credentials;
import org.imagestack.sql.store.Interrupts;
import org.imagestack.sql.store.Schema;

/**
 * A look at an existing database file before anything opens it for writing, on a read-only connection (H2's
 * {@code ACCESS_MODE_DATA=r}: H2 writes nothing then). H2 writes to a file on every writable open (measured with plain
 * H2 2.4.240: each open and close of a file appends a chunk, and with {@code WRITE_DELAY=0} in the URL what the open
 * changed is stored at once), so whatever would be refused after a writable open is refused here, the file left byte for byte as it was:
 * <ul>
 * <li>an encrypted file (H2's {@code CIPHER=AES}) named without its cipher: said to be encrypted, with how to open
 * it (H2 itself calls it "corrupted");</li>
 * <li>a login the file refuses (made with another user or password): said, with where the login comes from;</li>
 * <li>an H2 file of another program (no image-stack tables), and one of a newer schema version;</li>
 * <li>a file H2 could open only by rewriting part of it (a damaged header), and one holding an older save than its
 * record of saves ({@link SaveRecord}).</li>
 * </ul>
 * An existing file is then opened for writing without {@code WRITE_DELAY=0} in its URL (H2 applies that setting at
 * once by storing the changes it made while opening: the 139,264-byte version 1 file grew to 151,552 while only being
 * read); {@link EmbeddedStore#beforeWriting} sets it before the connection's first write. H2 keeps the setting per
 * open, not in the file.
 */
final class FileLook {

	/** What an H2 file encrypted with a file password begins with ({@code org.h2.store.fs.encrypt.FileEncrypt}). */
	private static final byte[] ENCRYPTED = "H2encrypt\n".getBytes(StandardCharsets.ISO_8859_1);

	/** Whether the record of saves was compared (else the writable connection compares it). */
	final boolean savesChecked;

	private FileLook(final boolean savesChecked) {
		this.savesChecked = savesChecked;
	}

	/** No look was possible (a URL, a file not there yet, a file another process holds). */
	static final FileLook NONE = new FileLook(false);

	/**
	 * @param url the URL the file is about to be opened by (read-only here)
	 * @param create whether the call may create the stacks' tables (an H2 file without any table is then fine)
	 * @throws CorruptDatabaseException when the file is damaged, holds an older save than recorded, or is an H2
	 *           database of another program
	 * @throws StorageException when it is encrypted, refuses the login, or has a newer schema version
	 */
	static FileLook of(final String url, final Path dbFile, final String location, final boolean create) {
		if (!Files.isRegularFile(dbFile)) return NONE;
		// the look is no operation of the caller's: an interrupt of the thread is kept for the open and the call after
		// it (H2's read-only open would clear the flag), not spent on it
		return Interrupts.keptAcross(() -> look(url, dbFile, location, create));
	}

	private static FileLook look(final String url, final Path dbFile, final String location, final boolean create) {
		if (!H2File.ciphered(url)) refuseEncrypted(dbFile, location);
		final java.util.Properties login = new java.util.Properties();
		Credentials.h2(url, login);
		try (Connection c = org.h2.Driver.load().connect(url.replaceAll("(?i);(IFEXISTS|ACCESS_MODE_DATA)=[^;]*", "")
			.replace(";WRITE_DELAY=0", "") + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", login))
		{
			c.setAutoCommit(false);
			if (!(create && Schema.isEmpty(c))) Schema.checkReadable(c, H2Dialect.INSTANCE, location);
			final boolean saves = java.nio.file.Files.exists(SaveRecord.of(dbFile));
			if (saves) H2File.checkSaves(c, dbFile, location);
			c.commit();
			return new FileLook(saves);
		}
		catch (final SQLException e) {
			// H2 found it must write to open the file (a cut or damaged header it would rewrite): H2 leaks the file's
			// lock after this failure, so the writable open would only say "in use by another process"
			if (e.getErrorCode() == ErrorCode.DATABASE_IS_READ_ONLY) throw new CorruptDatabaseException("Database " +
				location + " is damaged: H2 could open it only by rewriting part of it (" + firstLine(String.valueOf(e
					.getMessage())) + "); it was not opened and is left as it is: copy what can be read with " +
				"SqlImageStack.recover", e);
			final RuntimeException t = H2Dialect.INSTANCE.translate(e, location, "open");
			if (e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD) throw new StorageException(t.getMessage() +
				". The file was made with another login (H2 keeps a user and password in the file): give that " +
				"login; the file was not opened and is left as it is", e);
			if (e.getErrorCode() == ErrorCode.FILE_ENCRYPTION_ERROR_1) throw t;
			// locked (the writable open says so, or shares it through autoServer), or other: it says why. "Corrupted"
			// too: a read-only open read a page another connection was writing (ImageJ1MacroTest saw a healthy file
			// called damaged while another thread of the JVM had it open); the open that follows, with H2's locking,
			// judges it, as it did before this look existed
			return NONE;
		}
	}

	/**
	 * An H2 file encrypted with a file password, named without H2's {@code CIPHER=} setting, is said to be encrypted:
	 * H2 would call it corrupted.
	 */
	static void refuseEncrypted(final Path dbFile, final String location) {
		final boolean encrypted;
		try { // not while this JVM has it open: it opened, and the read's close would drop H2's lock on it
			encrypted = HeldFiles.unlessHeldHere(dbFile, false, () -> {
				final byte[] head = new byte[ENCRYPTED.length];
				try (InputStream in = Files.newInputStream(dbFile)) {
					return in.readNBytes(head, 0, head.length) == head.length && java.util.Arrays.equals(head, ENCRYPTED);
				}
			});
		}
		catch (final IOException e) {
			return; // unreadable: the open says why
		}
		if (encrypted) throw new StorageException(encrypted(location), null);
	}

	/** @return what to say of an encrypted file: not damaged, and how to open it */
	static String encrypted(final String location) {
		final String path = location.endsWith(H2File.SUFFIX) ? location.substring(0, location.length() - H2File.SUFFIX
			.length()) : location;
		return "Database " + location + " is encrypted (H2's CIPHER=AES with a file password), not damaged; it was " +
			"not opened and is left as it is. To open it, name it by the URL jdbc:h2:file:" + path + ";CIPHER=AES " +
			"and give the file password and the user's password, separated by a space, as the password: " +
			"IMAGESTACK_DB_PASSWORD (and IMAGESTACK_DB_USER), or the keys password and user of the file named by " +
			"IMAGESTACK_DB_CREDENTIALS";
	}

	private static String firstLine(final String s) {
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}
}
