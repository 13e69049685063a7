package org.imagestack.sql.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePathWrapper;

import org.imagestack.sql.store.Interrupts;

/**
 * H2 file system {@code noted:}, under {@code retry:} ({@link H2File#FILE_SYSTEM}): the file's channel as it is, but an
 * interrupt that closes it ({@link ClosedByInterruptException}) is noted for its thread ({@link Interrupts#absorbed()})
 * before {@code retry:} reopens the file and clears the thread's interrupt flag. So the stacks still see the interrupt
 * and fail the operation, instead of it being lost. Its channels are counted in {@link HeldFiles}: one closed while
 * another of the same file is open in this JVM keeps its descriptor until the last closes. Public only because H2
 * makes its paths by reflection.
 */
public final class InterruptNotingPath extends FilePathWrapper {

	static final String SCHEME = "noted";

	private static final InterruptNotingPath INSTANCE = new InterruptNotingPath();

	static {
		org.h2.store.fs.FilePath.register(INSTANCE);
	}

	/** For H2, which makes one per path by reflection. */
	public InterruptNotingPath() {}

	/** Registers the file system with H2 (once; idempotent). */
	static void register() {
		// the static initializer did it
	}

	@Override
	public String getScheme() {
		return SCHEME;
	}

	@Override
	public FileChannel open(final String mode) throws IOException {
		final HeldFiles.Opened opened = HeldFiles.open(H2File.diskPath(getBase().toString()), () -> getBase().open(
			mode));
		return new Noting(opened.channel, opened.key);
	}

	/** A channel that notes interrupts; everything else is the base channel's. */
	private static final class Noting extends FileBase {

		private final FileChannel base;

		/** The file's key in {@link HeldFiles}. */
		private final Object file;

		Noting(final FileChannel base, final Object file) {
			this.base = base;
			this.file = file;
		}

		private static IOException noted(final IOException e) {
			if (e instanceof ClosedByInterruptException) Interrupts.absorbed();
			return e;
		}

		@Override
		public long position() throws IOException {
			try {
				return base.position();
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public FileChannel position(final long newPosition) throws IOException {
			try {
				base.position(newPosition);
				return this;
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public long size() throws IOException {
			try {
				return base.size();
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public int read(final ByteBuffer dst) throws IOException {
			try {
				return base.read(dst);
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public int read(final ByteBuffer dst, final long position) throws IOException {
			try {
				return base.read(dst, position);
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public int write(final ByteBuffer src) throws IOException {
			try {
				return base.write(src);
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public int write(final ByteBuffer src, final long position) throws IOException {
			try {
				return base.write(src, position);
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public FileChannel truncate(final long size) throws IOException {
			try {
				base.truncate(size);
				return this;
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public void force(final boolean metaData) throws IOException {
			try {
				base.force(metaData);
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException {
			try {
				return base.tryLock(position, size, shared);
			}
			catch (final IOException e) {
				throw noted(e);
			}
		}

		@Override
		protected void implCloseChannel() throws IOException {
			HeldFiles.close(file, base); // parked while another channel of the file is open here: its lock stays
		}

		@Override
		public String toString() {
			return SCHEME + ":" + base;
		}
	}
}
