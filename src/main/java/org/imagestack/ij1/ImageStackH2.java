package org.imagestack.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.service.CommandSpec;
import org.imagestack.service.CommandSpec.Kind;
import org.imagestack.service.CommandSpec.Param;
import org.imagestack.service.DefaultImageStackService;
import org.imagestack.service.ImageStackService;
import org.imagestack.service.UserMessages;

/**
 * The menu commands for plain ImageJ 1 ({@code Plugins > ImageStack H2 >}), listed in {@code plugins.config} with
 * the command's name as argument ({@code save}, {@code open}, ...: {@link CommandSpec}'s names in lower case). Each
 * dialog is built from the command's {@link CommandSpec}, whose labels give the same macro keys as the Fiji (SciJava)
 * commands, so one recorded macro line works in both. In Fiji the SciJava command of the same label takes the menu
 * entry over.
 */
public class ImageStackH2 implements PlugIn {

	/** The preference holding the last folder imported. */
	static final String FOLDER_PREF = "imagestack.folder";

	private static ImageStackService service;

	/** @return the service: plain ImageJ 1 has no SciJava context, so one of its own */
	static synchronized ImageStackService service() {
		if (service == null) service = new DefaultImageStackService();
		return service;
	}

	@Override
	public void run(final String arg) {
		final CommandSpec spec = spec(arg);
		final CommandSpec.Values values;
		try {
			values = ask(spec);
		}
		catch (final RuntimeException e) {
			if (UserMessages.isImageJCancel(e)) throw e; // Cancel in a macro's dialog: ImageJ ends the macro quietly
			ImageJFeedback.fail(spec.title(), e);
			return;
		}
		if (values == null) return; // Cancel
		try {
			Front.check(spec, values); // before asking "cannot be undone": nothing to confirm if it cannot run
			if (!ImageJFeedback.confirm(spec, values)) return;
			final Front.Result r = Front.run(spec, service(), values, ImageJFeedback.progress(spec.title()));
			if (spec == CommandSpec.IMPORT) Prefs.set(FOLDER_PREF, values.text("folder"));
			if (r.image != null) VirtualStackCloser.show(r.image);
			if (r.stacks != null) Front.showTable(values.text("database"), r.stacks);
			ImageJFeedback.done(r.report);
		}
		catch (final CancellationException e) {
			ImageJFeedback.cancelled(e);
		}
		catch (final Exception | OutOfMemoryError e) {
			if (UserMessages.isImageJCancel(e)) ImageJFeedback.cancelled(new CancellationException(
				"Cancelled: " + spec.title()));
			else ImageJFeedback.fail(spec.title(), e);
		}
	}

	private static CommandSpec spec(final String arg) {
		for (final CommandSpec c : CommandSpec.values())
			if (c.name().equalsIgnoreCase(arg)) return c;
		throw new IllegalArgumentException("Unknown ImageStack H2 command: " + arg);
	}

	/**
	 * Shows the command's dialog (from a macro: reads its options).
	 *
	 * @return the values by macro key, or null when cancelled
	 */
	static CommandSpec.Values ask(final CommandSpec spec) {
		final boolean macro = Macro.getOptions() != null;
		final ImagePlus current = WindowManager.getCurrentImage();
		if (spec == CommandSpec.SAVE && current == null) throw new IllegalArgumentException(
			"No image open: open or select the image to save");
		final GenericDialog gd = new GenericDialog(spec.title());
		final String db = DialogDefaults.database();
		final List<Boolean> stackIsChoice = new ArrayList<>();
		String stack = null;
		for (final Param p : spec.params()) {
			final String label = p.ij1Label();
			switch (p.kind) {
				case DATABASE:
					gd.addFileField(label, db, 32);
					break;
				case FOLDER:
					gd.addDirectoryField(label, Prefs.get(FOLDER_PREF, ""), 32);
					break;
				case STACK: {
					final List<String> names = new ArrayList<>(macro ? new ArrayList<>() : service().stackNames(db));
					stack = spec == CommandSpec.DELETE ? notOpen(db, names, p.defaultValue) : DialogDefaults.stack(db,
						p.defaultValue);
					stackIsChoice.add(!names.isEmpty());
					if (spec == CommandSpec.DELETE && !names.isEmpty() && !names.contains(stack)) names.add(0, "");
					if (names.isEmpty()) gd.addStringField(label, stack, 20);
					else gd.addChoice(label, names.toArray(new String[0]), names.contains(stack) ? stack : names.get(0));
					break;
				}
				case OUTPUT:
					gd.addStringField(label, p.defaultValue, 20);
					break;
				case NEW_STACK:
					gd.addStringField(label, newName(spec, p, db, current, stack), 20);
					break;
				case STRING:
					gd.addStringField(label, p.key.equals("filter") ? DialogDefaults.filter(Prefs.get(FOLDER_PREF, ""))
						: p.defaultValue, 24);
					break;
				case TEXT:
					gd.addStringField(label, p.defaultValue, 40); // a text area's macro key would be text1
					break;
				case CHOICE:
					gd.addChoice(label, p.choices(), p.defaultValue);
					break;
				case BOOLEAN:
					gd.addCheckbox(label, Boolean.parseBoolean(p.defaultValue));
					break;
				case BUDGET:
					gd.addNumericField(label, Double.parseDouble(p.defaultValue), 0, 6, p.unit());
					break;
				default:
					throw new IllegalStateException(p.kind.toString());
			}
		}
		if (spec == CommandSpec.APPLY) gd.addMessage("An ImageJ command with its options (as the Recorder writes them),\n" +
			"or macro code run with each plane as the current image.");
		if (spec.param("output") != null) gd.addMessage("Output stack empty: the stack itself is overwritten (in place).\n" +
			"A new name writes a new stack and leaves the stack as it was.");
		gd.addHelp(spec.helpUrl());
		final CommandSpec.Values[] read = { null };
		if (!macro) linkFields(gd, spec, stackIsChoice, () -> read[0] = read(gd, spec, stackIsChoice, current));
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		// with a dialog listener, ImageJ records the fields only as that listener reads them (when OK is pressed)
		return read[0] != null ? read[0] : read(gd, spec, stackIsChoice, current);
	}

