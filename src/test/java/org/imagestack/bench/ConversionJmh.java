package org.imagestack.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.imglib2.img.array.ArrayImg;

import org.imagestack.PixelType;
import org.imagestack.convert.ChunkConverter;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.convert.ImageStats;
import org.imagestack.convert.Planes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH: every pair's planned conversion of one 2048 x 2048 plane into an allocated array (what a stack does per plane
 * or cell: {@link ImageStats}, then the converter of {@link DtypeConversion#plan}), each right after a
 * {@code System.arraycopy} moving as many bytes (read plus written: half the pair's bytes in plus out per pixel),
 * so that the two see the same load on a shared machine; every operation timed, the median taken (robust to the
 * operations that lost the core to another process); prints speed / copy speed as a Markdown table. Same-type
 * cells are themselves a copy: about 1.00, a check of the method.
 * <p>
 * Run: {@code mvn -q -P benchmark test-compile exec:exec -Dbenchmark=ConversionJmh} (about 4 minutes). Arguments
 * ({@code -Dbenchmark.args="..."}): {@code from=uint8,float32} and {@code to=...} to measure some pairs only;
 * {@code forks=N} (default 0: all trials in this JVM, which keeps a run short; every pair's loop is its own method,
 * so pairs do not share a JIT profile).
 * </p>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConversionJmh {

	static final int SIDE = 2048;

	private static final String COPY = " copy";

	/** {@code "uint8>float32"}: that pair's conversion; {@code "uint8>float32 copy"}: its copy. */
	@Param({ "uint8>float32", "uint8>float32 copy" })
	public String run;

	private Object in;
	private Object out;
	private ChunkConverter work;

	/** Source planes, made once per type (when trials share this JVM). */
	private static final Map<PixelType, Object> SOURCES = new HashMap<>();

	@Setup
	public void setUp() {
		final String[] pair = run.replace(COPY, "").split(">");
		final PixelType from = PixelType.parse(pair[0]);
		final PixelType to = PixelType.parse(pair[1]);
		if (run.endsWith(COPY)) {
			in = new byte[SIDE * SIDE / 2 * (from.bytesPerPixel() + to.bytesPerPixel())];
			Arrays.fill((byte[]) in, (byte) 7);
			out = new byte[((byte[]) in).length];
			work = (a, b) -> System.arraycopy(a, 0, b, 0, ((byte[]) a).length);
			return;
		}
		in = SOURCES.computeIfAbsent(from, t -> Planes.storage((ArrayImg<?, ?>) ConversionBenchmark.source(t,
			SIDE)));
		out = Planes.storage(to.createImg(SIDE, SIDE));
		final ImageStats stats = new ImageStats(from);
		stats.accept(in);
		work = DtypeConversion.plan(from, to, stats);
	}

	@Benchmark
	public Object convert() {
		work.convert(in, out);
		return out;
	}

	public static void main(final String... args) throws Exception {
		int forks = 0;
		List<String> from = names(), to = names();
		for (final String arg : args) {
			final String[] kv = arg.split("=", 2);
			if (kv[0].equals("forks")) forks = Integer.parseInt(kv[1]);
			else if (kv[0].equals("from")) from = Arrays.asList(kv[1].split(","));
			else if (kv[0].equals("to")) to = Arrays.asList(kv[1].split(","));
			else if (!arg.trim().isEmpty()) throw new IllegalArgumentException("unknown argument " + arg);
		}
		final List<String> runs = new ArrayList<>();
		for (final String f : from)
			for (final String t : to) {
				runs.add(f + ">" + t + COPY);
				runs.add(f + ">" + t);
			}
		final ChainedOptionsBuilder options = new OptionsBuilder().include(ConversionJmh.class.getName() + ".*")
			.param("run", runs.toArray(new String[0])).warmupIterations(2).warmupTime(TimeValue.milliseconds(150))
			.measurementIterations(4).measurementTime(TimeValue.milliseconds(100)).forks(forks).verbosity(
				VerboseMode.valueOf(System.getProperty("jmh.verbosity", "SILENT")));
		if (forks > 0) options.jvmArgsAppend("-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m");
		final Map<String, Double> micros = new HashMap<>();
		final long t0 = System.nanoTime();
		for (final RunResult r : new Runner(options.build()).run())
			// the median: a sample that lost the core to another process is an outlier, not a shift of the mean
			micros.put(r.getParams().getParam("run"), r.getPrimaryResult().getStatistics().getPercentile(50));
		System.out.print(table(micros));
		System.out.printf(Locale.ROOT, "(%d trials in %.0f s)%n", micros.size(), (System.nanoTime() - t0) / 1e9);
	}

	private static List<String> names() {
		final List<String> names = new ArrayList<>();
		for (final PixelType t : PixelType.values())
			names.add(t.numpyName());
		return names;
	}

	/** The Markdown table of speed relative to the copy of as many bytes (1.00: as fast as the copy). */
	static String table(final Map<String, Double> micros) {
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Conversion speed / System.arraycopy " +
			"speed of as many bytes, %d x %d plane; %d cores; %s %s%n", SIDE, SIDE, Runtime.getRuntime()
				.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version")));
		final List<String> rows = new ArrayList<>();
		s.append(Measure.pairTable((from, to) -> {
			final Double us = micros.get(from + ">" + to);
			final Double copy = micros.get(from + ">" + to + COPY);
			if (us == null || copy == null) return "";
			rows.add(String.format(Locale.ROOT, "%09.4f %s -> %s: %.2f (%.0f us; copy %.0f us)", copy / us, from, to,
				copy / us, us, copy));
			return String.format(Locale.ROOT, "%.2f", copy / us);
		}));
		s.append("All pairs, slowest first (conversion and copy of one plane, us):\n");
		rows.stream().sorted().forEach(l -> s.append("  ").append(l.substring(10)).append('\n'));
		return s.toString();
	}
}
