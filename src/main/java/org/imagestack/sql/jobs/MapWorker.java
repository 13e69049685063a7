package org.imagestack.sql.jobs;

import java.lang.management.ManagementFactory;
import java.util.UUID;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.PlaneFunction;
import org.imagestack.StackRecord;
import org.imagestack.StorageException;
import org.imagestack.sql.cells.PlaneRow;
import org.imagestack.sql.store.Catalog;
import org.imagestack.sql.store.CellStore;
import org.imagestack.sql.store.Database;

/**
 * One worker of a distributed map, on a connection of its own: claims a plane, applies the function, and in one
 * transaction stores the result in place of the plane, marks the task done and moves the stack's version on; then
 * the next plane, until every plane of the job is done. Any number of workers (threads, processes, machines) may run
 * one job together; each plane is mapped exactly once in the committed result, since a task is marked done only by
 * the worker that still holds its claim, in the transaction that stores its plane.
 * <p>
 * A worker killed mid-plane leaves an uncommitted transaction, which the database discards, and a claim, which others
 * take over once its lease has run out. When the function fails, the worker rolls its plane back, gives the claim
 * back with the failure counted and rethrows: the job stays as it was, to be resumed. A plane whose function has
 * failed {@code maxFailures} times (by any workers), or whose plane was removed during the job, fails the job: every
 * worker then stops with a {@link StorageException} saying which plane and why, and {@link JobStore#resume} lets it
 * go on. A worker finding no free plane while others still hold claims waits for them (they finish, or their leases
 * run out); it returns once the job is complete.
 * </p>
 */
public final class MapWorker {

	/** Opens a new connection to the database (the worker's own). */
	private final java.util.function.Supplier<Database> address;
	private final String stackName;
	private final String jobName;
	private final long leaseMs;
	private final int maxFailures;
	private final String worker = ManagementFactory.getRuntimeMXBean().getName() + "#" + UUID.randomUUID().toString()
		.substring(0, 8);

	/**
	 * @param maxFailures how often a plane's function may fail (by any workers) before the job fails (at least 1)
	 */
	public MapWorker(final java.util.function.Supplier<Database> address, final String stackName, final String jobName,
		final long leaseMs, final int maxFailures)
	{
		if (jobName == null || jobName.trim().isEmpty()) throw new IllegalArgumentException("A map job needs a name " +
			"(workers that give the same name share the job)");
		if (leaseMs < 1) throw new IllegalArgumentException("The lease must be positive, not " + leaseMs + " ms");
		if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1, not " + maxFailures);
		this.maxFailures = maxFailures;
		this.address = address;
		this.stackName = stackName;
		this.jobName = jobName;
		this.leaseMs = leaseMs;
	}

	/**
	 * Works on the job until it is complete.
	 *
	 * @return how many planes this worker mapped
	 */
	public int run(final PlaneFunction f) {
		try (Database db = address.get()) {
			final CellStore store = new CellStore(db);
			final JobStore jobs = new JobStore(db);
			final StackRecord stack = new Catalog(db).requireStack(stackName);
			final long job = jobs.job(stack.id(), jobName);
			int mine = 0;
			for (;;) {
				final String failure = jobs.failure(job);
				if (failure != null) throw new StorageException("Map job '" + jobName + "' of stack '" + stackName +
					"' in " + db.location() + " failed: " + failure, null);
				final Long plane = jobs.claim(job, worker, leaseMs);
				if (plane == null) {
					if (jobs.progress(stack.id(), jobName).isComplete()) return mine;
					pause();
				}
				else {
					final java.util.concurrent.ScheduledFuture<?> alive = keepAlive(job, plane);
					try {
						if (map(db, store, jobs, stack, job, plane, f)) mine++;
					}
					finally {
						alive.cancel(false);
					}
				}
			}
		}
	}

