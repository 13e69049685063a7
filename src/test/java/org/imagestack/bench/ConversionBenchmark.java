package org.imagestack.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.DoubleType;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;

/**
 * Mpx/s of every conversion pair on one 2048 x 2048 plane, {@code PixelType.convert} as a user calls it (the output
 * allocated each time), median of 5 runs after 2 warm-ups (and after every pair ran 20 times on a 512 x 512 plane,
 * so that the JIT has compiled the loops); side by side with scikit-image's {@code _convert} on the
 * same kind of plane measured the same way in the same run (Debian's python3-skimage at {@code /usr/bin/python3},
 * one source type at a time right after ours), when it is installed; and {@code System.arraycopy} of as many bytes
 * (half the bytes read plus written), the memory speed; and the allocation of each type's output plane alone (a
 * new, zeroed array: the floor under every pair, which no loop avoids). Prints Markdown tables (rows: from, columns:
 * to). Run: {@code mvn -q -P benchmark test-compile exec:exec -Dbenchmark=ConversionBenchmark} (with the Vector API;
 * {@code -Dvector.args=} without; arguments {@code -Dbenchmark.args="SIDE [PYTHON]"}; under a minute).
 */
public final class ConversionBenchmark {

	private static final String SCRIPT = "src/test/java/org/imagestack/bench/skimage_convert.py";

	private ConversionBenchmark() {}

	public static void main(final String... args) throws Exception {
		final int side = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
		final String python = args.length > 1 ? args[1] : "/usr/bin/python3";
		final double mpx = side * (double) side / 1e6;
		final Map<String, Double> ours = new HashMap<>();
		final Map<String, Double> skimage = new HashMap<>();
		// the JIT first: every pair's loop compiled (split in chunks too), as after a few planes in a session
		for (final PixelType from : PixelType.values()) {
			final Img<? extends RealType<?>> small = source(from, 512);
			for (final PixelType to : PixelType.values())
				for (int i = 0; i < 20; i++)
					DtypeConversion.convert(small, to);
		}
		final Map<String, Double> copy = new HashMap<>();
		// what a new output plane costs by itself (allocated and zeroed by the JVM), the floor of every pair
		final Map<PixelType, Double> allocation = new HashMap<>();
		for (final PixelType to : PixelType.values())
			allocation.put(to, 1e6 * Measure.medianSeconds(2, 5, () -> to.createImg(side, side)));
		for (final PixelType from : PixelType.values()) {
			final Img<? extends RealType<?>> source = source(from, side);
			for (final PixelType to : PixelType.values()) {
				if (from == to) continue;
				ours.put(from + " " + to, mpx / Measure.medianSeconds(2, 5, () -> DtypeConversion.convert(source, to)));
				// memory speed: System.arraycopy of as many bytes (half the bytes read plus written)
				final byte[] a = new byte[side * side / 2 * (from.bytesPerPixel() + to.bytesPerPixel())];
				final byte[] b = new byte[a.length];
				copy.put(from + " " + to, mpx / Measure.medianSeconds(2, 5, () -> System.arraycopy(a, 0, b, 0,
					a.length)));
			}
			skimage.putAll(skimage(python, from, side, mpx));
		}
		System.out.println("Conversion throughput, Mpx/s (" + side + " x " + side + " plane, " + Runtime.getRuntime()
			.availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty(
				"java.version") + "; same type = no work, the image itself is returned)");
		System.out.print(table(ours, "%.0f"));
		if (!skimage.isEmpty()) {
			System.out.println("\nscikit-image _convert, Mpx/s (same plane, same run)");
			System.out.print(table(skimage, "%.0f"));
			final Map<String, Double> ratio = new HashMap<>();
			final List<String> rows = new ArrayList<>();
			final List<String> belowAllocation = new ArrayList<>();
			for (final String pair : ours.keySet())
				if (skimage.containsKey(pair) && !skimage.get(pair).isNaN()) {
					final double r = ours.get(pair) / skimage.get(pair);
					ratio.put(pair, r);
					final double twiceUs = 1e6 * mpx / (2 * skimage.get(pair));
					final double allocationUs = allocation.get(PixelType.parse(pair.split(" ")[1]));
					rows.add(String.format(Locale.ROOT, "%08.3f %s: %.2fx (ours %.0f, skimage %.0f, copy %.0f Mpx/s; " +
						"twice skimage: %.0f us, allocating the output: %.0f us)", r, pair.replace(" ", " -> "), r, ours
							.get(pair), skimage.get(pair), copy.get(pair), twiceUs, allocationUs));
					if (r < 2 && twiceUs < allocationUs) belowAllocation.add(pair.replace(" ", " -> "));
				}
			System.out.println("\nours / scikit-image (speed; blank: skimage cannot convert the pair)");
			System.out.print(table(ratio, "%.2f"));
			System.out.println("\ntwice scikit-image / System.arraycopy of as many bytes (above 1: twice skimage is " +
				"faster than copying the bytes)");
			final Map<String, Double> twice = new HashMap<>();
			for (final String pair : ratio.keySet())
				twice.put(pair, 2 * skimage.get(pair) / copy.get(pair));
			System.out.print(table(twice, "%.2f"));
			System.out.println("All pairs, slowest relative to scikit-image first:");
			rows.stream().sorted().forEach(l -> System.out.println("  " + l.substring(9)));
			final long atTwice = ratio.values().stream().filter(r -> r >= 2).count();
			System.out.printf(Locale.ROOT, "%d of %d pairs at least twice scikit-image's speed; of the others, %d need " +
				"less time than allocating their output plane takes alone: %s%n", atTwice, ratio.size(), belowAllocation
					.size(), String.join(", ", belowAllocation));
		}
		System.out.print("Allocating an output plane alone (new array, zeroed), us:");
		for (final PixelType to : PixelType.values())
			System.out.printf(Locale.ROOT, " %s %.0f", to, allocation.get(to));
		System.out.println();
		System.out.printf(Locale.ROOT, "peak heap %.0f MB of %.0f MB%n", Measure.peakHeapMb(), Measure.maxHeapMb());
	}

