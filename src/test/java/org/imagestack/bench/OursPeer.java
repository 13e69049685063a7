package org.imagestack.bench;

import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.imagestack.PixelType;
import org.imagestack.convert.Planes;
import org.imagestack.sql.SqlImageStack;

/**
 * {@link PeerChild}'s workload on a SqlImageStack in an embedded H2 file at the default budget: each plane added as
 * a fresh {@code float[]}, then {@code saveState}; {@code executeFunction} (parallel, in place, an ImgLib2 loop
 * halving every pixel) + {@code saveState}; tiles through {@code readRegion} and through ImgLib2
 * ({@code Views.interval(s.get(i), …)} copied with {@code LoopBuilder}); every plane into a new {@code float[]}
 * ({@code Planes.asArrayImg}).
 */
final class OursPeer {

	private final PeerChild c;

	OursPeer(final PeerChild c) {
		this.c = c;
	}

	void run() throws Exception {
		final String db = c.dir().resolve("stack").toString();
		final Path file = Path.of(db + ".mv.db");
		final int size = c.size();
		PeerChild.Step step = c.step();
		try (SqlImageStack s = SqlImageStack.create(db, "bench", PixelType.FLOAT32, 0)) {
			for (int i = 0; i < c.planes(); i++)
				s.addImage(ArrayImgs.floats(c.fresh(i), size, size));
			s.saveState();
			step.done("ingest");
			c.dropTemplates();
			c.sizes("sizeIngest", file);
			step = c.step();
			s.executeFunction(img -> {
				LoopBuilder.setImages(img).forEachPixel(px -> px.setReal(px.getRealDouble() * 0.5));
				return null;
			}, true);
			s.saveState();
			step.done("map");
			c.sizes("sizeMap", file);
			step = c.step();
		}
		c.put("closeMs", step.ms());
		c.sizes("sizeClosed", file);
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "bench", 0)) {
			c.put("tile", c.tiles((i, x, y) -> (float[]) s.readRegion(i, x, y, 512, 512)));
			c.put("tileImgLib2", c.tiles((i, x, y) -> {
				final ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(512, 512);
				@SuppressWarnings("unchecked")
				final Img<FloatType> p = (Img<FloatType>) (Img<? extends RealType<?>>) s.get(i);
				LoopBuilder.setImages(Views.interval(p, new long[] { x, y }, new long[] { x + 511, y + 511 }), out)
					.forEachPixel((a, b) -> b.set(a));
				return out.update(null).getCurrentStorageArray();
			}));
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "bench", 0)) {
			step = c.step();
			double sum = 0;
			for (final Img<? extends RealType<?>> p : s)
				sum += ((float[]) Planes.storage(Planes.asArrayImg(p)))[size * size / 2]; // a new float[] per plane
			step.done("read");
			if (Double.isNaN(sum)) throw new AssertionError();
		}
	}
}