	/** @return the dialog's fields by macro key, read in order (which records them in ImageJ's Recorder) */
	private static CommandSpec.Values read(final GenericDialog gd, final CommandSpec spec,
		final List<Boolean> stackIsChoice, final ImagePlus current)
	{
		final CommandSpec.Values values = new CommandSpec.Values().put(Front.IMAGE, current);
		int stacks = 0;
		for (final Param p : spec.params()) {
			final Object v;
			switch (p.kind) {
				case STACK:
					v = stackIsChoice.get(stacks++) ? gd.getNextChoice() : gd.getNextString();
					break;
				case CHOICE:
					v = gd.getNextChoice();
					break;
				case BOOLEAN:
					v = macroBoolean(p.key, gd.getNextBoolean());
					break;
				case BUDGET:
					v = gd.getNextNumber();
					break;
				default:
					v = gd.getNextString();
			}
			values.put(p.key, v);
		}
		return values;
	}

	/**
	 * A tick box in a macro: ImageJ records a ticked box as the bare key ({@code virtual}), SciJava commands may record
	 * {@code virtual=true}; both mean ticked here.
	 */
	static boolean macroBoolean(final String key, final boolean fromDialog) {
		final String options = Macro.getOptions();
		final String given = options == null ? null : Macro.getValue(options, key, null);
		return given == null ? fromDialog : Boolean.parseBoolean(given.trim());
	}

	/** @return the first of a database's stacks that no image shows (Delete never starts on an open stack) */
	private static String notOpen(final String db, final List<String> names, final String fallback) {
		for (final String n : names)
			if (VirtualStackCloser.imagesOn(db, n).isEmpty() && !n.equals(DialogDefaults.stack(db, null))) return n;
		return names.isEmpty() ? fallback : "";
	}

	/** The default of a new stack's name: the image's own stack or title (Save), the source's name + -copy (Copy). */
	private static String newName(final CommandSpec spec, final Param p, final String db, final ImagePlus current,
		final String source)
	{
		if (spec == CommandSpec.COPY) return (source == null ? "specimen" : source) + "-copy";
		if (spec == CommandSpec.SAVE && current != null) {
			final String title = current.getTitle().replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
			return DialogDefaults.stack(db, title.isEmpty() ? p.defaultValue : title);
		}
		return p.defaultValue;
	}

	/**
	 * In a shown dialog: "On close" only with Virtual ticked; the stack choices follow the database field; the filter
	 * follows the folder field.
	 */
	private static void linkFields(final GenericDialog gd, final CommandSpec spec, final List<Boolean> stackIsChoice,
		final Runnable readAll)
	{
		final List<Component> fields = new ArrayList<>();
		final List<Param> params = new ArrayList<>();
		int strings = 0, choices = 0, boxes = 0;
		for (final Param p : spec.params()) {
			Component c = null;
			if (p.kind == Kind.CHOICE) c = (Component) gd.getChoices().get(choices++);
			else if (p.kind == Kind.BOOLEAN) c = (Component) gd.getCheckboxes().get(boxes++);
			else if (p.kind == Kind.BUDGET) c = null;
			else if (p.kind == Kind.STACK && stackIsChoice.get(0)) c = (Component) gd.getChoices().get(choices++);
			else c = (Component) gd.getStringFields().get(strings++);
			fields.add(c);
			params.add(p);
		}
		final Runnable sync = () -> {
			for (int i = 0; i < params.size(); i++) {
				final String with = params.get(i).onlyWith();
				if (with == null) continue;
				final Component box = fields.get(indexOf(params, with));
				if (box instanceof Checkbox) fields.get(i).setEnabled(((Checkbox) box).getState());
			}
		};
		sync.run();
		gd.addDialogListener((dialog, e) -> {
			sync.run();
			if (e == null) { // OK pressed: ImageJ asks this listener to read (and so record) every field
				readAll.run();
				return true;
			}
			final int source = fields.indexOf(e.getSource());
			if (source < 0) return true;
			final Param p = params.get(source);
			if (p.kind == Kind.DATABASE) {
				final int s = indexOf(params, "stack");
				if (s >= 0 && fields.get(s) instanceof Choice) {
					final Choice choice = (Choice) fields.get(s);
					final List<String> names = service().stackNames(((TextField) fields.get(source)).getText());
					choice.removeAll(); // this database's stacks, none when it holds none (or is not there)
					for (final String n : names)
						choice.add(n);
					if (names.isEmpty()) choice.add("");
				}
			}
			if (p.kind == Kind.FOLDER) {
				final int f = indexOf(params, "filter");
				if (f >= 0) ((TextField) fields.get(f)).setText(DialogDefaults.filter(((TextField) fields.get(source))
					.getText()));
			}
			return true;
		});
	}

	private static int indexOf(final List<Param> params, final String key) {
		for (int i = 0; i < params.size(); i++)
			if (params.get(i).key.equals(key)) return i;
		return -1;
	}
}
