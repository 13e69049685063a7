package org.imagestack.ij1;

import java.nio.file.Paths;

import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;

import org.imagestack.imagej.SqlVirtualStack;
import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.io.StackFiles;

/**
 * What the dialogs of both front ends start with: the database and stack of the current image when it came from a
 * database, else the last database used (remembered in ImageJ's preferences), the stacks it holds, a filter matching
 * a folder's images, a name for a copy.
 */
public final class DialogDefaults {

	/** The preference holding the last database used. */
	public static final String DATABASE_PREF = "imagestack.database";

	private DialogDefaults() {}

	/** @return the current image's database, else the remembered one, else empty */
	public static String database() {
		final String fromImage = databaseOf(WindowManager.getCurrentImage());
		return fromImage != null ? fromImage : Prefs.get(DATABASE_PREF, "");
	}

	/**
	 * @param database the database the dialog starts with
	 * @param fallback the parameter's own default
	 * @return the current image's stack when it came from that database, else the fallback
	 */
	public static String stack(final String database, final String fallback) {
		final ImagePlus imp = WindowManager.getCurrentImage();
		final String db = databaseOf(imp);
		if (db != null && sameDatabase(db, database)) return stackOf(imp);
		return fallback;
	}

	/** Remembers the database last used, for the next dialog. */
	public static void remember(final String database) {
		if (database != null && !database.trim().isEmpty()) Prefs.set(DATABASE_PREF, database.trim());
	}

	/** @return a glob matching the images of a folder (e.g. {@code *.bmp}), {@code *} when unsure */
	public static String filter(final String folder) {
		return folder == null || folder.trim().isEmpty() ? "*" : StackFiles.suggestFilter(Paths.get(folder.trim()));
	}

	/** @return the database an image was opened from or saved to, or null */
	public static String databaseOf(final ImagePlus imp) {
		if (imp == null) return null;
		if (imp.getStack() instanceof SqlVirtualStack) return strip(((SqlVirtualStack) imp.getStack()).stack()
			.database());
		final String db = imp.getProp(ImagePlusStacks.DATABASE_PROPERTY);
		return db == null || db.isEmpty() ? null : db;
	}

	/** @return the stack an image was opened from or saved as, or null */
	public static String stackOf(final ImagePlus imp) {
		if (imp == null) return null;
		if (imp.getStack() instanceof SqlVirtualStack) return ((SqlVirtualStack) imp.getStack()).stack().name();
		return imp.getProp(ImagePlusStacks.STACK_PROPERTY);
	}

	private static boolean sameDatabase(final String a, final String b) {
		return VirtualStackCloser.sameDatabase(a, b) || VirtualStackCloser.sameDatabase(b, a);
	}

	/** @return the path without H2's {@code .mv.db}, as a person would type it */
	private static String strip(final String location) {
		return location.endsWith(".mv.db") ? location.substring(0, location.length() - ".mv.db".length()) : location;
	}
}
