package org.imagestack.sql.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system {@value #SCHEME}{@code :}: the file system it wraps, with every write handed down in calls of at
 * most {@value #MAX_CALL} bytes. H2 stores its pages in one {@code write} per chunk (about 2 MB here, see
 * {@link EmbeddedStore}); on the machine this was measured on, {@code write} calls of 1 MiB and more ran at 319-498
 * MB/s (kernel time), calls of 512 KiB and less at 1.1-1.6 GB/s (ImageJ's TIFF writer, HDF5 and zarr write in calls
 * of that size). The bytes, their order, positions and every sync stay as H2 makes them: a chunk is whole on the disk
 * only once H2 syncs it, with or without this.
 */
public final class SmallWrites extends FilePathWrapper {

	/** For H2, which makes one per path by reflection; {@link #register} makes the first. */
	public SmallWrites() {}

	/** The scheme, as in {@code smallwrites:retry:noted:/data/crack.mv.db}. */
	static final String SCHEME = "smallwrites";

	/** The largest write call handed down, in bytes. */
	static final int MAX_CALL = 256 << 10;

	private static boolean registered;

	/** Makes the scheme known to H2 (once per class loader of H2). */
	static synchronized void register() {
		if (registered) return;
		FilePath.register(new SmallWrites());
		registered = true;
	}

	@Override
	public String getScheme() {
		return SCHEME;
	}

	@Override
	public FileChannel open(final String mode) throws IOException {
		return new Channel(getBase().open(mode));
	}

	/** A file channel whose writes go down in calls of at most {@link #MAX_CALL} bytes. */
	static final class Channel extends FileChannel {

		private final FileChannel base;

		Channel(final FileChannel base) {
			this.base = base;
		}

		@Override
		public int write(final ByteBuffer src, final long position) throws IOException {
			final int limit = src.limit();
			int written = 0;
			try {
				while (src.position() < limit) {
					src.limit(Math.min(limit, src.position() + MAX_CALL));
					written += base.write(src, position + written);
				}
			}
			finally {
				src.limit(limit);
			}
			return written;
		}

		@Override
		public int write(final ByteBuffer src) throws IOException {
			final int limit = src.limit();
			int written = 0;
			try {
				while (src.position() < limit) {
					src.limit(Math.min(limit, src.position() + MAX_CALL));
					written += base.write(src);
				}
			}
			finally {
				src.limit(limit);
			}
			return written;
		}

		@Override
		public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException {
			long written = 0;
			for (int i = offset; i < offset + length; i++)
				written += write(srcs[i]);
			return written;
		}

		@Override
		public int read(final ByteBuffer dst) throws IOException {
			return base.read(dst);
		}

		@Override
		public int read(final ByteBuffer dst, final long position) throws IOException {
			return base.read(dst, position);
		}

		@Override
		public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException {
			return base.read(dsts, offset, length);
		}

		@Override
		public long position() throws IOException {
			return base.position();
		}

		@Override
		public FileChannel position(final long newPosition) throws IOException {
			base.position(newPosition);
			return this;
		}

		@Override
		public long size() throws IOException {
			return base.size();
		}

		@Override
		public FileChannel truncate(final long size) throws IOException {
			base.truncate(size);
			return this;
		}

		@Override
		public void force(final boolean metaData) throws IOException {
			base.force(metaData);
		}

		@Override
		public long transferTo(final long position, final long count, final WritableByteChannel target)
			throws IOException
		{
			return base.transferTo(position, count, target);
		}

		@Override
		public long transferFrom(final ReadableByteChannel src, final long position, final long count)
			throws IOException
		{
			return base.transferFrom(src, position, count);
		}

		@Override
		public MappedByteBuffer map(final MapMode mode, final long position, final long size) throws IOException {
			return base.map(mode, position, size);
		}

		@Override
		public FileLock lock(final long position, final long size, final boolean shared) throws IOException {
			return base.lock(position, size, shared);
		}

		@Override
		public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException {
			return base.tryLock(position, size, shared);
		}

		@Override
		protected void implCloseChannel() throws IOException {
			base.close();
		}

		@Override
		public String toString() {
			return base.toString();
		}
	}
}
