package org.imagestack.sql.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SmallWrites}: a write of several MiB reaches the file in calls of at most 256 KiB, every byte where H2 put
 * it, by position and at the channel's position.
 */
class SmallWritesTest {

	@TempDir
	Path dir;

	@Test
	void aLargeWriteReachesTheFileWholeInSmallCalls() throws IOException {
		final Path file = dir.resolve("f");
		final byte[] a = random(3 * SmallWrites.MAX_CALL + 17, 1), b = random(SmallWrites.MAX_CALL * 2, 2);
		final List<Integer> calls = new ArrayList<>();
		try (FileChannel ch = new SmallWrites.Channel(new Recording(FileChannel.open(file, StandardOpenOption.CREATE,
			StandardOpenOption.WRITE, StandardOpenOption.READ), calls)))
		{
			final ByteBuffer src = ByteBuffer.allocate(a.length + 10);
			src.position(5);
			src.put(a);
			src.flip();
			src.position(5);
			assertEquals(a.length, ch.write(src, 4096));
			assertEquals(src.limit(), src.position(), "the buffer was read to its end");
			ch.position(4096 + a.length);
			assertEquals(b.length, ch.write(ByteBuffer.wrap(b)));
			assertEquals(4096 + a.length + b.length, ch.position());
		}
		final byte[] disk = Files.readAllBytes(file);
		assertEquals(4096 + a.length + b.length, disk.length);
		assertArrayEquals(a, java.util.Arrays.copyOfRange(disk, 4096, 4096 + a.length));
		assertArrayEquals(b, java.util.Arrays.copyOfRange(disk, 4096 + a.length, disk.length));
		assertFalse(calls.isEmpty());
		assertTrue(calls.stream().allMatch(n -> n <= SmallWrites.MAX_CALL), "write calls of " + calls + " bytes");
	}

	@Test
	void theDatabaseFileIsOpenedThroughIt() {
		assertTrue(H2File.url("d", Path.of("/tmp/d"), false).startsWith("jdbc:h2:" + SmallWrites.SCHEME + ":retry:"));
	}

	private static byte[] random(final int n, final long seed) {
		final byte[] out = new byte[n];
		new Random(seed).nextBytes(out);
		return out;
	}

	/** A file channel that records the size of each write it is given. */
	private static final class Recording extends FileChannel {

		private final FileChannel f;
		private final List<Integer> calls;

		Recording(final FileChannel f, final List<Integer> calls) {
			this.f = f;
			this.calls = calls;
		}

		@Override
		public int write(final ByteBuffer src, final long position) throws IOException {
			calls.add(src.remaining());
			return f.write(src, position);
		}

		@Override
		public int write(final ByteBuffer src) throws IOException {
			calls.add(src.remaining());
			return f.write(src);
		}

		@Override
		public long write(final ByteBuffer[] srcs, final int offset, final int length) {
			throw new UnsupportedOperationException();
		}

		@Override
		public int read(final ByteBuffer dst) throws IOException {
			return f.read(dst);
		}

		@Override
		public int read(final ByteBuffer dst, final long position) throws IOException {
			return f.read(dst, position);
		}

		@Override
		public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException {
			return f.read(dsts, offset, length);
		}

		@Override
		public long position() throws IOException {
			return f.position();
		}

		@Override
		public FileChannel position(final long p) throws IOException {
			f.position(p);
			return this;
		}

		@Override
		public long size() throws IOException {
			return f.size();
		}

		@Override
		public FileChannel truncate(final long size) throws IOException {
			f.truncate(size);
			return this;
		}

		@Override
		public void force(final boolean metaData) throws IOException {
			f.force(metaData);
		}

		@Override
		public long transferTo(final long position, final long count, final WritableByteChannel target) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long transferFrom(final ReadableByteChannel src, final long position, final long count) {
			throw new UnsupportedOperationException();
		}

		@Override
		public MappedByteBuffer map(final MapMode mode, final long position, final long size) {
			throw new UnsupportedOperationException();
		}

		@Override
		public FileLock lock(final long position, final long size, final boolean shared) {
			throw new UnsupportedOperationException();
		}

		@Override
		public FileLock tryLock(final long position, final long size, final boolean shared) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void implCloseChannel() throws IOException {
			f.close();
		}
	}
}
