package org.imagestack.io;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;
import org.imagestack.memory.MemoryImageStack;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/** Image files through ImageJ's Opener and FileSaver, and the real crack photographs. */
class ImageFilesTest {

	/** The six 8-bit crack photographs shipped beside the repository (not in it). */
	static final Path PHOTOS = Paths.get("..", "shared", "data", "crackdect-example-images");

	@TempDir
	Path dir;


	@Test
	void losslessFormatsRoundTrip() throws IOException {
		final Img<? extends RealType<?>> grey = AbstractImageStackTest.ramp(3, 33, 17);
		for (final String ext : new String[] { "tif", "png", "bmp", "gif" }) {
			final Path f = dir.resolve("grey." + ext);
			ImageFiles.write(f, grey);
			final Img<? extends RealType<?>> back = ImageFiles.read(f);
			assertEquals(PixelType.UINT8, PixelType.of(back), ext);
			assertEquals(AbstractImageStackTest.pixels(grey), AbstractImageStackTest.pixels(back), ext);
		}
		final Img<? extends RealType<?>> u16 = DtypeConversion.convert(grey, PixelType.UINT16);
		ImageFiles.write(dir.resolve("u16.tif"), u16);
		assertEquals(AbstractImageStackTest.pixels(u16), AbstractImageStackTest.pixels(ImageFiles.read(dir.resolve("u16.tif"))));
		final Img<? extends RealType<?>> f32 = ArrayImgs.floats(new float[] { -1.5f, 0f, Float.NaN, 3e7f }, 2, 2);
		ImageFiles.write(dir.resolve("f32.tif"), f32);
		assertEquals(AbstractImageStackTest.pixels(f32), AbstractImageStackTest.pixels(ImageFiles.read(dir.resolve("f32.tif"))));
	}

	@Test
	void colourKeepsItsChannelsAndAsGrayFollowsSkimage() throws IOException {
		final Img<? extends RealType<?>> rgb = ArrayImgs.unsignedBytes(new byte[] { (byte) 255, 0, 10, 0, (byte) 255,
			(byte) 200, 0, 0, 30 }, 3, 1, 3);
		for (final String ext : new String[] { "tif", "png" }) {
			final Path f = dir.resolve("rgb." + ext);
			ImageFiles.write(f, rgb);
			final Img<? extends RealType<?>> back = ImageFiles.read(f);
			assertArrayEquals(new long[] { 3, 1, 3 }, Intervals.dimensionsAsLongArray(back), ext);
			assertEquals(AbstractImageStackTest.pixels(rgb), AbstractImageStackTest.pixels(back), ext);
			final RandomAccessibleInterval<? extends RealType<?>> grey = ImageFiles.read(f, true);
			assertEquals(PixelType.FLOAT64, PixelType.of(grey));
			assertEquals(0.577913725490196, grey.getAt(2, 0).getRealDouble(), 1e-15); // rgb2gray of (10, 200, 30)
		}
	}

	@Test
	void jpegIsReadApproximately() throws IOException {
		final Img<? extends RealType<?>> grey = DtypeConversion.convert(AbstractImageStackTest.constant(0.5f, 64, 64), PixelType.UINT8);
		ImageFiles.write(dir.resolve("x.jpg"), grey);
		final Img<? extends RealType<?>> back = ImageFiles.read(dir.resolve("x.jpg"));
		assertArrayEquals(new long[] { 64, 64 }, Intervals.dimensionsAsLongArray(back));
		assertEquals(128, back.getAt(30, 30).getRealDouble(), 3);
	}

