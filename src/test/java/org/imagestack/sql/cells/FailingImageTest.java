package org.imagestack.sql.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.ImgView;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.position.FunctionRandomAccessible;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * An image is added from its first pixel wherever it lies, and one whose reading fails half-way changes nothing, whether
 * its first cells stayed on the heap or were written.
 */
class FailingImageTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("failing").toString();
	}

	/** @return a 512 x 512 float32 image of 0.5 that cannot be read beyond (300, 300): in its last 256 x 256 cell */
	private static Img<FloatType> failing() {
		return ImgView.wrap(Views.interval(new FunctionRandomAccessible<>(2, (pos, t) -> {
			if (pos.getLongPosition(0) > 300 && pos.getLongPosition(1) > 300) throw new IllegalStateException(
				"unreadable");
			t.set(0.5f);
		}, FloatType::new), new long[] { 0, 0 }, new long[] { 511, 511 }), new ArrayImgFactory<>(new FloatType()));
	}

	@Test
	void aPlaneReplacedOrInsertedByAFailingImageStaysAsItWas() {
		for (final double budget : new double[] { 0.25, 4 }) { // one cell: written as made; every cell held
			final String what = "a budget of " + budget + " MB";
			try (SqlImageStack s = SqlImageStack.create(db() + budget, "s", PixelType.FLOAT32, budget)) {
				s.addImage(AbstractImageStackTest.constant(1, 512, 512));
				s.addImage(AbstractImageStackTest.constant(2, 512, 512));
				s.saveState();
				s.get(1).getAt(500, 500).setReal(-2); // unsaved: kept whatever fails after
				assertEquals("unreadable", assertThrows(IllegalStateException.class, () -> s.set(0, failing()))
					.getMessage(), what);
				assertThrows(IllegalStateException.class, () -> s.add(1, failing()), what);
				assertEquals(2, s.size(), what);
				assertEquals(1, AbstractImageStackTest.at(s.get(0), 10, 10), what);
				assertEquals(-2, AbstractImageStackTest.at(s.get(1), 500, 500), what + ": the unsaved edit");
				s.add(AbstractImageStackTest.constant(3, 512, 512));
				s.saveState();
			}
			try (SqlImageStack r = SqlImageStack.loadFromDatabase(db() + budget, "s", 1)) {
				assertEquals(3, r.size(), what + ": no half-written plane was saved");
				for (int i = 0; i < 3; i++)
					assertEquals(i + 1, AbstractImageStackTest.at(r.get(i), 400, 400), what + ", plane " + i);
				assertEquals(-2, AbstractImageStackTest.at(r.get(1), 500, 500), what + ": the edit");
			}
		}
	}

	@Test
	void anImageAnywhereInSpaceIsAddedFromItsFirstPixel() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.FLOAT32, 1)) {
			final Img<FloatType> img = net.imglib2.img.array.ArrayImgs.floats(600, 300);
			int i = 0;
			for (final FloatType t : img)
				t.set(i++);
			final RandomAccessibleInterval<FloatType> moved = Views.translate(img, -100, 40); // min (-100, 40)
			s.addImage(moved); // a view
			s.addImage(ImgView.wrap(moved, new ArrayImgFactory<>(new FloatType()))); // an image, of the stack's type
			for (int z = 0; z < 2; z++) {
				assertEquals(AbstractImageStackTest.at(moved, -100, 40), AbstractImageStackTest.at(s.get(z), 0, 0));
				assertEquals(AbstractImageStackTest.at(moved, 499, 339), AbstractImageStackTest.at(s.get(z), 599, 299));
			}
		}
	}
}
