package org.imagestack.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.TextEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.function.BooleanSupplier;

import ij.IJ;
import ij.Prefs;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * Test helper loaded into a real ImageJ (like {@link GuiProbe}): once the macro that starts it has ended, it plays a
 * person at the menus on a thread of its own: picks commands from the menu (as a click does: {@code IJ.doCommand}, no
 * macro running), types into their dialogs, presses their buttons and Esc (a key event to ImageJ's window, the handler
 * a person's key reaches), waits for what shows with time limits, writes {@code PROBE} lines to the Log, saves the
 * Log to a file and quits.
 */
public final class GuiProbePerson {

	private GuiProbePerson() {}

	/**
	 * Starts a session after the calling macro ends.
	 *
	 * @param session {@code record} or {@code person}
	 * @param argument the session's arguments, separated by {@code |}
	 */
	public static String start(final String session, final String argument) {
		final String[] a = argument.split("\\|", -1);
		final Thread t = new Thread(() -> {
			final String logPath = a[a.length - 1];
			try {
				while (ij.macro.Interpreter.getInstance() != null)
					IJ.wait(100);
				IJ.wait(500);
				if (session.equals("record")) record(a);
				else if (session.equals("person")) person(a);
				else if (session.equals("cancel")) cancel(a[0], a[1]);
				// "quit": only the Log, once the macro has ended
			}
			catch (final Throwable e) {
				IJ.log("PROBE session failed: " + e);
				for (final StackTraceElement el : e.getStackTrace())
					IJ.log("PROBE   at " + el);
			}
			finally {
				try {
					Files.write(Paths.get(logPath), IJ.getLog().getBytes(StandardCharsets.UTF_8));
				}
				catch (final java.io.IOException e) {
					e.printStackTrace();
				}
				System.exit(0);
			}
		}, "probe-person");
		t.start();
		return "ok";
	}

	// -- the Recorder: every command from its dialog, every setting recorded --

	/**
	 * With the Recorder open, runs the ten commands from their dialogs with settings other than the defaults, and
	 * writes what the Recorder recorded to a file.
	 *
	 * @param a folder, database, recorded-macro file, screenshot folder, log file
	 */
	private static void record(final String[] a) throws Exception {
		final String folder = a[0], db = a[1], out = a[2], shots = a[3];
		IJ.doCommand("Record...");
		waitFor(() -> Recorder.getInstance() != null, 20, "the Recorder");
		final String[][] steps = { //
			{ "Import Image Sequence to Database...", "s0=" + folder + ";s1=*.png;s2=" + db +
				";s3=specimen;c0=uint8;b0=true;n0=16" }, //
			{ "Open Stack from Database...", "s0=" + db + ";c0=specimen;n0=16" }, //
			{ "Save Stack to Database...", "s0=" + db + ";s1=saved16;c0=uint16;n0=16" }, //
			{ "Convert Stack Type...", "s0=" + db + ";c0=saved16;s1=conv;c1=float32;n0=16" }, //
			{ "Apply to Every Plane...", "s0=" + db + ";c0=specimen;s1=blur;s2=Gaussian Blur...;s3=sigma=1.5;n0=16" },
			{ "Apply Rolling Operation...", "s0=" + db + ";c0=blur;s1=diff;c1=Difference;b0=true;n0=16" }, //
			{ "Copy Stack...", "s0=" + db + ";c0=diff;s1=diff-copy" }, //
			{ "Delete Stack...", "s0=" + db + ";c0=conv" }, //
			{ "Compact Database...", "s0=" + db }, //
			{ "List Stacks...", "s0=" + db } };
		for (final String[] step : steps) {
			final int before = recorded().length();
			IJ.doCommand(step[0]);
			final GenericDialog gd = dialog(step[0].replace("...", ""), 30);
			fill(gd, step[1]);
			if (step[0].startsWith("Apply to Every")) GuiProbe.shootWindow(step[0].replace("...", ""), shots +
				"/apply-dialog.png");
			press(gd, "OK");
			if (step[0].startsWith("Delete")) press(dialog("Confirm Delete", 20), "Delete");
			waitFor(() -> !running(step[0]), 120, step[0] + " to finish");
			waitFor(() -> recorded().length() > before && recorded().substring(before).contains(step[0]), 60,
				"the Recorder's line for " + step[0]);
			IJ.log("PROBE recorded " + recorded().substring(before).trim());
		}
		GuiProbe.shootWindow("Recorder", shots + "/recorder.png");
		Files.write(Paths.get(out), recorded().getBytes(StandardCharsets.UTF_8));
	}

	private static String recorded() {
		final Recorder r = Recorder.getInstance();
		return r == null ? "" : r.getText();
	}

	// -- Esc, Cancel, Delete, a window on a converted stack, paths, the Stacks table --

	/**
	 * Plays a person through what issue 24 found: Esc while Apply runs Gaussian Blur, Delete with a stack open, a
	 * virtual stack's window after Convert, a missing folder, the stack choice following the database field, and
	 * the Stacks table after Copy.
	 *
	 * @param a database, other database, missing-folder database, a folder of images, screenshot folder, log file
	 */
	private static void person(final String[] a) throws Exception {
		final String db = a[0], other = a[1], missing = a[2], folder = a[3], shots = a[4];

		// the database typed once (List Stacks); the dialogs after it start from it and offer its stacks
		IJ.doCommand("List Stacks...");
		GenericDialog list = dialog("List Stacks", 30);
		fill(list, "s0=" + db);
		press(list, "OK");
		waitFor(() -> WindowManager.getWindow(Front.tableTitle(db)) != null, 30, "the Stacks table");

		// Esc, as a key pressed in ImageJ's window, while Apply to Every Plane runs Gaussian Blur on a plane
		IJ.doCommand("Apply to Every Plane...");
		GenericDialog gd = dialog("Apply to Every Plane", 30);
		fill(gd, "s0=" + db + ";c0=many;s2=Gaussian Blur...;s3=sigma=40;n0=0");
		press(gd, "OK");
		waitFor(() -> String.valueOf(ImageJ.getStatusBarText()).contains("plane 2 of 12"), 60, "plane 2 of 12");
		final ImageJ ij = IJ.getInstance();
		ij.keyPressed(new KeyEvent(ij, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0, KeyEvent.VK_ESCAPE,
			KeyEvent.CHAR_UNDEFINED));
		IJ.log("PROBE pressed Esc in ImageJ's window at '" + ImageJ.getStatusBarText() + "'");
		waitFor(() -> IJ.getLog().contains("Cancelled: stack 'many'") || IJ.getLog().contains("error in Apply"), 60,
			"the end of Apply");
		IJ.wait(1500); // a dialog, if any, would show by now
		IJ.log("PROBE dialogs after Esc: [" + GuiProbe.dialogs() + "]");

		// Delete with the stack open as a virtual stack: not pre-selected; picked anyway, refused before any question
		IJ.doCommand("Open Stack from Database...");
		gd = dialog("Open Stack from Database", 30);
		fill(gd, "s0=" + db + ";c0=gv;b0=true;n0=0");
		press(gd, "OK");
		waitFor(() -> WindowManager.getImage("gv") != null, 30, "the virtual stack's window");
		IJ.doCommand("Delete Stack...");
		gd = dialog("Delete Stack", 30);
		IJ.log("PROBE Delete pre-selects '" + ((Choice) gd.getChoices().get(0)).getSelectedItem() + "'");
		fill(gd, "c0=gv");
		press(gd, "OK");
		final Window refused = anyDialog(new String[] { "Confirm Delete", "Delete Stack" }, 20);
		IJ.log("PROBE after Delete of an open stack: '" + GuiProbe.titleOf(refused) + "' says: " + GuiProbe.textOf(refused));
		press(refused, GuiProbe.titleOf(refused).equals("Confirm Delete") ? "Cancel" : "OK");

		// Convert the open stack: its window shows the new type, and Save from it works
		final ImagePlus gv = WindowManager.getImage("gv");
		IJ.log("PROBE window bit depth before Convert: " + gv.getBitDepth());
		IJ.doCommand("Convert Stack Type...");
		gd = dialog("Convert Stack Type", 30);
		fill(gd, "s0=" + db + ";c0=gv;c1=float32;n0=0");
		press(gd, "OK");
		waitFor(() -> said("Converted 5 planes of stack 'gv'") || said("error in Convert"), 60, "Convert's report");
		IJ.log("PROBE status after Convert: " + ImageJ.getStatusBarText());
		IJ.wait(500);
		final ImagePlus shown = WindowManager.getImage("gv");
		IJ.log("PROBE window bit depth after Convert: " + (shown == null ? "(gone)" : shown.getBitDepth()) +
			", title '" + (shown == null ? "" : shown.getTitle()) + "'");
		WindowManager.setTempCurrentImage(shown);
		shown.getProcessor().add(1);
		shown.getStack().setPixels(shown.getProcessor().getPixels(), shown.getCurrentSlice());
		WindowManager.setTempCurrentImage(null);
		WindowManager.setCurrentWindow(shown.getWindow());
		IJ.doCommand("Save Stack to Database...");
		gd = dialog("Save Stack to Database", 30);
		fill(gd, "s0=" + db + ";s1=gv;n0=0");
		press(gd, "OK");
		waitFor(() -> said("Saved 5 planes of stack 'gv'") || said("error in Save"), 60, "Save's report");
		IJ.log("PROBE status after Save: " + ImageJ.getStatusBarText());
		shown.changes = false;
		shown.close();

		// a missing folder: an error naming it, and the path is not remembered
		final String rememberedBefore = Prefs.get(DialogDefaults.DATABASE_PREF, "");
		IJ.doCommand("Copy Stack...");
		gd = dialog("Copy Stack", 30);
		press(gd, "Cancel"); // from the menu: nothing happens, nothing is said
		IJ.doCommand("Import Image Sequence to Database...");
		gd = dialog("Import Image Sequence to Database", 30);
		fill(gd, "s0=" + folder + ";s1=*.png;s2=" + missing + ";s3=x;n0=0");
		press(gd, "OK");
		final Window error = anyDialog(new String[] { "Import Image Sequence to Database" }, 20);
		IJ.log("PROBE missing folder says: " + GuiProbe.textOf(error));
		GuiProbe.shootWindow("Import Image Sequence to Database", shots + "/missing-folder.png");
		press(error, "OK");
		IJ.log("PROBE remembered after the failure: " + Prefs.get(DialogDefaults.DATABASE_PREF, "") +
			" (before: " + rememberedBefore + ")");

		// the stack choice follows the database field
		IJ.doCommand("Open Stack from Database...");
		gd = dialog("Open Stack from Database", 30);
		type(gd, 0, other);
		IJ.log("PROBE choices for the other database: " + items((Choice) gd.getChoices().get(0)));
		type(gd, 0, missing);
		IJ.log("PROBE choices for no database: [" + items((Choice) gd.getChoices().get(0)) + "]");
		press(gd, "Cancel");

		// the Stacks table (opened at the start) refreshes after Copy
		IJ.doCommand("Copy Stack...");
		gd = dialog("Copy Stack", 30);
		fill(gd, "s0=" + db + ";c0=gdel;s1=gdel-copy");
		press(gd, "OK");
		waitFor(() -> said("Copied stack 'gdel'"), 30, "Copy's report");
		IJ.wait(500);
		final ij.text.TextWindow table = (ij.text.TextWindow) WindowManager.getWindow(Front.tableTitle(db));
		IJ.log("PROBE table rows after Copy: " + table.getResultsTable().size());
	}

	/**
	 * Runs a macro as ImageJ's macro editor does (a {@code MacroRunner}, whose thread ImageJ's cancel aborts) that
	 * opens Copy Stack's dialog, and presses Cancel in it.
	 */
	private static void cancel(final String command, final String title) {
		GuiProbe.answer(title, "Cancel");
		final ij.macro.MacroRunner runner = new ij.macro.MacroRunner("print(\"BEFORE\");\nnewImage(\"x\", \"8-bit\", " +
			"8, 8, 1);\nrun(\"" + command + "\");\nprint(\"AFTER THE CANCEL\");\n");
		IJ.wait(500);
		IJ.log("PROBE macro thread: " + (runner.getThread() == null ? "none" : runner.getThread().getName()));
		waitFor(() -> runner.getThread() == null || !runner.getThread().isAlive(), 60, "the macro to end");
		IJ.wait(1500); // a Macro Error, if any, would show by now
		IJ.log("PROBE dialogs after Cancel: [" + GuiProbe.dialogs() + "]");
		for (final Window w : Window.getWindows())
			if (w.isShowing() && w instanceof java.awt.Dialog) press(w, "OK");
	}

	// -- a person's hands --

	/** @return whether a menu command still runs (ImageJ runs it on a thread named by its label) */
	static boolean running(final String label) {
		for (final Thread t : Thread.getAllStackTraces().keySet())
			if (t.isAlive() && t.getName().endsWith(label)) return true;
		return false;
	}

	/** @return whether the status line or the Log says it (a command run from the menu reports in the status line) */
	static boolean said(final String text) {
		return String.valueOf(ImageJ.getStatusBarText()).contains(text) || IJ.getLog().contains(text);
	}

	/** @return the dialog with that title once it shows (within the time limit) */
	static GenericDialog dialog(final String title, final int seconds) {
		final GenericDialog[] found = { null };
		waitFor(() -> {
			for (final Window w : Window.getWindows())
				if (w.isShowing() && w instanceof GenericDialog && title.equals(GuiProbe.titleOf(w))) {
					found[0] = (GenericDialog) w;
					return true;
				}
			return false;
		}, seconds, "the dialog '" + title + "'");
		IJ.wait(300); // drawn, as a person sees it
		return found[0];
	}

	/** @return the first dialog showing with one of those titles (within the time limit) */
	static Window anyDialog(final String[] titles, final int seconds) {
		final Window[] found = { null };
		waitFor(() -> {
			for (final Window w : Window.getWindows())
				for (final String t : titles)
					if (w.isShowing() && w instanceof java.awt.Dialog && t.equals(GuiProbe.titleOf(w))) {
						found[0] = w;
						return true;
					}
			return false;
		}, seconds, "a dialog " + String.join(" or ", titles));
		IJ.wait(300);
		return found[0];
	}

	/**
	 * Fills fields by kind and index: {@code s0} the first text field, {@code c1} the second choice, {@code b0} the
	 * first tick box, {@code n0} the first number field.
	 */
	static void fill(final GenericDialog gd, final String spec) {
		for (final String part : spec.split(";")) {
			final int eq = part.indexOf('=');
			final char kind = part.charAt(0);
			final int i = Integer.parseInt(part.substring(1, eq));
			final String value = part.substring(eq + 1);
			switch (kind) {
				case 's':
					((TextField) gd.getStringFields().get(i)).setText(value);
					break;
				case 'n':
					((TextField) gd.getNumericFields().get(i)).setText(value);
					break;
				case 'c': {
					final Choice c = (Choice) gd.getChoices().get(i);
					c.select(value);
					if (!value.equals(c.getSelectedItem())) IJ.log("PROBE FAIL no choice '" + value + "' in " + items(c));
					break;
				}
				case 'b':
					((Checkbox) gd.getCheckboxes().get(i)).setState(Boolean.parseBoolean(value));
					break;
				default:
					throw new IllegalArgumentException(part);
			}
		}
	}

	/** Types into a text field as a person does: the dialog hears of the change. */
	static void type(final GenericDialog gd, final int field, final String text) {
		final TextField tf = (TextField) gd.getStringFields().get(field);
		java.awt.EventQueue.invokeLater(() -> {
			tf.setText(text);
			tf.dispatchEvent(new TextEvent(tf, TextEvent.TEXT_VALUE_CHANGED));
		});
		IJ.wait(800);
	}

	static String items(final Choice c) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < c.getItemCount(); i++)
			sb.append(i == 0 ? "" : ",").append(c.getItem(i));
		return sb.toString();
	}

	/** Presses a button, as a click does. */
	static void press(final Window w, final String label) {
		final Button b = GuiProbe.find(w, label);
		if (b == null) throw new IllegalStateException("no button " + label + " in '" + GuiProbe.titleOf(w) + "'");
		java.awt.EventQueue.invokeLater(() -> b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b
			.getActionCommand())));
		IJ.log("PROBE pressed " + label + " in '" + GuiProbe.titleOf(w) + "'");
		waitFor(() -> !w.isShowing(), 20, "'" + GuiProbe.titleOf(w) + "' to close");
	}

	/** Waits until the condition holds; else fails the session, saying what it waited for. */
	static void waitFor(final BooleanSupplier condition, final int seconds, final String what) {
		final long end = System.currentTimeMillis() + 1000L * seconds;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > end) throw new IllegalStateException("waited " + seconds + " s for " + what);
			IJ.wait(50);
		}
	}
}
