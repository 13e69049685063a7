package org.imagestack;

/**
 * How far a distributed map has come, as the database says: planes done (committed), planes claimed by a worker
 * with a live lease, and planes in all. Immutable; anyone may read it while the job runs.
 */
public final class JobProgress {

	private final int done;
	private final int claimed;
	private final int total;

	public JobProgress(final int done, final int claimed, final int total) {
		this.done = done;
		this.claimed = claimed;
		this.total = total;
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

	/** @return {@code done/total}, e.g. {@code 120/200} */
	@Override
	public String toString() {
		return done + "/" + total;
	}
}
