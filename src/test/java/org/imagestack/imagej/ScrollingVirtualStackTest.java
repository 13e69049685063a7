package org.imagestack.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** Looking is not editing: scrolling a virtual stack writes nothing; an edit is still found and saved. */
class ScrollingVirtualStackTest {

	@TempDir
	Path dir;

	@Test
	void scrollingWritesNothingAndEditsAreKept() {
		final String db = dir.resolve("v").toString();
		try (SqlImageStack s = SqlImageStack.create(db, "v", PixelType.UINT8, 0)) {
			for (int i = 0; i < 6; i++)
				s.addImage(AbstractImageStackTest.ramp(i * 10, 16, 12));
			s.saveState();
		}
		final SqlVirtualStack v = new SqlVirtualStack(SqlImageStack.loadFromDatabase(db, "v", 0), 2);
		try {
			final ImagePlus imp = new ImagePlus("v", v);
			for (int round = 0; round < 2; round++)
				for (int i = 1; i <= imp.getStackSize(); i++)
					imp.setSlice(i); // ImageJ hands each slice's pixels back with setPixels
			imp.setSlice(1);
			assertFalse(v.isChanged(), "scrolling through every slice twice changed nothing");

			imp.setSlice(4);
			imp.getProcessor().set(0, 0, 99); // an edit in place, as a tool or a filter makes it
			imp.setSlice(5);
			imp.setSlice(6);
			imp.setSlice(1); // slice 4 has left the slices held: written back when dropped
			assertTrue(v.isChanged(), "the edit is seen");
			v.save();
			assertFalse(v.isChanged());
		}
		finally {
			v.close();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "v")) {
			assertEquals(99, s.get(3).getAt(0, 0).getRealDouble(), "the edit saved");
			assertEquals(50 + 7, s.get(5).getAt(1, 0).getRealDouble(), "the others as they were");
		}
	}
}
