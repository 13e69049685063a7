package org.imagestack.sql.store;

import org.imagestack.StorageException;

/**
 * A thread's interrupt, kept across H2's {@code retry:} file system. An interrupt that lands while a thread is in the
 * database file's I/O closes the file's channel; {@code retry:} reopens it and clears the thread's interrupt flag, so
 * the operation would go on as if nothing happened. The file layer below it (sql.h2) notes each such interrupt here,
 * per thread; the stacks' checkpoints ({@link #pending()}) see it, set the flag again (Java's convention: an
 * interrupted call leaves the interrupt status set) and fail the operation with {@link #interrupted}.
 */
public final class Interrupts {

	/** Per thread: an interrupt the file layer absorbed and nobody has set again yet. */
	private static final ThreadLocal<boolean[]> ABSORBED = ThreadLocal.withInitial(() -> new boolean[1]);

	private Interrupts() {}

	/** Notes that the current thread's interrupt closed the database file's channel (the file layer calls this). */
	public static void absorbed() {
		ABSORBED.get()[0] = true;
	}

	/** Sets the current thread's interrupt flag again when the file layer absorbed an interrupt of it. */
	public static void restore() {
		final boolean[] noted = ABSORBED.get();
		if (noted[0]) {
			noted[0] = false;
			Thread.currentThread().interrupt();
		}
	}

	/** @return whether the current thread was interrupted (its flag, set again when the file layer absorbed it) */
	public static boolean pending() {
		restore();
		return Thread.currentThread().isInterrupted();
	}

	/**
	 * Runs work that is no operation of the caller's to interrupt (closing, a look before an open, a setting H2 applies
	 * by joining its writer thread) with the thread's interrupt flag cleared, and sets the flag again afterwards, so
	 * that H2 does not spend it on that work: the caller's operation still sees it.
	 *
	 * @return what {@code work} gave
	 */
	public static <T> T keptAcross(final java.util.function.Supplier<T> work) {
		final boolean interrupted = Thread.interrupted();
		try {
			return work.get();
		}
		finally {
			if (interrupted) Thread.currentThread().interrupt();
		}
	}

	/**
	 * @param what what was interrupted and what became of it, e.g. "addImage on stack 'a' in crack.mv.db was undone"
	 * @return the error for an interrupted operation (the thread's interrupt status stays set)
	 */
	public static StorageException interrupted(final String what) {
		return new StorageException("Interrupted: " + what + " (the thread was interrupted, e.g. by Fiji's Kill or " +
			"Future.cancel; its interrupt status is kept): call again from a thread that is not interrupted", null);
	}
}
