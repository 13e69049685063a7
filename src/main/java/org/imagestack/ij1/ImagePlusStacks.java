package org.imagestack.ij1;

import java.util.AbstractList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.imagej.ImagePlusAdapter;
import org.imagestack.imagej.SqlVirtualStack;
import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.service.DefaultImageStackService;
import org.imagestack.service.ImageStackService;
import org.imagestack.service.Progress;
import org.imagestack.sql.SqlImageStack;

/**
 * Save Stack to Database and Open Stack from Database on ImageJ's images: the {@link ImagePlus} side of two
 * operations whose service takes and returns planes and stacks. Saving a virtual stack opened from that very stack
 * saves it in place; opening shows a stack in memory or as a virtual stack watched until its image is closed.
 */
public final class ImagePlusStacks {

	/** The image property naming the database an image was opened from (filled into the dialogs). */
	public static final String DATABASE_PROPERTY = "imagestack.database";
	/** The image property naming the stack an image was opened from. */
	public static final String STACK_PROPERTY = "imagestack.stack";

	private ImagePlusStacks() {}

	/**
	 * Saves an image (or stack) as a database stack. A virtual stack opened from that very stack is saved in place;
	 * any other image becomes a new stack (the name must be free), its slices read one at a time. The image is marked
	 * unchanged afterwards.
	 *
	 * @param type {@code same} (8-bit: uint8, 16-bit: uint16, 32-bit: float32, RGB: 3-channel uint8) or a type name
	 * @return a one-line report
	 */
	public static String save(final ImageStackService service, final ImagePlus imp, final String database,
		final String stackName, final String type, final double budgetMb, final Progress progress)
	{
		return save(service, imp, database, stackName, type, budgetMb, "none", progress);
	}

	/**
	 * As {@link #save(ImageStackService, ImagePlus, String, String, String, double, Progress)}, a new stack's cells
	 * stored with {@code compression} ({@code none}, {@code lz4}, {@code zstd}, {@code deflate}); saving in place keeps
	 * the stack's own.
	 */
	public static String save(final ImageStackService service, final ImagePlus imp, final String database,
		final String stackName, final String type, final double budgetMb, final String compression,
		final Progress progress)
	{
		if (imp == null) throw new IllegalArgumentException("No image to save: open or select one first");
		final ImageStack slices = imp.getStack();
		if (slices instanceof SqlVirtualStack) {
			final SqlVirtualStack v = (SqlVirtualStack) slices;
			if (v.stack().name().equals(stackName) && VirtualStackCloser.sameDatabase(v.stack().database(), database)) {
				v.save();
				imp.changes = false;
				return "Saved " + v.stack().size() + " planes of stack '" + stackName + "' in " + DefaultImageStackService
					.shown(database);
			}
		}
		final String report = service.save(planesOf(slices), database, stackName, type, budgetMb, compression,
			progress);
		imp.changes = false;
		imp.setProp(DATABASE_PROPERTY, database);
		imp.setProp(STACK_PROPERTY, stackName);
		return report;
	}

	/** @return the slices as planes, each converted when it is asked for (never all at once) */
	private static List<Img<? extends RealType<?>>> planesOf(final ImageStack slices) {
		return new AbstractList<Img<? extends RealType<?>>>() {

			@Override
			public Img<? extends RealType<?>> get(final int index) {
				return ImagePlusAdapter.toImg(slices.getProcessor(index + 1));
			}

			@Override
			public int size() {
				return slices.getSize();
			}
		};
	}

	/**
	 * Opens a stack as an image: all planes in memory, or {@code virtual} (any size, bounded memory, edits written back
	 * when saved; the database stays open until the image is closed, by any route).
	 *
	 * @param onClose for a virtual stack with unsaved edits when it is closed: {@code ask}, {@code save} or
	 *          {@code discard}
	 */
	public static ImagePlus open(final ImageStackService service, final String database, final String stackName,
		final boolean virtual, final double budgetMb, final String onClose)
	{
		final SqlImageStack s = service.open(database, stackName, budgetMb);
		try {
			if (virtual) {
				final SqlVirtualStack v = new SqlVirtualStack(s);
				v.setBudgetMb(budgetMb);
				final ImagePlus imp = new ImagePlus(stackName, v);
				imp.setProperty("Info", virtualInfo(s, v.isExact()));
				VirtualStackCloser.watch(imp, v, onClose);
				return imp;
			}
			final ImagePlus imp = ImagePlusAdapter.toImagePlus(stackName, s);
			imp.setProp(DATABASE_PROPERTY, database);
			imp.setProp(STACK_PROPERTY, stackName);
			s.close();
			return imp;
		}
		catch (final RuntimeException e) {
			s.close();
			throw e;
		}
	}

	/** What Image &gt; Show Info says about a virtual stack. */
	static String virtualInfo(final SqlImageStack s, final boolean exact) {
		return "ImageStack-H2 virtual stack '" + s.name() + "' in " + s.database() + "\n" + s.size() + " planes of " + s
			.pixelType() + (exact ? "" : ", shown as 32-bit (values cast to float; written back with a cast)") + "\n\n" +
			"Edits of slices are kept until you run Plugins > ImageStack H2 > Save Stack to Database... with this " +
			"database and stack; closing asks first.\n" +
			"Whole-stack filters from the Process menu are refused by ImageJ on any virtual stack (\"Use Process>Batch>" +
			"Virtual Stack\"). To filter every plane, use Plugins > ImageStack H2 > Apply to Every Plane... (any ImageJ " +
			"command with its options, or macro code), or in a macro the command with the 'stack' keyword, e.g. " +
			"run(\"Gaussian Blur...\", \"sigma=2 stack\").";
	}
}
