package org.imagestack.sql.h2;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The database files this JVM has open through H2 (the {@code noted:} file system's channels), so that the file lock
 * H2 holds on one is never lost to another descriptor of the same file. On Linux and macOS a {@link java.nio.channels.FileLock}
 * is a POSIX lock, and closing <em>any</em> descriptor of a file drops every such lock the process holds on it: a
 * look at a file this JVM has open (its header read, a second open that H2 finds locked) would otherwise leave the
 * file open to another process while H2 still writes it, and two writers damage it.
 * <p>
 * So a channel closed while another channel of the same file is open in this JVM is parked, not closed, until the
 * last one closes; and a read of a file outside H2 is skipped while this JVM holds it ({@link #unlessHeldHere}).
 */
final class HeldFiles {

	/** A function that reads a file and may fail. */
	interface Read<T> {

		T read() throws IOException;
	}

	/** The open channels of one file, and the descriptors closed meanwhile that wait for the last one. */
	private static final class Entry {

		int open;

		final List<FileChannel> parked = new ArrayList<>();
	}

	/** A channel {@link #open} gave, and its file's key for {@link #close}. */
	static final class Opened {

		final FileChannel channel;
		final Object key;

		Opened(final FileChannel channel, final Object key) {
			this.channel = channel;
			this.key = key;
		}
	}

	/** By the file's key (device and inode): one file, whatever path names it. */
	private static final Map<Object, Entry> OPEN = new HashMap<>();

	private HeldFiles() {}

	/** @return the file's identity, or its absolute path when the file system gives none (or the file is absent) */
	static Object key(final Path file) {
		try {
			final Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
			return key != null ? key : file.toRealPath();
		}
		catch (final IOException e) {
			return file.toAbsolutePath().normalize();
		}
	}

	/**
	 * Opens a channel of a file (under the lock that closes are made under, so that no close drops a lock taken on
	 * the new channel) and counts it as open.
	 *
	 * @return the channel and the file's key, for {@link #close}
	 */
	static synchronized Opened open(final Path file, final Read<FileChannel> open) throws IOException {
		final FileChannel channel = open.read();
		final Object key = key(file);
		OPEN.computeIfAbsent(key, k -> new Entry()).open++;
		return new Opened(channel, key);
	}

	/**
	 * Closes a channel {@link #open} gave, or parks it while another channel of the file is open in this JVM (its
	 * close would drop that channel's lock); the last close closes the parked ones too.
	 */
	static synchronized void close(final Object key, final FileChannel channel) throws IOException {
		final Entry e = OPEN.get(key);
		if (e != null && --e.open > 0) {
			e.parked.add(channel);
			return;
		}
		OPEN.remove(key);
		IOException failed = null;
		final List<FileChannel> all = new ArrayList<>(e == null ? List.of() : e.parked);
		all.add(channel);
		for (final FileChannel c : all)
			try {
				c.close();
			}
			catch (final IOException x) {
				if (failed == null) failed = x;
			}
		if (failed != null) throw failed;
	}

	/**
	 * Reads a file outside H2 (its header, whether another process locks it) unless this JVM has it open through H2:
	 * the read's descriptor, closed, would drop H2's lock on the file.
	 *
	 * @return what {@code read} gave, or {@code held} when this JVM has the file open (nothing is read)
	 */
	static synchronized <T> T unlessHeldHere(final Path file, final T held, final Read<T> read) throws IOException {
		if (Files.exists(file) && OPEN.containsKey(key(file))) return held;
		return read.read();
	}
}
