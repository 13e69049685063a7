package org.imagestack.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

import org.imagestack.PixelType;
import org.imagestack.ij1.ImagePlusStacks;
import org.imagestack.sql.SqlImageStack;

/**
 * The service as SciJava makes it: a {@link Context} creates it, it runs operations, and disposing the context stops
 * every thread the plugin started (what a user, or Fiji quitting, sees in a thread dump).
 */
class ServiceLifecycleTest {

	@TempDir
	Path dir;

	/** 512 x 512 uint8 planes whose pixels tell plane and place apart. */
	private static Img<UnsignedByteType> plane(final int n) {
		final byte[] a = new byte[512 * 512];
		for (int i = 0; i < a.length; i++)
			a[i] = (byte) (i * 7 + n * 31);
		return ArrayImgs.unsignedBytes(a, 512, 512);
	}

	/** @return the names of the live threads the plugin runs (all named "ImageStack-H2 ...") */
	private static Set<String> pluginThreads() {
		final Set<String> names = new TreeSet<>();
		for (final Thread t : Thread.getAllStackTraces().keySet())
			if (t.isAlive() && t.getName().startsWith("ImageStack-H2")) names.add(t.getName());
		return names;
	}

	@Test
	void aContextMakesTheServiceItRunsOperationsAndDisposeStopsThePluginsThreads() {
		final String db = dir.resolve("life").toString();
		try (SqlImageStack s = SqlImageStack.createUnsaved(db, "a", PixelType.UINT8, 1)) {
			for (int n = 0; n < 12; n++) // 3 MB of planes, three times the budget: cells leave it (the cell reaper)
				s.addImage(plane(n));
			s.saveState();
		}

		final Context context = new Context(ImageStackService.class);
		final ImageStackService service = context.service(ImageStackService.class);
		assertEquals(DefaultImageStackService.class, service.getClass());

		// operations through the service: copy, read back, delete (which starts an idle compaction of the file)
		assertEquals("Copied stack 'a' to 'b' (12 planes)", service.copy(db, "a", "b", 1, Progress.NONE));
		try (SqlImageStack b = SqlImageStack.loadFromDatabase(db, "b", 1)) {
			for (int n = 0; n < 12; n++)
				assertEquals((byte) (1000 * 7 + n * 31), ((UnsignedByteType) b.get(n).getAt(1000 % 512, 1000 / 512))
					.getByte(), "plane " + n);
		}
		service.delete(db, "b");
		assertEquals(1, service.list(db).size());
		// a virtual stack open (the watcher looks for its image being closed in batch mode)
		final ImagePlus imp = ImagePlusStacks.open(service, db, "a", true, 1, "discard");
		try {
			assertEquals(Set.of("ImageStack-H2 cell reaper", "ImageStack-H2 idle compaction",
				"ImageStack-H2 virtual stack watcher"), pluginThreads(), "the plugin's threads run");

			context.dispose();
			assertEquals(Set.of(), pluginThreads(), "no thread of the plugin is left after the context is disposed");

			// what was open goes on working: the virtual stack reads its planes from the database
			final byte[] pixels = (byte[]) imp.getStack().getProcessor(12).getPixels();
			assertEquals((byte) (1000 * 7 + 11 * 31), pixels[1000]);
		}
		finally {
			imp.close();
			org.imagestack.imagej.VirtualStackCloser.sweep();
		}
	}

	/** The service takes planes and gives stacks: no ImageJ image on either side (ImageJ's are its front end's). */
	@Test
	void theServiceSavesPlanesAndOpensStacks() {
		final String db = dir.resolve("planes").toString();
		final Context context = new Context(ImageStackService.class);
		try {
			final ImageStackService service = context.service(ImageStackService.class);
			assertEquals("Saved 3 planes as stack 's' (uint8) in " + db, service.save(java.util.List.of(plane(0), plane(
				1), plane(2)), db, "s", "same", 0, Progress.NONE));
			assertEquals("Saved 1 plane as stack 'f' (float32) in " + db, service.save(java.util.List.of(plane(4)), db,
				"f", "float32", 0, Progress.NONE));
			try (SqlImageStack s = service.open(db, "s", 1)) {
				assertEquals(3, s.size());
				assertEquals(PixelType.UINT8, s.pixelType());
				assertEquals((byte) (1000 * 7 + 2 * 31), ((UnsignedByteType) s.get(2).getAt(1000 % 512, 1000 / 512))
					.getByte());
			}
			try (SqlImageStack f = service.open(db, "f", 1)) {
				assertEquals(PixelType.FLOAT32, f.pixelType());
				assertEquals((1000 * 7 + 4 * 31) % 256 / 255.0, f.get(0).getAt(1000 % 512, 1000 / 512).getRealDouble(),
					1e-6, "skimage's uint8 -> float32: v / 255");
			}
			SqlImageStack.create(db, "empty", PixelType.UINT8, 0).close();
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.open(db,
				"empty", 0));
			assertEquals("Stack 'empty' is empty: nothing to open", e.getMessage());
			final IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> service.save(
				java.util.List.of(), db, "n", "same", 0, Progress.NONE));
			assertEquals("No image to save: open or select one first", none.getMessage());
			assertEquals(Set.of("s", "f", "empty"), new TreeSet<>(service.stackNames(db)));
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void afterDisposeAStackUsedAgainStartsWhatItNeeds() {
		final String db = dir.resolve("again").toString();
		final Context context = new Context(ImageStackService.class);
		context.dispose();
		try (SqlImageStack s = SqlImageStack.createUnsaved(db, "a", PixelType.UINT8, 0.5)) {
			for (int n = 0; n < 6; n++)
				s.addImage(plane(n));
			s.saveState();
			for (int n = 0; n < 6; n++)
				assertEquals((byte) (5 * 7 + n * 31), ((UnsignedByteType) s.get(n).getAt(5, 0)).getByte());
		}
		assertTrue(pluginThreads().contains("ImageStack-H2 cell reaper"), "cells left the budget: the reaper is back");
		new Context(ImageStackService.class).dispose();
		assertEquals(Set.of(), pluginThreads());
	}
}
