package org.imagestack.sql.jobs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.imagestack.JobProgress;
import org.imagestack.sql.store.Database;
import org.imagestack.sql.store.Schema;
import org.imagestack.sql.store.SqlWork;

/**
 * The distributed maps' tables ({@code MAP_JOBS}, {@code MAP_TASKS}): jobs, claims with leases, completion. A task
 * is {@code TODO} (0), {@code CLAIMED} (1, by a worker until its lease runs out), {@code DONE} (2, with the id of
 * the plane that replaced it) or {@code FAILED} (3: its function failed as often as the job allows, or its plane was
 * removed; the job has failed, {@code LAST_ERROR} says why). Leases are counted in milliseconds of the database's clock, so that workers on
 * machines whose clocks differ agree. Claims skip rows another worker holds locked ({@code FOR UPDATE SKIP LOCKED},
 * PostgreSQL and H2 alike) and are committed at once; the claim's conditional update is what decides. Finishing a
 * task is part of the caller's transaction, with the plane it wrote.
 */
public final class JobStore extends SqlWork {

	private static final int TODO = 0, CLAIMED = 1, DONE = 2, FAILED = 3;

	/** The database's time in milliseconds since 1970 (the transaction's start time). */
	private static final String NOW = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

	/** A task anyone may claim: never claimed, or its claim's lease ran out. */
	private static final String FREE = "(STATE = " + TODO + " OR STATE = " + CLAIMED + " AND LEASE_UNTIL < " + NOW +
		")";

	public JobStore(final Database db) {
		super(db);
	}

	/**
	 * @return the id of job {@code name} of the stack, made (committed, one task per plane saved now) when missing;
	 *         of several workers starting it at once, one makes it and the others find it
	 */
	public long job(final long stackId, final String name) {
		db.requireWritable("start map job '" + name + "'");
		sql("make the map tables", () -> { // for a database made before them; tried twice: two workers may race
			for (int attempt = 0;; attempt++)
				try (Statement st = c.createStatement()) {
					Schema.createJobTables(st);
					c.commit();
					return null;
				}
				catch (final SQLException e) {
					if (attempt == 1) throw e;
					c.rollback();
				}
		});
		for (int attempt = 0;; attempt++) {
			final Long id = findJob(stackId, name);
			if (id != null) return id;
			final boolean last = attempt == 2;
			final Long made = sql("start map job '" + name + "'", () -> {
				try {
					return createJob(stackId, name);
				}
				catch (final SQLException e) {
					if (last) throw e;
					c.rollback(); // made by another worker meanwhile (or its tables were): look again
					return null;
				}
			});
			if (made != null) return made;
		}
	}

