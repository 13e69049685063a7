package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.ChildJvm;
import org.imagestack.PixelType;
import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.sql.jobs.JobStore;
import org.imagestack.sql.store.Catalog;
import org.imagestack.sql.store.CellStore;
import org.imagestack.sql.store.Database;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The distributed map: workers (threads, JVMs) claim planes, map them, and commit each with its task; the result is
 * bit-identical to one process's executeFunction, every plane mapped exactly once (the function is not idempotent),
 * also when a worker is killed with -9 mid-plane.
 */
class DistributedMapTest {

	@TempDir
	Path dir;

	/** A uint16 stack of {@code n} small planes whose values differ per plane. */
	private static void fill(final String db, final String name, final int n) {
		try (SqlImageStack s = SqlImageStack.create(db, name, PixelType.UINT16, 4)) {
			for (int i = 0; i < n; i++) {
				final short[] px = new short[48 * 40];
				for (int k = 0; k < px.length; k++)
					px[k] = (short) (i * 331 + k * 17);
				s.addImage(ArrayImgs.unsignedShorts(px, 48, 40));
			}
			s.saveState();
		}
	}

	/** @return the planes of the stack after one process's executeFunction of {@link MapWorkerMain#F} */
	private List<String> reference(final int n) {
		final String db = dir.resolve("reference").toString();
		fill(db, "s", n);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 4)) {
			s.executeFunction(MapWorkerMain.F);
			final List<String> out = new ArrayList<>();
			for (int i = 0; i < n; i++)
				out.add(AbstractImageStackTest.pixels(s.get(i)));
			return out;
		}
	}

	private static void assertPlanes(final List<String> expected, final String db) {
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 4)) {
			assertEquals(expected.size(), s.size());
			for (int i = 0; i < expected.size(); i++)
				assertEquals(expected.get(i), AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
	}

	@Test
	void threadsShareAJobOnAnEmbeddedFile() throws Exception {
		final List<String> expected = reference(30);
		final String db = dir.resolve("threads").toString();
		fill(db, "s", 30);
		final ExecutorService pool = Executors.newFixedThreadPool(3);
		final List<Future<Integer>> workers = new ArrayList<>();
		try (StackDatabase d = StackDatabase.open(db)) {
			for (int w = 0; w < 3; w++)
				workers.add(pool.submit(() -> d.mapDistributed("s", "job", MapWorkerMain.F)));
			int sum = 0;
			for (final Future<Integer> f : workers)
				sum += f.get();
			assertEquals(30, sum, "each plane mapped by one worker");
			assertEquals("30/30", d.jobProgress("s", "job").toString());
			assertEquals(0, d.mapDistributed("s", "job", MapWorkerMain.F), "a finished job maps nothing again");
		}
		finally {
			pool.shutdown();
		}
		assertPlanes(expected, db);
	}

	/**
	 * Two workers starting at the same moment on one embedded file: both get a writable connection (the read-only
	 * check of one open once made the other's connection read-only: H2 shares one open database within a JVM).
	 */
	@org.junit.jupiter.api.RepeatedTest(8)
	void twoWorkersStartingAtOnceOnAnEmbeddedFile() throws Exception {
		final String db = Files.createTempDirectory(dir, "at-once").resolve("s").toString();
		fill(db, "s", 6);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		final java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(2);
		try {
			final List<Future<Integer>> workers = new ArrayList<>();
			for (int w = 0; w < 2; w++)
				workers.add(pool.submit(() -> {
					go.await();
					return SqlImageStack.mapDistributed(db, "s", "job", MapWorkerMain.F);
				}));
			assertEquals(6, workers.get(0).get() + workers.get(1).get());
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void aFailingFunctionLeavesItsPlaneAndTheJobCanResume() {
		final List<String> expected = reference(8);
		final String db = dir.resolve("failing").toString();
		fill(db, "s", 8);
		final AtomicInteger calls = new AtomicInteger();
		final IllegalStateException e = assertThrows(IllegalStateException.class, () -> SqlImageStack.mapDistributed(
			db, "s", "job", img -> {
				if (calls.incrementAndGet() == 4) throw new IllegalStateException("plane 4 fails");
				return MapWorkerMain.F.apply(img);
			}));
		assertEquals("plane 4 fails", e.getMessage());
		assertEquals(3, SqlImageStack.jobProgress(db, "s", "job").done());
		assertEquals(5, SqlImageStack.mapDistributed(db, "s", "job", MapWorkerMain.F), "resumed where it stopped");
		assertPlanes(expected, db);
	}

	/**
	 * A worker joining a job that is running does not wait for the others' transactions: while one holds its tasks'
	 * rows (as a claim or a plane's commit does), another finds the job at once. Before, every worker ran the tables'
	 * {@code ALTER TABLE … ADD COLUMN IF NOT EXISTS} at its start, which on PostgreSQL takes the table exclusively
	 * even when the column is there: it waited, and with a claim in between the two deadlocked (CI saw a worker die
	 * of "deadlock detected").
	 */
	@ParameterizedTest
	@ValueSource(strings = { "h2-server", "postgresql" })
	@Tag("server")
	void aWorkerJoiningARunningJobDoesNotWaitForTheOthers(final String store) throws Exception {
		final String db = store.equals("h2-server") ? H2TestServer.get().newDatabase() : PostgresTestServer.get()
			.newDatabase();
		fill(db, "s", 3);
		final ExecutorService other = Executors.newSingleThreadExecutor();
		try (Database holder = DatabaseAddress.of(db).open(false); Database joiner = DatabaseAddress.of(db).open(
			false))
		{
			final long stack = new Catalog(holder).requireStack("s").id();
			final long job = new JobStore(holder).job(stack, "job");
			final java.sql.Connection c = holder.connection();
			try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT PLANE_ID FROM MAP_TASKS WHERE JOB_ID = ? " +
				"FOR UPDATE"))
			{
				ps.setLong(1, job);
				ps.executeQuery().close();
			}
			// the holder's transaction stays open while the other worker starts
			final Future<Long> joined = other.submit(() -> new JobStore(joiner).job(stack, "job"));
			try {
				assertEquals(job, joined.get(20, java.util.concurrent.TimeUnit.SECONDS), "the same job, found at once");
			}
			finally {
				c.rollback();
			}
		}
		finally {
			other.shutdownNow();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2-server", "postgresql" })
	@Tag("server")
	void threeWorkerProcessesOneKilledMidPlane(final String store) throws Exception {
		final int n = 200;
		final List<String> expected = reference(n);
		final String db = store.equals("h2-server") ? H2TestServer.get().newDatabase() : PostgresTestServer.get()
			.newDatabase();
		fill(db, "s", n);
		final List<ChildJvm> workers = new ArrayList<>();
		final List<Integer> seen = new ArrayList<>();
		try {
			for (int w = 0; w < 3; w++)
				workers.add(ChildJvm.start("96m", MapWorkerMain.class, db, "s", "job", "2", w == 0 ? "12" : "0"));
			assertEquals("hanging", workers.get(0).await("hanging"), "worker 0 stops inside its 12th plane");
			workers.get(0).kill(); // kill -9 with its claim held and its plane's transaction open
			final Thread[] readers = new Thread[2];
			final int[] mapped = new int[2];
			for (int w = 1; w <= 2; w++) {
				final ChildJvm child = workers.get(w);
				final int k = w - 1;
				readers[k] = new Thread(() -> {
					try {
						final String line = child.await("mapped ");
						mapped[k] = line == null ? -1 : Integer.parseInt(line.substring(7));
					}
					catch (final java.io.IOException e) {
						mapped[k] = -1;
					}
				});
				readers[k].start();
			}
			try (StackDatabase d = StackDatabase.open(db)) {
				while (readers[0].isAlive() || readers[1].isAlive()) {
					seen.add(d.jobProgress("s", "job").done()); // anyone can read the progress meanwhile
					Thread.sleep(100);
				}
				assertEquals("200/200", d.jobProgress("s", "job").toString());
			}
			assertTrue(mapped[0] > 0 && mapped[1] > 0, mapped[0] + " " + mapped[1]);
			assertTrue(mapped[0] + mapped[1] >= n - 11 && mapped[0] + mapped[1] <= n, "the killed worker committed " +
				"at most the 11 planes before its 12th: " + mapped[0] + " + " + mapped[1]);
			for (final ChildJvm w : workers.subList(1, 3))
				assertEquals(0, w.waitFor(60));
		}
		finally {
			for (final ChildJvm w : workers)
				w.close();
		}
		for (int i = 1; i < seen.size(); i++)
			assertTrue(seen.get(i) >= seen.get(i - 1), "progress only grows: " + seen);
		assertTrue(seen.stream().anyMatch(d -> d > 0 && d < n), "progress seen mid-run: " + seen);
		assertPlanes(expected, db);
		try (Database h = DatabaseAddress.of(db).open(false)) {
			final JobStore jobs = new JobStore(h);
			final long stack = new Catalog(h).requireStack("s").id();
			assertTrue(jobs.maxClaims(jobs.job(stack, "job")) >= 2, "the killed worker's plane was taken over");
			assertEquals(n, new HashSet<>(new CellStore(h).planes(stack)).size());
		}
	}
}
