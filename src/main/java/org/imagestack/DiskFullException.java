package org.imagestack;

/**
 * A write failed because the disk holding the database is full. The last saved state is kept; once there is space
 * again, {@code reload()} continues from it (the changes since the last save are gone with the failed write).
 */
public class DiskFullException extends StorageException {

	private static final long serialVersionUID = 1L;

	private final String location;
	private final long freeBytes;

	public DiskFullException(final String stack, final String location, final long freeBytes, final Throwable cause) {
		super("Disk full while writing " + (stack == null ? "" : "stack '" + stack + "' ") + "to " + location +
			(freeBytes >= 0 ? " (" + freeBytes / 1_000_000 + " MB free)" : "") + ": the last saved state is kept; " +
			"free some space, then reload() (or open the stack again) and repeat the changes since the last save", cause);
		this.location = location;
		this.freeBytes = freeBytes;
	}

	/** @return the same failure, naming the stack that was being written */
	public DiskFullException forStack(final String stack) {
		return new DiskFullException(stack, location, freeBytes, getCause());
	}

	/** @return bytes free on the disk when the write failed, or -1 when unknown */
	public long freeBytes() {
		return freeBytes;
	}
}