	/** Renews the leases of workers working on a plane, on connections of their own (daemon threads). */
	private static final java.util.concurrent.ScheduledExecutorService RENEWER = java.util.concurrent.Executors
		.newScheduledThreadPool(1, r -> {
			final Thread t = new Thread(r, "ImageStack map lease renewal");
			t.setDaemon(true);
			return t;
		});

	/**
	 * Keeps this worker's claim on a plane alive while the function runs, a third of the lease at a time: a plane
	 * that takes longer than the lease is not taken over by idle workers as long as this worker lives (before, they
	 * kept stealing it from each other and the job never ended). A worker that dies stops renewing, and its plane is
	 * taken over when the lease runs out.
	 */
	private java.util.concurrent.ScheduledFuture<?> keepAlive(final long job, final long plane) {
		final long every = Math.max(1, leaseMs / 3);
		return RENEWER.scheduleWithFixedDelay(() -> {
			try (Database renewal = address.get()) {
				new JobStore(renewal).renew(job, plane, worker, leaseMs);
			}
			catch (final RuntimeException e) {
				// the next renewal tries again; the worker's own finish says whether it still held the claim
			}
		}, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
	}

	/** Maps one claimed plane; @return whether it was committed (false: the claim was lost meanwhile) */
	private boolean map(final Database db, final CellStore store, final JobStore jobs, final StackRecord stack,
		final long job, final long planeId, final PlaneFunction f)
	{
		boolean ended = false; // committed, or rolled back here: else (whatever f threw) undone in finally
		Throwable failure = null;
		try {
			final PlaneRow row = store.plane(stack.id(), planeId);
			if (row == null) {
				final String why = "plane " + planeId + " was removed or replaced by another handle during the job, so " +
					"the job cannot finish (every worker stops): to go on with the planes there are now (the planes " +
					"already mapped are not mapped again), call resumeJob(database, '" + stack.name() + "', '" + jobName +
					"') then run the workers again";
				store.rollback();
				jobs.removed(job, planeId, worker, why);
				ended = true;
				throw new StorageException("Map job '" + jobName + "' of stack '" + stack.name() + "' in " + db
					.location() + " failed: " + why, null);
			}
			final Img<? extends RealType<?>> in = PlaneRewrite.read(store, stack, row);
			final RandomAccessibleInterval<? extends RealType<?>> out = f.apply(in);
			final long result = PlaneRewrite.replace(store, stack, row, out == null ? in : out);
			final boolean held = jobs.finish(job, planeId, worker, result);
			if (held) {
				new Catalog(db).recordChange(stack.id());
				store.commit();
			}
			else store.rollback(); // the lease ran out and another worker has the plane
			ended = true;
			return held;
		}
		catch (final Throwable e) { // f may throw checked exceptions sneakily: rethrown as they are
			failure = e;
			throw e;
		}
		finally {
			if (!ended && !db.isLost()) {
				store.rollback();
				jobs.failed(job, planeId, worker, describe(planeId, failure), maxFailures);
			}
		}
	}

	/** @return what the job's failure says of a plane whose function failed (the failures are counted by the store) */
	private String describe(final long planeId, final Throwable e) {
		final String error = e == null ? "a checked exception" : e.getClass().getName() + (e.getMessage() != null ?
			": " + e.getMessage() : "");
		return "the function failed on plane " + planeId + " " + maxFailures + " time" + (maxFailures == 1 ? "" : "s") +
			" (the most a plane may: maxFailures), the last time with " + error + "; the planes already mapped are " +
			"saved, the others are as they were: to go on, fix the function, call resumeJob(database, '" + stackName +
			"', '" + jobName + "') and run the workers again";
	}

	/** Waits a little for other workers' planes (a tenth of the lease, between 50 ms and 1 s). */
	private void pause() {
		try {
			Thread.sleep(Math.max(50, Math.min(1000, leaseMs / 10)));
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the other workers of map job '" + jobName +
				"'", e);
		}
	}
}
