package org.imagestack.bench;

import java.util.Locale;
import java.util.Random;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.DoubleType;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;

/**
 * Mpx/s of every conversion pair on one 2048 x 2048 plane (median of timed runs after warm-up), printed as a
 * Markdown table (rows: from, columns: to). Run: {@code mvn -q -P benchmark test-compile exec:exec
 * -Dbenchmark=ConversionBenchmark}.
 */
public final class ConversionBenchmark {

	private ConversionBenchmark() {}

	public static void main(final String... args) throws Exception {
		final int side = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
		final double mpx = side * (double) side / 1e6;
		final StringBuilder table = new StringBuilder("| from \\ to |");
		for (final PixelType to : PixelType.values())
			table.append(' ').append(to).append(" |");
		table.append("\n|---|");
		for (int i = 0; i < PixelType.values().length; i++)
			table.append("---:|");
		table.append('\n');
		for (final PixelType from : PixelType.values()) {
			final Img<? extends RealType<?>> source = source(from, side);
			table.append("| ").append(from).append(" |");
			for (final PixelType to : PixelType.values()) {
				final double s = Measure.medianSeconds(2, 5, () -> DtypeConversion.convert(source, to));
				table.append(String.format(Locale.ROOT, " %.0f |", from == to ? Double.NaN : mpx / s));
			}
			table.append('\n');
		}
		System.out.println("Conversion throughput, Mpx/s (" + side + " x " + side + " plane, " + Runtime.getRuntime()
			.availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty(
				"java.version") + "; same type = no work, the image itself is returned)");
		System.out.print(table.toString().replace(" NaN |", " - |"));
		System.out.printf(Locale.ROOT, "peak heap %.0f MB of %.0f MB%n", Measure.peakHeapMb(), Measure.maxHeapMb());
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
