package org.imagestack.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** The ImageJ virtual stack over a database stack: looking never writes, edits come back, saving saves. */
class SqlVirtualStackTest {

	@TempDir
	Path dir;

	private SqlImageStack stack(final int n) {
		final SqlImageStack s = SqlImageStack.create(dir.resolve("v").toString(), "s", PixelType.UINT8, 1);
		for (int i = 0; i < n; i++)
			s.addImage(AbstractImageStackTest.ramp(i, 600, 400));
		s.saveState();
		return s;
	}

	@Test
	void scrollingThroughEverySliceChangesNothing() {
		final SqlVirtualStack v = new SqlVirtualStack(stack(6));
		for (int round = 0; round < 2; round++)
			for (int n = 1; n <= v.getSize(); n++) {
				final ImageProcessor ip = v.getProcessor(n);
				v.setPixels(ip.getPixels(), n); // what ImageJ does on every change of slice
			}
		assertFalse(v.isChanged());
		assertFalse(v.stack().hasUnsavedChanges(), "nothing was written");
		v.close();
	}

	@Test
	void editsInPlaceComeBackOnFlushAndAreSavedBySave() {
		final SqlVirtualStack v = new SqlVirtualStack(stack(5));
		final ImageProcessor ip = v.getProcessor(2);
		ip.set(10, 20, 201); // drawn in place, as ImageJ's tools do
		for (int n = 3; n <= 5; n++)
			v.getProcessor(n); // slice 2's array leaves the kept ones: followed weakly, written when it differs
		assertTrue(v.isChanged());
		v.save();
		assertFalse(v.isChanged());
		v.close();
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(dir.resolve("v").toString(), "s", 1)) {
			assertEquals(201, AbstractImageStackTest.at(r.get(1), 10, 20));
			assertEquals((1 + 7 * 11 + 13 * 20) & 0xff, AbstractImageStackTest.at(r.get(1), 11, 20));
		}
	}

	@Test
	void closingWithoutSavingKeepsTheLastSave() {
		final SqlVirtualStack v = new SqlVirtualStack(stack(2));
		final ImageProcessor ip = v.getProcessor(1);
		ip.set(0, 0, 99);
		v.setPixels(ip.getPixels(), 1);
		assertTrue(v.isChanged());
		v.close();
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(dir.resolve("v").toString(), "s", 1)) {
			assertEquals(0, AbstractImageStackTest.at(r.get(0), 0, 0));
		}
	}
}
