import net.imglib2.img.array.ArrayImgs;
import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;

/**
 * Writes src/test/resources/org/imagestack/sql/backward/v1.mv.db with the code of schema version 1 (the commit before
 * 32d1c7e, "Cell store ... schema 2"): build that commit (git archive 32d1c7e^ | tar -x; mvn -o -DskipTests package),
 * then: javac -cp <its target/classes>:<runtime jars> WriteVersion1Files.java; java ... WriteVersion1Files <db path>.
 */
public class WriteVersion1Files {

	public static void main(final String... args) {
		final String db = args[0];
		try (SqlImageStack s = SqlImageStack.create(db, "old-uint16", PixelType.UINT16, 1)) {
			for (int p = 0; p < 2; p++) {
				final short[] px = new short[40 * 30];
				for (int i = 0; i < px.length; i++)
					px[i] = (short) (i * 7 + p * 1000);
				s.addImage(ArrayImgs.unsignedShorts(px, 40, 30));
			}
			s.saveState();
		}
		try (SqlImageStack s = SqlImageStack.create(db, "old-float32", PixelType.FLOAT32, 1)) {
			final float[] px = new float[20 * 10];
			for (int i = 0; i < px.length; i++)
				px[i] = i / 200f;
			s.addImage(ArrayImgs.floats(px, 20, 10));
			s.saveState();
		}
	}
}
