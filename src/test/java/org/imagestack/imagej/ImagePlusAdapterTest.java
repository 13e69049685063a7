package org.imagestack.imagej;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import org.junit.jupiter.api.Test;

import org.imagestack.PixelType;
import org.imagestack.convert.DtypeConversion;

/** ImageJ processors ↔ ImgLib2 planes, pixel for pixel. */
class ImagePlusAdapterTest {

	@Test
	void eachProcessorKindRoundTrips() {
		final ByteProcessor bp = new ByteProcessor(3, 2, new byte[] { 0, 1, (byte) 127, (byte) 128, (byte) 254,
			(byte) 255 });
		final Img<? extends RealType<?>> u8 = ImagePlusAdapter.toImg(bp);
		assertEquals(PixelType.UINT8, PixelType.of(u8));
		assertEquals(255, u8.getAt(2, 1).getRealDouble());
		assertArrayEquals((byte[]) bp.getPixels(), (byte[]) ImagePlusAdapter.toProcessor(u8).getPixels());

		final ShortProcessor sp = new ShortProcessor(2, 1, new short[] { 0, (short) 65535 }, null);
		final Img<? extends RealType<?>> u16 = ImagePlusAdapter.toImg(sp);
		assertEquals(PixelType.UINT16, PixelType.of(u16));
		assertEquals(65535, u16.getAt(1, 0).getRealDouble());
		assertArrayEquals((short[]) sp.getPixels(), (short[]) ImagePlusAdapter.toProcessor(u16).getPixels());

		final FloatProcessor fp = new FloatProcessor(2, 2, new float[] { -2.5f, Float.NaN, 0f, 1e30f });
		final Img<? extends RealType<?>> f32 = ImagePlusAdapter.toImg(fp);
		assertEquals(PixelType.FLOAT32, PixelType.of(f32));
		assertArrayEquals((float[]) fp.getPixels(), (float[]) ImagePlusAdapter.toProcessor(f32).getPixels());
	}

	@Test
	void rgbIsThreeChannelsInOrder() {
		final ColorProcessor cp = new ColorProcessor(2, 1);
		cp.set(0, 0, 0x0A14C8); // R 10, G 20, B 200
		cp.set(1, 0, 0xFF0000);
		final Img<? extends RealType<?>> img = ImagePlusAdapter.toImg(cp);
		assertArrayEquals(new long[] { 2, 1, 3 }, Intervals.dimensionsAsLongArray(img));
		assertEquals(10, img.getAt(0, 0, 0).getRealDouble());
		assertEquals(20, img.getAt(0, 0, 1).getRealDouble());
		assertEquals(200, img.getAt(0, 0, 2).getRealDouble());
		assertEquals(255, img.getAt(1, 0, 0).getRealDouble());
		final ImageProcessor back = ImagePlusAdapter.toProcessor(img);
		assertTrue(back instanceof ColorProcessor);
		assertEquals(0x0A14C8, back.get(0, 0) & 0xffffff);
	}

	@Test
	void boolShowsAs0And255AndReturnsAboveHalf() {
		final Img<? extends RealType<?>> mask = DtypeConversion.convert(ArrayImgs.unsignedBytes(new byte[] { 0,
			(byte) 200 }, 2, 1), PixelType.BOOL);
		final ImageProcessor ip = ImagePlusAdapter.toProcessor(mask);
		assertArrayEquals(new byte[] { 0, (byte) 255 }, (byte[]) ip.getPixels());
		ip.set(0, 0, 128);
		ip.set(1, 0, 127);
		final Img<? extends RealType<?>> back = ImagePlusAdapter.fromProcessor(ip, PixelType.BOOL);
		assertEquals(PixelType.BOOL, PixelType.of(back));
		assertEquals(1, back.getAt(0, 0).getRealDouble());
		assertEquals(0, back.getAt(1, 0).getRealDouble());
	}

	@Test
	void otherTypesShowAs32BitAndReturnCast() {
		final Img<? extends RealType<?>> i16 = ArrayImgs.shorts(new short[] { -300, 5 }, 2, 1);
		assertFalse(ImagePlusAdapter.isExact(PixelType.INT16, 1));
		final ImageProcessor ip = ImagePlusAdapter.toProcessor(i16);
		assertTrue(ip instanceof FloatProcessor);
		assertEquals(-300f, ip.getf(0, 0));
		ip.setf(1, 0, 77f);
		final Img<? extends RealType<?>> back = ImagePlusAdapter.fromProcessor(ip, PixelType.INT16);
		assertEquals(PixelType.INT16, PixelType.of(back));
		assertEquals(-300, back.getAt(0, 0).getRealDouble());
		assertEquals(77, back.getAt(1, 0).getRealDouble());
	}

	@Test
	void imagePlusStacksBothWays() {
		final List<Img<? extends RealType<?>>> planes = Arrays.asList(ArrayImgs.unsignedBytes(new byte[] { 1, 2 }, 2,
			1), ArrayImgs.unsignedBytes(new byte[] { 3, 4 }, 2, 1));
		final ImagePlus imp = ImagePlusAdapter.toImagePlus("t", planes);
		assertEquals(2, imp.getStackSize());
		assertEquals(4, imp.getStack().getProcessor(2).get(1, 0));
		final List<Img<? extends RealType<?>>> back = ImagePlusAdapter.toImgs(imp);
		assertEquals(2, back.size());
		assertEquals(3, back.get(1).getAt(0, 0).getRealDouble());
	}
}