	@Test
	void unreadableAndMissingFilesAreNamed() throws IOException {
		final Path text = dir.resolve("x.png");
		Files.write(text, "hello".getBytes());
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.read(text));
		assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("TIFF, PNG"), e.getMessage());
		final NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> ImageFiles.read(dir
			.resolve("none.tif")));
		assertTrue(missing.getMessage().contains("none.tif"), missing.getMessage());
		assertThrows(NoSuchFileException.class, () -> ImageFiles.list(dir.resolve("nope"), "*"));
	}

	@Test
	void filesCutShortAreErrorsNamingTheFile() throws IOException {
		final Img<? extends RealType<?>> grey = AbstractImageStackTest.ramp(5, 120, 90);
		final Img<? extends RealType<?>> rgb = ArrayImgs.unsignedBytes(120, 90, 3);
		long k = 0;
		for (final RealType<?> t : rgb)
			t.setReal(k++ * 11 % 256);
		final List<Img<? extends RealType<?>>> images = Arrays.asList(grey, DtypeConversion.convert(grey,
			PixelType.UINT16), DtypeConversion.convert(grey, PixelType.FLOAT32), rgb);
		int n = 0;
		for (final Img<? extends RealType<?>> img : images) {
			for (final String ext : new String[] { "tif", "png", "bmp", "jpg" }) {
				if (img.numDimensions() == 2 && PixelType.of(img) != PixelType.UINT8 && !ext.equals("tif")) continue;
				for (final double keep : new double[] { 0.5, 0.75, 0.99 }) {
					final Path f = dir.resolve("cut" + n++ + "." + ext);
					ImageFiles.write(f, img);
					cut(f, (long) (Files.size(f) * keep));
					assertDamaged(f, () -> ImageFiles.read(f));
				}
			}
		}
		final Path gif = dir.resolve("cut.gif");
		ImageFiles.write(gif, grey);
		cut(gif, Files.size(gif) / 2);
		assertDamaged(gif, () -> ImageFiles.read(gif));
	}

	@Test
	void aMultiPageTiffMissingItsLastPageIsAnError() throws IOException {
		final Path f = dir.resolve("pages.tif");
		ImageFiles.writeStack(f, Arrays.asList(AbstractImageStackTest.ramp(1, 40, 30), AbstractImageStackTest.ramp(2,
			40, 30), AbstractImageStackTest.ramp(3, 40, 30)));
		assertEquals(3, ImageFiles.readAll(f).size());
		cut(f, Files.size(f) * 3 / 5); // into the image data (ImageJ writes the later pages' directories after it)
		assertDamaged(f, () -> ImageFiles.readAll(f));
		assertDamaged(f, () -> ImageFiles.read(f));
	}

	@Test
	void aPngWithADamagedByteIsAnError() throws IOException {
		final Path f = dir.resolve("flip.png");
		ImageFiles.write(f, AbstractImageStackTest.ramp(9, 64, 64));
		final byte[] bytes = Files.readAllBytes(f);
		bytes[bytes.length / 2] ^= 0x10; // inside the image data: its chunk's CRC no longer matches
		Files.write(f, bytes);
		assertDamaged(f, () -> ImageFiles.read(f));
	}

	@Test
	void fromPathsRefusesACutFile() throws IOException {
		final Path good = dir.resolve("a.tif");
		final Path cut = dir.resolve("b.tif");
		ImageFiles.write(good, AbstractImageStackTest.ramp(1, 50, 40));
		ImageFiles.write(cut, AbstractImageStackTest.ramp(2, 50, 40));
		cut(cut, Files.size(cut) / 2);
		assertDamaged(cut, () -> StackFiles.fromPaths(Arrays.asList(good, cut), "uint8", false));
		assertDamaged(cut, () -> StackFiles.fromPaths(Arrays.asList(good, cut), dir.resolve("db").toString(), "s",
			"uint8", 1, false));
	}

	private static void cut(final Path f, final long length) throws IOException {
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
			java.nio.file.StandardOpenOption.WRITE))
		{
			ch.truncate(length);
		}
	}

	private static void assertDamaged(final Path f, final org.junit.jupiter.api.function.Executable read) {
		final IOException e = assertThrows(IOException.class, read, f + " was read");
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
	}

	@Test
	void listMatchesAGlobInNaturalOrder() throws IOException {
		for (final String n : new String[] { "img10.tif", "img2.tif", "IMG1.tif", "img1.tif", "notes.txt" })
			Files.write(dir.resolve(n), new byte[1]);
		Files.createDirectory(dir.resolve("sub.tif"));
		final List<String> names = new ArrayList<>();
		for (final Path p : ImageFiles.list(dir, "*.tif"))
			names.add(p.getFileName().toString());
		assertEquals(Arrays.asList("IMG1.tif", "img1.tif", "img2.tif", "img10.tif"), names);
		assertEquals(5, ImageFiles.list(dir, null).size());
	}

	@Test
	void naturalOrder() {
		final List<String> names = new ArrayList<>(Arrays.asList("a10", "a2", "a02", "b", "A1", "a1b",
			"a99999999999999999999999", "a100000000000000000000000"));
		names.sort(NaturalOrder.INSTANCE);
		assertEquals(Arrays.asList("A1", "a1b", "a02", "a2", "a10", "a99999999999999999999999",
			"a100000000000000000000000", "b"), names);
	}

	@Test
	void pathsTakesStringsFilesAndPaths() {
		assertEquals(Arrays.asList(Paths.get("a"), Paths.get("b"), Paths.get("c")), ImageFiles.paths(Arrays.asList(
			"a", new java.io.File("b"), Paths.get("c"))));
		assertEquals(Arrays.asList(Paths.get("x.tif")), ImageFiles.paths("x.tif"));
	}

	@Test
	void theRealCrackPhotographs() throws IOException {
		Required.present(Files.isDirectory(PHOTOS), "crack photographs not found at " + PHOTOS.toAbsolutePath() +
			": skipped");
		final List<Path> paths = ImageFiles.list(PHOTOS, "*.bmp");
		assertEquals(6, paths.size());
		final MemoryImageStack stack = StackFiles.fromFolder(PHOTOS.toString(), "*.bmp", null, true);
		assertEquals(PixelType.UINT8, stack.pixelType(), "null type: the first image's (grey BMP: uint8)");
		assertEquals(6, stack.size());
		double previous = 0;
		for (int i = 0; i < 6; i++) {
			final Img<? extends RealType<?>> img = stack.get(i);
			assertArrayEquals(new long[] { 1600, 1200 }, Intervals.dimensionsAsLongArray(img));
			// crack density: dark pixels grow with the load (0.048 -> 0.093 below grey 100)
			long dark = 0;
			for (final RealType<?> t : img)
				if (t.getRealDouble() < 100) dark++;
			final double fraction = dark / (1600.0 * 1200);
			assertTrue(fraction > 0.04 && fraction < 0.1 && fraction >= previous - 0.005, i + ": " + fraction);
			previous = fraction;
		}
		final MemoryImageStack f = StackFiles.fromPaths(paths.subList(0, 1), "float32", true);
		assertEquals(stack.get(0).getAt(800, 600).getRealDouble() * (float) (1 / 255.0), f.get(0).getAt(800, 600)
			.getRealDouble(), 1e-6);
		try (SqlImageStack s = StackFiles.fromFolder(PHOTOS, "*.bmp", dir.resolve("photos").toString(),
			"specimen", null, 4, true))
		{
			assertEquals(PixelType.UINT8, s.pixelType());
			assertEquals(AbstractImageStackTest.pixels(stack.get(5)), AbstractImageStackTest.pixels(s.get(5)));
		}
	}
}
