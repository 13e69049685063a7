import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import ij.ImagePlus;
import ij.WindowManager;
import ij.process.FloatProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.imagestack.ij1.Macros;
import org.imagestack.sql.SqlImageStack;

/**
 * What a Fiji user sees of a float32 stack a Python user saved, from a JVM of its own: args: database, stack. Prints
 * one line per plane through the Java API ("java i width height type crc") and one per slice of the image ImageJ's
 * Open Stack from Database command shows ("imagej i width height crc"); the CRC-32 is over the pixels' float bits,
 * little endian, X fastest: numpy's a.astype('<f4').tobytes() of the H x W array.
 */
public class OpenSaved {

	public static void main(final String[] args) throws Exception {
		final String db = args[0], name = args[1];
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, name)) {
			for (int i = 0; i < s.size(); i++) {
				final Img<? extends RealType<?>> p = s.get(i);
				final ByteBuffer b = ByteBuffer.allocate((int) (p.dimension(0) * p.dimension(1) * 4)).order(
					ByteOrder.LITTLE_ENDIAN);
				final Cursor<? extends RealType<?>> c = Views.flatIterable(p).cursor();
				while (c.hasNext())
					b.putFloat(c.next().getRealFloat());
				System.out.println("java " + i + " " + p.dimension(0) + " " + p.dimension(1) + " " + s.pixelType() +
					" " + crc(b.array()));
			}
		}
		final String r = Macros.openStack(db, name, "false", "discard", "0");
		if (r.startsWith("Error")) throw new IllegalStateException(r);
		final ImagePlus imp = WindowManager.getCurrentImage();
		for (int i = 1; i <= imp.getStackSize(); i++) {
			final FloatProcessor fp = (FloatProcessor) imp.getStack().getProcessor(i);
			final float[] px = (float[]) fp.getPixels();
			final ByteBuffer b = ByteBuffer.allocate(px.length * 4).order(ByteOrder.LITTLE_ENDIAN);
			b.asFloatBuffer().put(px);
			System.out.println("imagej " + (i - 1) + " " + fp.getWidth() + " " + fp.getHeight() + " " + crc(b.array()));
		}
		System.exit(0);
	}

	private static long crc(final byte[] bytes) {
		final CRC32 crc = new CRC32();
		crc.update(bytes);
		return crc.getValue();
	}
}
