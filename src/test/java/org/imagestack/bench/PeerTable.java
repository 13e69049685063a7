package org.imagestack.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@link PeerBenchmark}'s Markdown table: both rounds in each cell, ratios peer ÷ ours in the same round. */
final class PeerTable {

	private PeerTable() {}

	static String markdown(final List<String> systems, final List<List<Map<String, String>>> rounds, final int planes,
		final int size, final int tiles, final String started, final String load0, final String load1,
		final List<String> skipped)
	{
		final StringBuilder t = new StringBuilder();
		t.append(String.format(Locale.ROOT, "Peers side by side (`PeerBenchmark`), %s: %d fresh float32 planes of " +
			"%d² (%,.0f MB), durable writes, %d round(s) (the second in reverse order), each system in its own process " +
			"(Java at -Xmx256m), %d cores, load average %s at the start and %s at the end. Each cell: round 1 / round " +
			"2; in brackets peer ÷ ours in the same round (above 1: the peer is faster for MB/s, slower for ms). Tiles: " +
			"median of %d, 512² each from a plane not read before.%n%n", started, planes, size, planes * 4.0 * size *
				size / 1e6, rounds.size(), Runtime.getRuntime().availableProcessors(), first(load0), first(load1),
			tiles));
		t.append("| system | ingest MB/s | map MB/s | read-all MB/s | 512² tile ms | file ÷ data after map | peak RSS MB " +
			"| GC s | CPU s, whole run |\n|---|---|---|---|---|---|---|---|---|\n");
		for (final String s : systems) {
			final boolean ours = s.equals("ours");
			final List<String> row = new ArrayList<>();
			row.add(PeerBenchmark.NAMES.get(s));
			row.add(cell(rounds, s, "ingest", "%,.0f", !ours));
			row.add(cell(rounds, s, "map", "%,.0f", !ours) + (ours ? ", " + cell(rounds, s, "coresMap", "%.1f", false) +
				" cores busy" : ""));
			row.add(cell(rounds, s, "read", "%,.0f", !ours));
			row.add(ours ? "`readRegion` " + cell(rounds, s, "tile", "%.2f", false) + "; ImgLib2 `Views.interval` + " +
				"`LoopBuilder` " + cell(rounds, s, "tileImgLib2", "%.2f", false) : cell(rounds, s, "tile", "%.2f", true));
			row.add(ours ? cell(rounds, s, "sizeMap", "%.2fx", false) + " when the save returns; " + cell(rounds, s,
				"sizeClosed", "%.2fx", false) + " after `close()` (" + cell(rounds, s, "closeMs", "%,.0f", false) +
				" ms)" : cell(rounds, s, "sizeMap", "%.2fx", false));
			row.add(cell(rounds, s, "rss", "%,.0f", false));
			row.add(s.equals("h5py") || s.equals("seed") ? "—" : "ingest " + cell(rounds, s, "gcIngest", "%.2f", false) +
				", map " + cell(rounds, s, "gcMap", "%.2f", false) + ", all " + cell(rounds, s, "gc", "%.2f", false));
			row.add(cell(rounds, s, "cpu", "%.1f", false));
			t.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		t.append('\n');
		if (systems.contains("ours")) {
			final List<String> gcShare = new ArrayList<>();
			for (final List<Map<String, String>> round : rounds) {
				final Map<String, String> o = find(round, "ours");
				final double wall = planes * 4.0 * size * size / 1e6 / PeerBenchmark.key("ingest").apply(o);
				gcShare.add(String.format(Locale.ROOT, "%.0f %% (%.1f of %.1f s)", 100 * PeerBenchmark.key("gcIngest")
					.apply(o) / wall, PeerBenchmark.key("gcIngest").apply(o), wall));
			}
			t.append("Our ingest's GC pauses: ").append(String.join(" / ", gcShare)).append(" of its wall time; CPU ")
				.append(cell(rounds, "ours", "coresIngest", "%.2f", false)).append(" cores busy during the ingest.\n");
		}
		for (final String s : skipped)
			t.append(s).append(".\n");
		return t.toString();
	}

	/**
	 * Prints the table again from a run's output (e.g. after adding a column), without running anything.
	 *
	 * @param args the file PeerBenchmark's output was saved to
	 */
	public static void main(final String... args) throws Exception {
		final List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[0]));
		final java.util.regex.Matcher head = java.util.regex.Pattern.compile(
			"(\\d+) fresh float32 planes of (\\d+)² .*?, (\\d+) tiles, .*load average (\\S+)").matcher("");
		final java.util.regex.Matcher round = java.util.regex.Pattern.compile("round (\\d+) (\\w+): \\{(.*)\\}")
			.matcher("");
		final java.util.regex.Matcher tail = java.util.regex.Pattern.compile(
			"\\), (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC): .* load average (\\S+) at the start and (\\S+) at the end")
			.matcher("");
		int planes = 0, size = 0, tiles = 0;
		String started = "?", load0 = "?", load1 = "?";
		final List<String> systems = new ArrayList<>(), skipped = new ArrayList<>();
		final List<List<Map<String, String>>> rounds = new ArrayList<>();
		for (final String line : lines) {
			if (head.reset(line).find()) {
				planes = Integer.parseInt(head.group(1));
				size = Integer.parseInt(head.group(2));
				tiles = Integer.parseInt(head.group(3));
				load0 = head.group(4);
			}
			else if (round.reset(line).find()) {
				final int r = Integer.parseInt(round.group(1)) - 1;
				while (rounds.size() <= r)
					rounds.add(new ArrayList<>());
				final Map<String, String> m = new java.util.LinkedHashMap<>();
				for (final String kv : round.group(3).split(", "))
					m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
				rounds.get(r).add(m);
				if (r == 0) systems.add(round.group(2));
			}
			else if (tail.reset(line).find()) {
				started = tail.group(1);
				load1 = tail.group(3);
			}
			else if (line.endsWith("skipped") || line.contains(" skipped: ")) skipped.add(line);
		}
		System.out.print(markdown(systems, rounds, planes, size, tiles, started, load0 + " ", load1 + " ", skipped));
	}

	private static String first(final String loadavg) {
		return loadavg.split(" ")[0];
	}

	private static Map<String, String> find(final List<Map<String, String>> round, final String system) {
		for (final Map<String, String> m : round)
			if (system.equals(m.get("system"))) return m;
		return Map.of();
	}

	/** @return the key's value in each round, joined by " / ", with the ratios to ours in brackets if asked */
	private static String cell(final List<List<Map<String, String>>> rounds, final String system, final String key,
		final String format, final boolean ratio)
	{
		final Function<Map<String, String>, Double> k = PeerBenchmark.key(key);
		final List<String> values = new ArrayList<>(), ratios = new ArrayList<>();
		for (final List<Map<String, String>> round : rounds) {
			final double v = k.apply(find(round, system));
			values.add(Double.isNaN(v) ? "—" : String.format(Locale.ROOT, format, v));
			ratios.add(String.format(Locale.ROOT, "%.2fx", v / k.apply(find(round, "ours"))));
		}
		return String.join(" / ", values) + (ratio && !ratios.contains("NaNx") ? " (" + String.join(" / ", ratios) +
			")" : "");
	}
}
