package org.imagestack.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The peers side by side in one run, each system in a process of its own, one at a time, in two rounds (the second
 * in reverse order), with the same workload ({@link PeerChild}, python_peers.py): our SqlImageStack; a TIFF folder
 * through ImageJ (FileSaver, Opener, a sync per file); plain H2 without project code on the same cells (what H2
 * itself allows: {@link PlainH2Peer}); a raw file through a FileChannel in 256 KiB and in 16 MiB
 * calls (one fsync per step); HDF5 through Debian's h5py when {@code /usr/bin/python3} has it; the seed (CrackDect's
 * ImageStackSQL, SQLite through sqlalchemy) read at run time from {@code ../shared/seed/imagestack-module.txt} when
 * present. Each skipped system gets a line saying why. Java children run at {@code -Xmx256m}. Prints a Markdown table
 * of both rounds with ratios peer ÷ ours in the same round.
 * <p>
 * Run: {@code mvn -q -P benchmark test-compile exec:exec -Dbenchmark=PeerBenchmark -Dbenchmark.args="planes=40
 * size=2048 tiles=11"} (defaults; the workload is {@code planes=150}; {@code systems=ours,tiff} runs some).
 * The same keys are read from system properties {@code peers.planes} etc. when run directly.
 * </p>
 */
public final class PeerBenchmark {

	private PeerBenchmark() {}

	static final String PYTHON = "/usr/bin/python3";
	static final String SCRIPT = "src/test/java/org/imagestack/bench/python_peers.py";
	static final Path SEED = Path.of("..", "shared", "seed", "imagestack-module.txt");
	static final List<String> ALL = List.of("ours", "h2plain", "tiff", "raw256k", "raw16m", "h5py", "seed");
	static final Map<String, String> NAMES = Map.of("ours", "**SqlImageStack** (H2 file, default budget)", "h2plain",
		"plain H2 2.4.240, no project code: 256 KiB BLOB cells, a commit + CHECKPOINT SYNC", "tiff",
		"ImageJ, one TIFF per plane (FileSaver, Opener, sync per file)", "raw256k",
		"raw file, Java FileChannel, 256 KiB calls + one fsync", "raw16m",
		"raw file, Java FileChannel, 16 MiB calls + one fsync", "h5py",
		"HDF5 (Debian's h5py, chunks 1×256×256, fsync)", "seed",
		"the seed (CrackDect's ImageStackSQL: SQLite + np.save, 64 MB budget)");

	public static void main(final String... args) throws Exception {
		final Map<String, String> opt = new HashMap<>();
		for (final String k : List.of("planes", "size", "tiles", "rounds", "systems"))
			if (System.getProperty("peers." + k) != null) opt.put(k, System.getProperty("peers." + k));
		for (final String a : args) {
			final int eq = a.indexOf('=');
			if (eq < 0) throw new IllegalArgumentException("Give settings as key=value (planes, size, tiles, rounds, " +
				"systems); got " + a);
			opt.put(a.substring(0, eq), a.substring(eq + 1));
		}
		final int planes = Integer.parseInt(opt.getOrDefault("planes", "40"));
		final int size = Integer.parseInt(opt.getOrDefault("size", "2048"));
		final int rounds = Integer.parseInt(opt.getOrDefault("rounds", "2"));
		final int tiles = Math.max(1, Math.min(Integer.parseInt(opt.getOrDefault("tiles", "11")), planes / 2 -
			PeerChild.WARMUPS));
		if (size < 1024) throw new IllegalArgumentException("size must be at least 1024 (512² tiles); got " + size);
		final List<String> systems = new ArrayList<>(List.of(opt.getOrDefault("systems", String.join(",", ALL))
			.split(",")));
		final String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
		final String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
			"yyyy-MM-dd HH:mm 'UTC'"));
		System.out.printf(Locale.ROOT, "%d fresh float32 planes of %d² (%.0f MB), %d tiles, %d rounds, %d cores, load " +
			"average %s%n", planes, size, planes * 4.0 * size * size / 1e6, tiles, rounds, Runtime.getRuntime()
				.availableProcessors(), load0);
		final List<String> skipped = new ArrayList<>();
		if (systems.contains("h5py") && !python("import h5py")) {
			systems.remove("h5py");
			skipped.add("HDF5 skipped: " + PYTHON + " cannot import h5py (apt-get install python3-h5py)");
		}
		if (systems.contains("seed") && !Files.isRegularFile(SEED)) {
			systems.remove("seed");
			skipped.add("the seed skipped: " + SEED + " is absent (the benchmark reads it from ../shared at run time)");
		}
		else if (systems.contains("seed") && !python("import skimage, sqlalchemy, psutil")) {
			systems.remove("seed");
			skipped.add("the seed skipped: " + PYTHON + " cannot import skimage, sqlalchemy and psutil (apt-get " +
				"install python3-skimage python3-sqlalchemy python3-psutil)");
		}
		skipped.forEach(System.out::println);
		final List<List<Map<String, String>>> results = new ArrayList<>();
		final Path base = Files.createTempDirectory("imagestack-peers");
		try {
			for (int r = 0; r < rounds; r++) {
				final List<String> order = new ArrayList<>(systems);
				if (r % 2 == 1) Collections.reverse(order);
				final List<Map<String, String>> round = new ArrayList<>();
				for (final String system : order) {
					final Path dir = Files.createDirectory(base.resolve(system + "-" + r));
					final Map<String, String> res = runChild(system, dir, planes, size, tiles);
					res.put("system", system);
					round.add(res);
					System.out.println("round " + (r + 1) + " " + system + ": " + res);
					Measure.deleteTree(dir);
				}
				results.add(round);
			}
		}
		finally {
			Measure.deleteTree(base);
		}
		final String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
		System.out.println();
		System.out.print(PeerTable.markdown(systems, results, planes, size, tiles, started, load0, load1, skipped));
	}

	private static boolean python(final String code) throws Exception {
		if (!Files.isExecutable(Path.of(PYTHON))) return false;
		final Process p = new ProcessBuilder(PYTHON, "-c", code).redirectErrorStream(true).start();
		p.getInputStream().readAllBytes();
		return p.waitFor() == 0;
	}

	/** Lets the disk finish what the system before wrote and deleted, then runs one system in its own process. */
	private static Map<String, String> runChild(final String system, final Path dir, final int planes, final int size,
		final int tiles) throws Exception
	{
		new ProcessBuilder("sync").inheritIO().start().waitFor();
		Thread.sleep(2000);
		final List<String> cmd = new ArrayList<>();
		final String n = String.valueOf(planes), w = String.valueOf(size), t = String.valueOf(tiles);
		if (system.equals("h5py") || system.equals("seed")) {
			cmd.addAll(List.of(PYTHON, SCRIPT, system, dir.toString(), n, w, t));
			if (system.equals("seed")) cmd.add(SEED.toString());
		}
		else {
			cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-cp", System.getProperty(
					"java.class.path"), PeerChild.class.getName(), system, dir.toString(), n, w, t));
		}
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final List<String> out = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = in.readLine()) != null;)
				out.add(line);
		}
		final int rc = p.waitFor();
		final Map<String, String> res = new LinkedHashMap<>();
		for (final String line : out)
			if (line.startsWith("RESULT "))
				for (final String kv : line.substring(7).split(" "))
				res.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		if (rc != 0 || res.isEmpty()) throw new IllegalStateException(system + " failed (exit " + rc + "):\n" + String
			.join("\n", out.subList(Math.max(0, out.size() - 30), out.size())));
		return res;
	}

	/** @return a function reading one key of a result as a number (NaN when absent) */
	static Function<Map<String, String>, Double> key(final String k) {
		return m -> m.containsKey(k) ? Double.parseDouble(m.get(k)) : Double.NaN;
	}
}