	private Long findJob(final long stackId, final String name) {
		return sql("find map job '" + name + "'", () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM MAP_JOBS WHERE STACK_ID = ? AND NAME = ?")) {
				ps.setLong(1, stackId);
				ps.setString(2, name);
				try (ResultSet rs = ps.executeQuery()) {
					final Long id = rs.next() ? rs.getLong(1) : null;
					c.commit();
					return id;
				}
			}
		});
	}

	private long createJob(final long stackId, final String name) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO MAP_JOBS(STACK_ID, NAME, TOTAL, CREATED) SELECT ?, " +
			"?, COUNT(*), CURRENT_TIMESTAMP FROM PLANES WHERE STACK_ID = ?"))
		{
			ps.setLong(1, stackId);
			ps.setString(2, name);
			ps.setLong(3, stackId);
			ps.executeUpdate();
		}
		final long id;
		try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM MAP_JOBS WHERE STACK_ID = ? AND NAME = ?")) {
			ps.setLong(1, stackId);
			ps.setString(2, name);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				id = rs.getLong(1);
			}
		}
		update("INSERT INTO MAP_TASKS(JOB_ID, PLANE_ID, POS, STATE) SELECT ?, PLANE_ID, POS, " + TODO + " FROM PLANES " +
			"WHERE STACK_ID = ?", id, stackId);
		c.commit();
		return id;
	}

	/**
	 * Claims a free task for a worker (committed).
	 *
	 * @param leaseMs how long the claim holds before others may take it over
	 * @return the claimed plane's id, or null when no task is free now
	 */
	Long claim(final long jobId, final String worker, final long leaseMs) {
		return sql("claim a plane of map job " + jobId, () -> {
			Long plane = null;
			try (PreparedStatement ps = c.prepareStatement("SELECT PLANE_ID FROM MAP_TASKS WHERE JOB_ID = ? AND " + FREE +
				" ORDER BY POS LIMIT 1 FOR UPDATE SKIP LOCKED"))
			{
				ps.setLong(1, jobId);
				try (ResultSet rs = ps.executeQuery()) {
					if (rs.next()) plane = rs.getLong(1);
				}
			}
			if (plane != null) try (PreparedStatement ps = c.prepareStatement("UPDATE MAP_TASKS SET STATE = " +
				CLAIMED + ", WORKER = ?, LEASE_UNTIL = " + NOW + " + ?, CLAIMS = CLAIMS + 1 WHERE JOB_ID = ? AND " +
				"PLANE_ID = ? AND " + FREE))
			{
				ps.setString(1, worker);
				ps.setLong(2, leaseMs);
				ps.setLong(3, jobId);
				ps.setLong(4, plane);
				if (ps.executeUpdate() != 1) plane = null; // taken by another worker meanwhile
			}
			c.commit();
			return plane;
		});
	}

	/**
	 * Marks a claimed task done (uncommitted: with the plane that replaced it, in the caller's transaction).
	 *
	 * @return whether the worker still held the claim (false: its lease ran out and another worker took the task
	 *         over, or finished it; the caller must roll back)
	 */
	boolean finish(final long jobId, final long planeId, final String worker, final long resultId) {
		return sql("finish plane " + planeId + " of map job " + jobId, () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE MAP_TASKS SET STATE = " + DONE + ", RESULT_ID = ?, " +
				"LEASE_UNTIL = 0 WHERE JOB_ID = ? AND PLANE_ID = ? AND STATE = " + CLAIMED + " AND WORKER = ?"))
			{
				ps.setLong(1, resultId);
				ps.setLong(2, jobId);
				ps.setLong(3, planeId);
				ps.setString(4, worker);
				return ps.executeUpdate() == 1;
			}
		});
	}

	/**
	 * Keeps a worker's claim alive while it works on the plane (committed, on a connection of its own: the worker's is
	 * in the middle of its plane's transaction).
	 *
	 * @return whether the worker still held the claim
	 */
	boolean renew(final long jobId, final long planeId, final String worker, final long leaseMs) {
		return sql("keep the claim on plane " + planeId + " of map job " + jobId, () -> {
			final int rows;
			try (PreparedStatement ps = c.prepareStatement("UPDATE MAP_TASKS SET LEASE_UNTIL = " + NOW + " + ? WHERE " +
				"JOB_ID = ? AND PLANE_ID = ? AND STATE = " + CLAIMED + " AND WORKER = ?"))
			{
				ps.setLong(1, leaseMs);
				ps.setLong(2, jobId);
				ps.setLong(3, planeId);
				ps.setString(4, worker);
				rows = ps.executeUpdate();
			}
			c.commit();
			return rows == 1;
		});
	}

	/**
	 * Gives a claim back at once (committed), after the worker's function failed on its plane: the failure is counted
	 * and its message kept; the plane's task fails (and with it the job) once it has failed {@code maxFailures} times.
	 *
	 * @param maxFailures failures after which the plane is not tried again (1: the first failure fails the job)
	 */
	void failed(final long jobId, final long planeId, final String worker, final String error, final int maxFailures) {
		sql("release plane " + planeId + " of map job " + jobId, () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE MAP_TASKS SET STATE = CASE WHEN FAILURES + 1 >= ? " +
				"THEN " + FAILED + " ELSE " + TODO + " END, FAILURES = FAILURES + 1, LAST_ERROR = ?, LEASE_UNTIL = 0 " +
				"WHERE JOB_ID = ? AND PLANE_ID = ? AND STATE = " + CLAIMED + " AND WORKER = ?"))
			{
				ps.setInt(1, maxFailures);
				ps.setString(2, clip(error));
				ps.setLong(3, jobId);
				ps.setLong(4, planeId);
				ps.setString(5, worker);
				ps.executeUpdate();
			}
			c.commit();
			return null;
		});
	}

	/** Fails a plane's task at once (committed): its plane is gone, so the job cannot finish. */
	void removed(final long jobId, final long planeId, final String worker, final String error) {
		sql("fail plane " + planeId + " of map job " + jobId, () -> {
			try (PreparedStatement ps = c.prepareStatement("UPDATE MAP_TASKS SET STATE = " + FAILED + ", LAST_ERROR = ?, " +
				"LEASE_UNTIL = 0 WHERE JOB_ID = ? AND PLANE_ID = ? AND STATE = " + CLAIMED + " AND WORKER = ?"))
			{
				ps.setString(1, clip(error));
				ps.setLong(2, jobId);
				ps.setLong(3, planeId);
				ps.setString(4, worker);
				ps.executeUpdate();
			}
			c.commit();
			return null;
		});
	}

	private static String clip(final String error) {
		final String e = String.valueOf(error);
		return e.length() <= 2000 ? e : e.substring(0, 1997) + "...";
	}

	/** @return why the job failed (its first failed plane's message), or null while it has not (committed) */
	String failure(final long jobId) {
		return sql("read map job " + jobId, () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT LAST_ERROR FROM MAP_TASKS WHERE JOB_ID = ? AND STATE = " +
				FAILED + " ORDER BY POS LIMIT 1"))
			{
				ps.setLong(1, jobId);
				try (ResultSet rs = ps.executeQuery()) {
					final String why = rs.next() ? rs.getString(1) : null;
					c.commit();
					return why;
				}
			}
		});
	}

	/**
	 * Lets a failed job go on (committed): the tasks of planes that are gone leave the job (its total shrinks), failed
	 * tasks are tried again from zero failures; done tasks stay done.
	 *
	 * @return the id of the job, or null when the stack has no such job
	 */
	public Long resume(final long stackId, final String name) {
		db.requireWritable("resume map job '" + name + "'");
		final Long id = findJob(stackId, name);
		if (id == null) return null;
		sql("resume map job '" + name + "'", () -> {
			update("DELETE FROM MAP_TASKS WHERE JOB_ID = ? AND STATE <> " + DONE + " AND PLANE_ID NOT IN (SELECT " +
				"PLANE_ID FROM PLANES WHERE STACK_ID = ?)", id, stackId);
			update("UPDATE MAP_TASKS SET STATE = " + TODO + ", FAILURES = 0, LAST_ERROR = NULL, LEASE_UNTIL = 0 WHERE " +
				"JOB_ID = ? AND STATE = " + FAILED, id);
			update("UPDATE MAP_JOBS SET TOTAL = (SELECT COUNT(*) FROM MAP_TASKS WHERE JOB_ID = ?) WHERE ID = ?", id, id);
			c.commit();
			return null;
		});
		return id;
	}

	/** @return the job's progress, or null when there is no such job (the transaction is ended) */
	public JobProgress progress(final long stackId, final String name) {
		return sql("read the progress of map job '" + name + "'", () -> {
			final JobProgress counts;
			final long id;
			try (PreparedStatement ps = c.prepareStatement("SELECT J.TOTAL, COALESCE(SUM(CASE WHEN T.STATE = " + DONE +
				" THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN T.STATE = " + CLAIMED + " AND T.LEASE_UNTIL >= " + NOW +
				" THEN 1 ELSE 0 END), 0), J.ID FROM MAP_JOBS J LEFT JOIN MAP_TASKS T ON T.JOB_ID = J.ID WHERE " +
				"J.STACK_ID = ? AND J.NAME = ? GROUP BY J.ID, J.TOTAL"))
			{
				ps.setLong(1, stackId);
				ps.setString(2, name);
				try (ResultSet rs = ps.executeQuery()) {
					if (!rs.next()) {
						c.commit();
						return null;
					}
					counts = new JobProgress(rs.getInt(2), rs.getInt(3), rs.getInt(1));
					id = rs.getLong(4);
				}
			}
			final String why = failure(id); // commits
			return new JobProgress(counts.done(), counts.claimed(), counts.total(), why);
		});
	}

	/** @return how many claims each finished task took: more than 1 where a worker's lease ran out (tests, README) */
	public int maxClaims(final long jobId) {
		return sql("read map job " + jobId, () -> {
			try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(CLAIMS), 0) FROM MAP_TASKS WHERE JOB_ID = ?")) {
				ps.setLong(1, jobId);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					final int n = rs.getInt(1);
					c.commit();
					return n;
				}
			}
		});
	}
}
