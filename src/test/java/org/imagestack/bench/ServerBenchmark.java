package org.imagestack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.ChildJvm;
import org.imagestack.PixelType;
import org.imagestack.demo.SyntheticSpecimen;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.sql.SqlImageStack;

/**
 * The stores side by side, in one run: ingest (add + saveState), reopen + read every pixel, and executeFunction
 * (parallel, in place) + saveState, in MB/s on embedded H2, an H2 TCP server and PostgreSQL on loopback (both started
 * here as the tests start them), each as a ratio to embedded H2; then the distributed map with 1, 2 and 3 worker
 * processes on each server, with a trivial function (halve) and one that costs CPU (ImageJ's Gaussian blur), as wall
 * time from the first worker's start to the last one's end, with the machine's cores busy meanwhile. Run: {@code mvn -q -P
 * benchmark test-compile exec:exec -Dbenchmark=ServerBenchmark -Dbenchmark.heap=1g} (arguments: planes, side;
 * default 60 float32 planes of 1024 x 1024, 4 MiB each).
 */
public final class ServerBenchmark {

	private ServerBenchmark() {}

	public static void main(final String... args) throws Exception {
		final int planes = args.length > 0 ? Integer.parseInt(args[0]) : 60;
		final int side = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
		final Path dir = Files.createTempDirectory("imagestack-server-bench");
		final H2TestServer h2 = H2TestServer.startPrivate(true);
		try {
			final Map<String, String> stores = new LinkedHashMap<>();
			stores.put("embedded H2", dir.resolve("bench").toString());
			stores.put("H2 TCP (loopback)", h2.newDatabase());
			stores.put("PostgreSQL (loopback)", PostgresTestServer.get().newDatabase());
			run(stores, planes, side);
		}
		finally {
			h2.delete();
			Measure.deleteTree(dir);
		}
		System.exit(0); // the PostgreSQL server stops in a shutdown hook
	}

