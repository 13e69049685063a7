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

	/**
	 * @param source the damaged database being recovered
	 * @param what what became of the target, e.g. "the file this recovery began was removed"
	 * @return the same failure, told as one of a recovery's target: the source's stacks are not lost, the target is
	 *         full
	 */
	public DiskFullException whileRecovering(final String source, final String what) {
		return new DiskFullException("Disk full while recovering " + source + " into " + location + (freeBytes >= 0 ?
			" (" + freeBytes / 1_000_000 + " MB free)" : "") + ": the recovery stopped; " + what + ". Nothing of " +
			source + " is lost by this (it is left as it is): free some space, or recover into a database on another " +
			"disk, and run the recovery again", getCause(), location, freeBytes);
	}

	private DiskFullException(final String message, final Throwable cause, final String location,
		final long freeBytes)
	{
		super(message, cause);
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
