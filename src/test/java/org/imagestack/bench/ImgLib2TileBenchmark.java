package org.imagestack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;

/**
 * What a 512² tile costs through the path any ImgLib2 user takes ({@code Views.interval(plane, …)} copied with
 * {@code LoopBuilder}, issue 27 target 4), against the same copy from ImgLib2's own images in memory, in one JVM
 * after a warm-up: an {@code ArrayImg}, a {@code CellImg} of 256² cells (no storage at all), a database plane whose
 * cells are all cached, and a database plane not read before (its cells read from H2 for the tile); beside them
 * {@code readRegion} of an unread plane. Medians of {@code tiles}, float32 planes of 2048².
 * Run: {@code mvn -q -P benchmark test-compile exec:exec -Dbenchmark=ImgLib2TileBenchmark [-Dbenchmark.args="40"]}.
 */
public final class ImgLib2TileBenchmark {

	private ImgLib2TileBenchmark() {}

	private static final int SIZE = 2048, TILE = 512;

	public static void main(final String... args) throws Exception {
		final int tiles = args.length > 0 ? Integer.parseInt(args[0]) : 40;
		final float[] px = new float[SIZE * SIZE];
		for (int k = 0; k < px.length; k++)
			px[k] = k % 4096;
		final Img<FloatType> array = ArrayImgs.floats(px, SIZE, SIZE);
		final Img<FloatType> cells = new CellImgFactory<>(new FloatType(), 256).create(SIZE, SIZE);
		LoopBuilder.setImages(array, cells).forEachPixel((a, b) -> b.set(a));
		final Path dir = Files.createTempDirectory("imagestack-tiles");
		final String db = dir.resolve("tiles").toString();
		final int planes = 2 * tiles + 1; // one plane per timed tile that needs a plane not read before, one cached
		try (SqlImageStack s = SqlImageStack.create(db, "t", PixelType.FLOAT32, 0)) {
			for (int i = 0; i < planes; i++)
				s.addImage(ArrayImgs.floats(px.clone(), SIZE, SIZE));
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "t", 0)) {
			final Img<FloatType> cached = plane(s, planes - 1);
			copy(cached, 0, 0, SIZE, SIZE); // every cell read once: held by the cache from now on
			final Random r = new Random(7);
			final List<String> names = List.of("ArrayImg in memory", "ImgLib2 CellImg in memory (256² cells)",
				"database plane, cells cached", "database plane not read before", "readRegion, plane not read before");
			final double[][] ms = new double[names.size()][tiles];
			int unread = 0;
			for (int round = -1; round < 1; round++) // a warm-up round, then the timed one
				for (int k = 0; k < tiles; k++)
					for (int w = 0; w < names.size(); w++) {
						final int x = r.nextInt(SIZE - TILE), y = r.nextInt(SIZE - TILE);
						final long t0 = System.nanoTime();
						switch (w) {
							case 0: copy(array, x, y, TILE, TILE); break;
							case 1: copy(cells, x, y, TILE, TILE); break;
							case 2: copy(cached, x, y, TILE, TILE); break;
							case 3: copy(plane(s, round < 0 ? planes - 1 : unread++), x, y, TILE, TILE); break;
							default: s.readRegion(round < 0 ? planes - 1 : unread++, x, y, TILE, TILE);
						}
						if (round == 0) ms[w][k] = (System.nanoTime() - t0) / 1e6;
					}
			System.out.printf(Locale.ROOT, "512² float32 tiles of 2048² planes, LoopBuilder copies, median of %d after as " +
				"many untimed (the warm-up on the cached plane), one JVM (%s), %d cores:%n", tiles, System.getProperty("java.version"), Runtime
					.getRuntime().availableProcessors());
			for (int w = 0; w < names.size(); w++) {
				Arrays.sort(ms[w]);
				System.out.printf(Locale.ROOT, "| %s | %.2f ms | p90 %.2f ms |%n", names.get(w), ms[w][tiles / 2],
					ms[w][tiles * 9 / 10]);
			}
		}
		finally {
			Measure.deleteTree(dir);
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Img<FloatType> plane(final SqlImageStack s, final int i) {
		return (Img<FloatType>) (Img) s.get(i);
	}

	private static float[] copy(final RandomAccessibleInterval<FloatType> p, final int x, final int y, final int w,
		final int h)
	{
		final ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(w, h);
		LoopBuilder.setImages(Views.interval(p, new long[] { x, y }, new long[] { x + w - 1, y + h - 1 }), out)
			.forEachPixel((a, b) -> b.set(a));
		return out.update(null).getCurrentStorageArray();
	}
}
