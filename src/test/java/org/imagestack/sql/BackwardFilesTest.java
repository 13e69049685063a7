package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Files written by an earlier release, kept in {@code src/test/resources/org/imagestack/sql/backward} (as N5 keeps
 * its {@code backward/} data): {@code v1.mv.db} was written by the code of schema version 1 (the commit before
 * 32d1c7e, built in a scratch folder) running {@code WriteVersion1Files.java} beside it: a uint16 stack
 * {@code old-uint16} of two 40 × 30 planes (pixel i of plane p: i × 7 + p × 1000) and a float32 stack
 * {@code old-float32} of one 20 × 10 plane (pixel i: i / 200). Today's code reads them as they were written, and a
 * change saved to one upgrades the file without losing the other.
 */
class BackwardFilesTest {

	@TempDir
	Path dir;

	/** @return a copy of the kept file (the original stays as it is), as a database path without .mv.db */
	private String copy(final String name) throws Exception {
		try (InputStream in = getClass().getResourceAsStream("backward/" + name + ".mv.db")) {
			Files.copy(in, dir.resolve(name + ".mv.db"));
		}
		return dir.resolve(name).toString();
	}

	private static short[] uint16(final int plane) {
		final short[] px = new short[40 * 30];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 7 + plane * 1000);
		return px;
	}

	private static float[] float32() {
		final float[] px = new float[20 * 10];
		for (int i = 0; i < px.length; i++)
			px[i] = i / 200f;
		return px;
	}

	@Test
	void aVersion1FileIsReadAsItWasWritten() throws Exception {
		final String db = copy("v1");
		assertEquals(List.of("old-float32", "old-uint16"), SqlImageStack.stackNames(db).stream().sorted().collect(
			java.util.stream.Collectors.toList()));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "old-uint16", 1)) {
			assertEquals(PixelType.UINT16, s.pixelType());
			assertEquals(2, s.size());
			for (int p = 0; p < 2; p++)
				assertEquals(AbstractImageStackTest.pixels(ArrayImgs.unsignedShorts(uint16(p), 40, 30)),
					AbstractImageStackTest.pixels(s.get(p)), "plane " + p);
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "old-float32", 1)) {
			assertEquals(PixelType.FLOAT32, s.pixelType());
			assertEquals(1, s.size());
			assertEquals(AbstractImageStackTest.pixels(ArrayImgs.floats(float32(), 20, 10)), AbstractImageStackTest
				.pixels(s.get(0)));
		}
	}

	@Test
	void aChangeSavedToAVersion1FileKeepsEveryStack() throws Exception {
		final String db = copy("v1");
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "old-uint16", 1)) {
			s.get(1).firstElement().setReal(5); // an old plane changed in place
			s.addImage(ArrayImgs.unsignedShorts(new short[] { 1, 2, 3, 4 }, 2, 2));
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "old-uint16", 1)) {
			assertEquals(3, s.size());
			final short[] changed = uint16(1);
			changed[0] = 5;
			assertEquals(AbstractImageStackTest.pixels(ArrayImgs.unsignedShorts(uint16(0), 40, 30)),
				AbstractImageStackTest.pixels(s.get(0)));
			assertEquals(AbstractImageStackTest.pixels(ArrayImgs.unsignedShorts(changed, 40, 30)),
				AbstractImageStackTest.pixels(s.get(1)));
			assertEquals("1.0,2.0,3.0,4.0,", AbstractImageStackTest.pixels(s.get(2)));
		}
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "old-float32", 1)) {
			assertEquals(AbstractImageStackTest.pixels(ArrayImgs.floats(float32(), 20, 10)), AbstractImageStackTest
				.pixels(s.get(0)), "the other stack, untouched");
		}
	}
}
