package org.imagestack;

/**
 * How far a distributed map has come, as the database says: planes done (committed), planes claimed by a worker
 * with a live lease, and planes in all; and when the job failed (a plane whose function failed too often, a plane
 * removed during the job), which plane and why. Immutable; anyone may read it while the job runs.
 */
public final class JobProgress {

	private final int done;
	private final int claimed;
	private final int total;
	private final String failure;

	public JobProgress(final int done, final int claimed, final int total) {
		this(done, claimed, total, null);
	}

	/** @param failure why the job failed (which plane, the last error), or null while it has not */
	public JobProgress(final int done, final int claimed, final int total, final String failure) {
		this.done = done;
		this.claimed = claimed;
		this.total = total;
		this.failure = failure;
	}

	/**
	 * @return why the job failed: which plane, how often its function failed and its last error, or that it was
	 *         removed during the job, and how to go on; null when it has not failed
	 */
	public String failure() {
		return failure;
	}

	/** @return whether the job failed (its workers stop; see {@link #failure()}) */
	public boolean isFailed() {
		return failure != null;
	}

	/** @return planes mapped and committed */
	public int done() {
		return done;
	}

	/** @return planes a worker is on now (claims whose lease has not run out) */
	public int claimed() {
		return claimed;
	}

	/** @return planes of the job */
	public int total() {
		return total;
	}

	/** @return whether every plane is done */
	public boolean isComplete() {
		return done == total;
	}

	/** @return {@code done/total}, e.g. {@code 120/200}; with {@code , failed: <why>} when the job failed */
	@Override
	public String toString() {
		return done + "/" + total + (failure != null ? ", failed: " + failure : "");
	}
}