	/** @return scikit-image's Mpx/s from {@code from} to every other type (NaN where it cannot), none without it */
	private static Map<String, Double> skimage(final String python, final PixelType from, final int side,
		final double mpx) throws Exception
	{
		final Map<String, Double> mpxs = new HashMap<>();
		if (!new File(python).canExecute() || !new File(SCRIPT).isFile()) return mpxs;
		final List<String> command = new ArrayList<>(List.of(python, SCRIPT, from.numpyName(), Integer.toString(
			side)));
		for (final PixelType to : PixelType.values())
			if (to != from) command.add(to.numpyName());
		final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().put("OMP_NUM_THREADS", "1");
		pb.environment().put("OPENBLAS_NUM_THREADS", "1");
		final Process p = pb.start();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = r.readLine()) != null;) {
				final String[] f = line.trim().split(" ");
				if (f.length != 2) continue; // skimage not installed: a traceback
				mpxs.put(from + " " + PixelType.parse(f[0]), f[1].equals("nan") ? Double.NaN : mpx / Double
					.parseDouble(f[1]));
			}
		}
		p.waitFor();
		return mpxs;
	}

	private static String table(final Map<String, Double> cells, final String format) {
		return Measure.pairTable((from, to) -> {
			final Double v = cells.get(from + " " + to);
			return from == to ? "-" : v == null || v.isNaN() ? "" : String.format(Locale.ROOT, format, v);
		});
	}

	/** A plane of random values spanning the type's range ([-1, 1] for floats, so every pair can convert). */
	static Img<? extends RealType<?>> source(final PixelType type, final int side) {
		final Random r = new Random(1);
		final double[] v = new double[side * side];
		for (int i = 0; i < v.length; i++)
			v[i] = 2 * r.nextDouble() - 1;
		final Img<DoubleType> unit = ArrayImgs.doubles(v, side, side);
		return DtypeConversion.convert(unit, type); // float64 in [-1, 1] -> any type, spread over its range
	}
}
