package org.imagestack.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.junit.jupiter.api.Test;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.stack.AbstractImageStackTest;

/** The shared suite on the in-memory stack, and what only it does. */
class MemoryImageStackTest extends AbstractImageStackTest {

	@Override
	protected ImageStack createStack(final PixelType type) {
		return new MemoryImageStack(type);
	}

	@Test
	void defaultTypeIsFloat32AndNamesAreParsed() {
		assertEquals(PixelType.FLOAT32, new MemoryImageStack().pixelType());
		assertEquals(PixelType.INT8, new MemoryImageStack("Int8").pixelType());
	}

	@Test
	void imagesOfTheStackTypeAreKeptNotCopied() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		final Img<UnsignedByteType> img = ramp(0, 3, 3);
		s.addImage(img);
		assertSame(img, s.get(0));
	}

	@Test
	void copiesSharePlanesUntilOneIsHandedOut() {
		final MemoryImageStack s = new MemoryImageStack(PixelType.UINT8);
		final Img<UnsignedByteType> img = ramp(0, 3, 3);
		s.addImage(img);
		final MemoryImageStack c = s.copy();
		assertNotSame(img, c.get(0), "the copy hands out a private copy");
		assertSame(img, s.get(0), "the original keeps its plane once the copy has its own");
	}
}
