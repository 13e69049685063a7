package org.imagestack.ij1;

import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.imagestack.service.StackOperations;

/**
 * The menu commands for plain ImageJ 1 ({@code Plugins > ImageStack H2 >}), listed in {@code plugins.config} with
 * the command as argument. Dialogs are {@link GenericDialog}s whose labels give the same macro keys as the Fiji
 * (SciJava) commands, so one recorded macro line works in both. In Fiji the SciJava command of the same label takes
 * the menu entry over.
 */
public class ImageStackH2 implements PlugIn {

	private static final double DEFAULT_BUDGET_MB = 256;

	@Override
	public void run(final String arg) {
		final boolean fromMacro = Macro.getOptions() != null; // cleared by ImageJ commands run inside
		try {
			final String report = dispatch(arg);
			if (report != null) {
				IJ.showStatus(report);
				if (fromMacro) IJ.log(report);
			}
		}
		catch (final CancellationException e) {
			IJ.showStatus(e.getMessage());
			IJ.log("ImageStack-H2: " + e.getMessage());
		}
		catch (final Exception e) {
			fail(e.getMessage() == null ? e.toString() : e.getMessage(), fromMacro);
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	/** Reports an error: a dialog when a person is there, else a log line and the macro stops. */
	private static void fail(final String message, final boolean fromMacro) {
		if (!fromMacro && !IJ.isMacro()) IJ.error("ImageStack H2", message);
		else {
			IJ.log("ImageStack-H2 error: " + message);
			throw new RuntimeException(Macro.MACRO_CANCELED);
		}
	}

	private String dispatch(final String arg) throws Exception {
		switch (arg) {
			case "save": return save();
			case "open": return open();
			case "import": return importSequence();
			case "convert": return convert();
			case "apply": return apply();
			case "rolling": return rolling();
			case "copy": return copy();
			case "delete": return delete();
			case "compact": return compact();
			case "list": return list();
			default: throw new IllegalArgumentException("Unknown ImageStack H2 command: " + arg);
		}
	}

	private static GenericDialog dialog(final String title) {
		return new GenericDialog(title);
	}

	private static void databaseAndStack(final GenericDialog gd) {
		gd.addFileField("Database", "");
		gd.addStringField("Stack", "specimen", 24);
	}

	/**
	 * @return the Database field, refused (and the command left out of the macro recorder) when it holds a password
	 */
	private static String database(final GenericDialog gd) {
		final String db = gd.getNextString();
		try {
			return StackOperations.recordable(db);
		}
		catch (final IllegalArgumentException e) {
			ij.plugin.frame.Recorder.setCommand(null);
			throw e;
		}
	}

	private static void budget(final GenericDialog gd) {
		gd.addNumericField("Budget", DEFAULT_BUDGET_MB, 0, 8, "MB of heap");
	}

	private String save() {
		final ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) throw new IllegalArgumentException("No image open to save");
		final GenericDialog gd = dialog("Save Stack to Database");
		databaseAndStack(gd);
		gd.addChoice("Type", StackOperations.SAVE_TYPES, "same");
		budget(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.save(imp, database(gd), gd.getNextString(), gd.getNextChoice(), gd
			.getNextNumber(), StackOperations.IMAGEJ);
	}

	private String open() {
		final GenericDialog gd = dialog("Open Stack from Database");
		databaseAndStack(gd);
		gd.addCheckbox("Virtual", false);
		gd.addChoice("On_close", new String[] { "ask", "save", "discard" }, "ask");
		budget(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final ImagePlus imp = StackOperations.open(database(gd), gd.getNextString(), gd.getNextBoolean(), gd
			.getNextNumber(), gd.getNextChoice());
		imp.show();
		return "Opened " + imp.getTitle() + " (" + imp.getStackSize() + " slices)";
	}

	private String importSequence() throws java.io.IOException {
		final GenericDialog gd = dialog("Import Image Sequence to Database");
		gd.addDirectoryField("Folder", "");
		gd.addStringField("Filter", "*.tif", 12);
		databaseAndStack(gd);
		gd.addChoice("Type", StackOperations.SAVE_TYPES, "float32");
		gd.addCheckbox("As_gray", false);
		budget(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final String folder = gd.getNextString(), filter = gd.getNextString(), db = database(gd), stack = gd
			.getNextString(), type = gd.getNextChoice();
		final boolean gray = gd.getNextBoolean();
		return StackOperations.importSequence(folder, filter, db, stack, type.equals("same") ? null : type, gray, gd
			.getNextNumber());
	}

	private String convert() {
		final GenericDialog gd = dialog("Convert Stack Type");
		databaseAndStack(gd);
		gd.addChoice("Type", StackOperations.typeNames(), "uint8");
		budget(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.convert(database(gd), gd.getNextString(), gd.getNextChoice(), gd.getNextNumber());
	}

	private String apply() {
		final GenericDialog gd = dialog("Apply to Every Plane");
		databaseAndStack(gd);
		gd.addStringField("Command", "Gaussian Blur...", 24);
		gd.addStringField("Options", "sigma=2", 24);
		gd.addStringField("Macro", "", 40);
		gd.addMessage("Either an ImageJ command with its options, or macro code run on each plane");
		budget(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.applyToEveryPlane(database(gd), gd.getNextString(), gd.getNextString(), gd
			.getNextString(), gd.getNextString(), gd.getNextNumber(), StackOperations.IMAGEJ);
	}

	private String rolling() {
		final GenericDialog gd = dialog("Apply Rolling Operation");
		databaseAndStack(gd);
		gd.addChoice("Operation", StackOperations.ROLLING_OPERATIONS, "Subtract");
		gd.addCheckbox("Keep_first", false);
		budget(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.applyRolling(database(gd), gd.getNextString(), gd.getNextChoice(), gd
			.getNextBoolean(), gd.getNextNumber(), StackOperations.IMAGEJ);
	}

	private String copy() {
		final GenericDialog gd = dialog("Copy Stack");
		databaseAndStack(gd);
		gd.addStringField("New", "specimen-copy", 24);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.copy(database(gd), gd.getNextString(), gd.getNextString());
	}

	private String delete() {
		final GenericDialog gd = dialog("Delete Stack");
		databaseAndStack(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.delete(database(gd), gd.getNextString());
	}

	private String compact() {
		final GenericDialog gd = dialog("Compact Database");
		gd.addFileField("Database", "");
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return StackOperations.compact(database(gd));
	}

	private String list() {
		final GenericDialog gd = dialog("List Stacks");
		gd.addFileField("Database", "");
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final String db = database(gd);
		final ResultsTable rt = StackOperations.list(db);
		rt.show("Stacks");
		return rt.size() + " stacks in " + db;
	}
}