	private static void run(final Map<String, String> stores, final int planes, final int side) throws Exception {
		final SyntheticSpecimen specimen = new SyntheticSpecimen(side, side, 40, 7);
		final MemoryImageStack source = new MemoryImageStack(PixelType.FLOAT32);
		for (int i = 0; i < 4; i++)
			source.addImage(specimen.plane(i, 4));
		final double mb = planes * (double) side * side * 4 / 1e6;
		System.out.printf(Locale.ROOT, "Stores benchmark: %d float32 planes of %d x %d (%.0f MB), %d cores, -Xmx %.0f " +
			"MB%n", planes, side, side, mb, Runtime.getRuntime().availableProcessors(), Measure.maxHeapMb());
		final Map<String, double[]> rates = new LinkedHashMap<>();
		for (final Map.Entry<String, String> store : stores.entrySet()) {
			final String db = store.getValue();
			final double[] r = new double[4];
			long t0 = System.nanoTime();
			try (SqlImageStack s = SqlImageStack.create(db, "specimen", PixelType.FLOAT32, 64)) {
				for (int i = 0; i < planes; i++)
					s.addImage(source.get(i % 4));
				s.saveState();
			}
			r[0] = mb / ((System.nanoTime() - t0) / 1e9);
			t0 = System.nanoTime();
			double sum = 0;
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "specimen", 64)) {
				for (final Img<? extends RealType<?>> p : s)
					for (final RealType<?> t : p)
						sum += t.getRealDouble();
			}
			r[1] = mb / ((System.nanoTime() - t0) / 1e9);
			t0 = System.nanoTime();
			final double busy0 = machineBusySeconds(), wait0 = machineIoWaitSeconds();
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "specimen", 64)) {
				s.executeFunction(org.imagestack.stack.AbstractImageStackTest.HALVE, true);
				s.saveState();
			}
			final double wall = (System.nanoTime() - t0) / 1e9;
			r[2] = mb / wall;
			r[3] = (machineBusySeconds() - busy0) / wall;
			rates.put(store.getKey(), r);
			System.out.printf(Locale.ROOT, "%s: ingest %.0f MB/s, read all %.0f MB/s, map %.0f MB/s (%.1f cores busy, " +
				"%.1f waiting for the disk)%s%n", store.getKey(), r[0], r[1], r[2], r[3], (machineIoWaitSeconds() - wait0) /
					wall, sum < 0 ? "!" : "");
		}
		final double[] base = rates.get("embedded H2");
		System.out.println("\n| store | ingest (add + saveState) | reopen + read every pixel | executeFunction (parallel) " +
			"+ saveState | machine's cores busy in the map |\n|---|---:|---:|---:|---:|");
		rates.forEach((name, r) -> System.out.printf(Locale.ROOT, "| %s | %.0f MB/s (%.2f) | %.0f MB/s (%.2f) | %.0f " +
			"MB/s (%.2f) | %.1f |%n", name, r[0], r[0] / base[0], r[1], r[1] / base[1], r[2], r[2] / base[2], r[3]));

		System.out.println("\n| distributed map, worker processes (cores busy) | 1 | 2 | 3 |\n|---|---:|---:|---:|");
		for (final String function : new String[] { "halve", "blur" })
			for (final Map.Entry<String, String> store : stores.entrySet()) {
				if (!store.getKey().startsWith("embedded")) distributed(store.getKey() + ", " + function, store.getValue(),
					function, mb); // (an embedded file is opened by one process at a time)
			}
	}

	/** One row of the distributed map's table: the job run by 1, 2 and 3 worker processes. */
	private static void distributed(final String label, final String db, final String function, final double mb)
		throws Exception
	{
		final double[] wall = new double[3], busy = new double[3];
		for (int workers = 1; workers <= 3; workers++) {
			final double busy0 = machineBusySeconds(), wait0 = machineIoWaitSeconds();
			final long t0 = System.nanoTime();
			wall[workers - 1] = workers(db, workers, function + "-" + workers, function);
			final double seconds = (System.nanoTime() - t0) / 1e9;
			busy[workers - 1] = (machineBusySeconds() - busy0) / seconds;
			System.out.printf(Locale.ROOT, "  %.1f cores busy, %.1f waiting for the disk%n", busy[workers - 1],
				(machineIoWaitSeconds() - wait0) / seconds);
		}
		System.out.printf(Locale.ROOT, "| %s | %.0f MB/s (%.1f) | %.0f MB/s, x%.2f (%.1f) | %.0f MB/s, x%.2f (%.1f) |%n",
			label, mb / wall[0], busy[0], mb / wall[1], wall[0] / wall[1], busy[1], mb / wall[2], wall[0] / wall[2],
			busy[2]);
	}

	/**
	 * @return CPU seconds the whole machine has been busy since boot (Linux's /proc/stat: every process, the database
	 *         server and the worker JVMs included), or 0 where there is no such file
	 */
	private static double machineBusySeconds() {
		return procStat(false);
	}

	/** @return CPU seconds the machine has waited for the disk since boot (/proc/stat's iowait), or 0 */
	private static double machineIoWaitSeconds() {
		return procStat(true);
	}

	private static double procStat(final boolean ioWait) {
		try {
			final String[] f = Files.readAllLines(java.nio.file.Paths.get("/proc/stat")).get(0).trim().split("\\s+");
			long sum = 0;
			for (int i = 1; i < Math.min(f.length, 9); i++)
				if (ioWait ? i == 5 : i != 4 && i != 5) sum += Long.parseLong(f[i]); // busy: all but idle and iowait
			return sum / 100.0; // USER_HZ
		}
		catch (final java.io.IOException | RuntimeException e) {
			return 0;
		}
	}

	/** @return seconds from the first worker's start to the last worker's end */
	private static double workers(final String db, final int workers, final String job, final String function)
		throws Exception
	{
		final List<ChildJvm> children = new ArrayList<>();
		long first = Long.MAX_VALUE, last = 0;
		int planes = 0;
		try {
			for (int w = 0; w < workers; w++)
				children.add(ChildJvm.start("256m", BenchWorker.class, db, "specimen", job, function));
			for (final ChildJvm c : children) {
				first = Math.min(first, Long.parseLong(c.await("start ").split(" ")[1]));
				final String[] end = c.await("end ").split(" ");
				last = Math.max(last, Long.parseLong(end[1]));
				planes += Integer.parseInt(end[2]);
			}
		}
		finally {
			for (final ChildJvm c : children)
				c.close();
		}
		System.out.printf(Locale.ROOT, "  %d worker(s): %d planes in %.2f s%n", workers, planes, (last - first) / 1e3);
		return (last - first) / 1e3;
	}
}
