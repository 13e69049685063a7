package org.imagestack.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import org.scijava.ItemIO;
import org.scijava.ItemVisibility;
import org.scijava.app.StatusService;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.prefs.PrefService;
import org.scijava.widget.FileWidget;

import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.service.CommandSpec;
import org.imagestack.service.CommandSpec.Param;
import org.imagestack.ij1.DialogDefaults;
import org.imagestack.ij1.Front;
import org.imagestack.ij1.ImageJFeedback;
import org.imagestack.service.UserMessages;
import org.imagestack.service.ImageStackService;
import org.imagestack.service.Progress;

/**
 * A Fiji (SciJava) command built from its {@link CommandSpec}: one input per parameter, named by its macro key (so
 * {@code run("Copy Stack...", "database=... stack=... new=...")} fills them), with the spec's labels, choices and
 * defaults. The database is a persisted parameter (the last one used; the current image's when it came from a
 * database). Subclasses only name their spec.
 */
public abstract class SpecCommand extends DynamicCommand {

	/** The menu all commands live in. */
	static final String MENU = "Plugins>ImageStack H2>";

	/** SciJava's key of the remembered database, shared by every command. */
	static final String DATABASE_PERSIST_KEY = "imagestack.database";

	@Parameter
	private ImageStackService service;

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter
	private PrefService prefs;

	@Parameter(required = false)
	private ImagePlus imp;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus image;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Stacks")
	private String stacks;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Report")
	private String report;

	private boolean inputsAdded;

	/** @return what this command is */
	protected abstract CommandSpec spec();

	/** The spec's inputs exist from the start, before SciJava (or Fiji's macro preprocessor) fills them. */
	@Override
	public DynamicCommandInfo getInfo() {
		final DynamicCommandInfo info = super.getInfo();
		if (!inputsAdded) {
			inputsAdded = true;
			for (final Param p : spec().params())
				if (info.getInput(p.key) == null) info.addInput(item(info, p));
		}
		return info;
	}

	private DefaultMutableModuleItem<?> item(final DynamicCommandInfo info, final Param p) {
		final DefaultMutableModuleItem<?> item;
		switch (p.kind) {
			case DATABASE: {
				final DefaultMutableModuleItem<File> f = new DefaultMutableModuleItem<>(info, p.key, File.class);
				f.setWidgetStyle(spec() == CommandSpec.SAVE || spec() == CommandSpec.IMPORT ? FileWidget.SAVE_STYLE
					: FileWidget.OPEN_STYLE);
				f.setPersistKey(DATABASE_PERSIST_KEY);
				f.setPersisted(true);
				f.setCallback("databaseChanged");
				return labelled(f, p);
			}
			case FOLDER: {
				final DefaultMutableModuleItem<File> f = new DefaultMutableModuleItem<>(info, p.key, File.class);
				f.setWidgetStyle(FileWidget.DIRECTORY_STYLE);
				f.setPersisted(false);
				f.setCallback("folderChanged");
				return labelled(f, p);
			}
			case BOOLEAN: {
				final DefaultMutableModuleItem<Boolean> b = new DefaultMutableModuleItem<>(info, p.key, boolean.class);
				b.setDefaultValue(Boolean.valueOf(p.defaultValue));
				item = b;
				break;
			}
			case BUDGET: {
				final DefaultMutableModuleItem<Double> d = new DefaultMutableModuleItem<>(info, p.key, double.class);
				d.setDefaultValue(Double.valueOf(p.defaultValue));
				d.setMinimumValue(0.0);
				d.setDescription(p.unit());
				item = d;
				break;
			}
			default: {
				final DefaultMutableModuleItem<String> s = new DefaultMutableModuleItem<>(info, p.key, String.class);
				s.setDefaultValue(p.defaultValue);
				if (p.kind == CommandSpec.Kind.CHOICE) s.setChoices(java.util.Arrays.asList(p.choices()));
				if (p.kind == CommandSpec.Kind.TEXT) s.setWidgetStyle("text area");
				if (p.onlyWith() != null) s.setDescription("Only with " + p.onlyWith());
				if (p.kind == CommandSpec.Kind.OUTPUT) s.setDescription("Empty: the stack itself is overwritten (in " +
					"place); a new name writes a new stack and leaves the stack as it was");
				item = s;
			}
		}
		item.setPersisted(false);
		return labelled(item, p);
	}

	private static <T> DefaultMutableModuleItem<T> labelled(final DefaultMutableModuleItem<T> item, final Param p) {
		item.setLabel(p.kind == CommandSpec.Kind.BUDGET ? p.label + " (" + p.unit() + ")" : p.label);
		item.setRequired(p.kind != CommandSpec.Kind.TEXT && p.kind != CommandSpec.Kind.STRING &&
			p.kind != CommandSpec.Kind.OUTPUT);
		return item;
	}

	/**
	 * Starts the dialog from the current image's database and stack; offers the stacks of that (or the remembered)
	 * database as choices when a person will see the dialog.
	 */
	@Override
	public void initialize() throws org.scijava.module.MethodCallException {
		super.initialize();
		final String fromImage = DialogDefaults.databaseOf(WindowManager.getCurrentImage());
		rememberedBefore = prefs.get((Class<?>) null, DATABASE_PERSIST_KEY, "");
		if (fromImage != null && !isResolved("database")) prefs.put((Class<?>) null, DATABASE_PERSIST_KEY, fromImage);
		final String db = fromImage != null ? fromImage : rememberedBefore;
		final Param stack = spec().param("stack");
		if (stack != null && !isResolved("stack")) {
			setInput("stack", DialogDefaults.stack(db, stack.defaultValue));
			if (stack.kind == CommandSpec.Kind.STACK && !IJ.isMacro() && !GraphicsEnvironment.isHeadless()) {
				final List<String> names = service.stackNames(db);
				if (!names.isEmpty()) {
					@SuppressWarnings("unchecked")
					final DefaultMutableModuleItem<String> item = (DefaultMutableModuleItem<String>) getInfo()
						.getMutableInput("stack", String.class);
					item.setChoices(names);
					if (!names.contains(getInput("stack"))) setInput("stack", names.get(0));
				}
			}
		}
		if (spec().param("new") != null && !isResolved("new")) setInput("new", getInput("stack") + "-copy");
		fromMacro(ij.Macro.getOptions());
		if (spec() != CommandSpec.SAVE) resolveInput("imp");
		else if (imp == null) imp = WindowManager.getCurrentImage();
		getInfo().getMutableOutput("image", ImagePlus.class).setVisibility(ItemVisibility.INVISIBLE);
	}

	/** The dialog's stack choices follow the database. */
	protected void databaseChanged() {
		final Object db = getInput("database");
		@SuppressWarnings("unchecked")
		final DefaultMutableModuleItem<String> item = spec().param("stack") == null ? null
			: (DefaultMutableModuleItem<String>) getInfo().getMutableInput("stack", String.class);
		if (db == null || item == null || item.getChoices() == null || item.getChoices().isEmpty()) return;
		final List<String> names = service.stackNames(db.toString());
		// this database's stacks, none when it holds none (or is not there)
		item.setChoices(names.isEmpty() ? java.util.Collections.singletonList("") : names);
		if (!item.getChoices().contains(getInput("stack"))) setInput("stack", item.getChoices().get(0));
	}

	/** The dialog's filter follows the folder: a glob matching most of its images. */
	protected void folderChanged() {
		final Object folder = getInput("folder");
		if (folder != null) setInput("filter", DialogDefaults.filter(folder.toString()));
	}

	/**
	 * Run from a macro, the command takes what the options do not give from its defaults, as ImageJ's dialogs do (no
	 * dialog), and a tick box given as the bare key ({@code virtual}, as ImageJ records it) is ticked.
	 */
	private void fromMacro(final String options) {
		if (options == null) return;
		for (final Param p : spec().params()) {
			if (isResolved(p.key)) continue;
			if (p.kind == CommandSpec.Kind.BOOLEAN) setInput(p.key, java.util.regex.Pattern.compile("(^|\\s)" + p.key +
				"(\\s|$)").matcher(options).find());
			resolveInput(p.key);
		}
	}

	@Override
	public void run() {
		final CommandSpec.Values values = new CommandSpec.Values().put(Front.IMAGE, imp);
		for (final Param p : spec().params())
			values.put(p.key, getInput(p.key));
		// SciJava persisted the database as it was typed before the command ran: a path that fails is not kept
		final String remembered = rememberedBefore;
		try {
			Front.check(spec(), values); // before asking "cannot be undone": nothing to confirm if it cannot run
			if (!ImageJFeedback.confirm(spec(), values)) {
				cancel("Not confirmed");
				return;
			}
			final Front.Result r = Front.run(spec(), service, values, progress());
			report = r.report;
			if (r.image != null) {
				image = r.image;
				if (!GraphicsEnvironment.isHeadless()) VirtualStackCloser.show(r.image);
			}
			if (r.stacks != null) {
				stacks = CommandSpec.text(r.stacks);
				Front.showTable(values.text("database"), r.stacks);
			}
			status.showStatus(report);
			log.info(report);
			if (IJ.getInstance() != null) ImageJFeedback.done(report);
			for (final String shownHere : new String[] { "image", "stacks", "report" })
				resolveOutput(shownHere); // shown above (window, table, status and log): Fiji shows them no second time
		}
		catch (final CancellationException e) {
			report = e.getMessage();
			status.showStatus(report);
			log.info(report);
			if (IJ.getInstance() != null) ImageJFeedback.cancelled(e);
		}
		catch (final Exception | OutOfMemoryError e) {
			forget(remembered);
			if (UserMessages.isImageJCancel(e)) {
				cancel("Cancelled");
				return;
			}
			if (IJ.getInstance() == null && !IJ.isMacro()) throw new IllegalStateException(e.getMessage(), e);
			ImageJFeedback.fail(spec().title(), e);
			cancel(e.getMessage());
		}
	}

	/** The database remembered before this command (SciJava persists the typed one before {@link #run()}). */
	private String rememberedBefore;

	/** Puts back the database remembered before a command that failed. */
	private void forget(final String before) {
		if (before == null || before.isEmpty()) prefs.remove((Class<?>) null, DATABASE_PERSIST_KEY);
		else prefs.put((Class<?>) null, DATABASE_PERSIST_KEY, before);
	}

	/** Progress: ImageJ's bar and status line when ImageJ is there, else SciJava's status service; Esc cancels. */
	private Progress progress() {
		if (IJ.getInstance() != null) return ImageJFeedback.progress(spec().title());
		return new Progress() {

			@Override
			public void update(final int done, final int total) {
				status.showStatus(done, total, spec().title() + ": plane " + done + " of " + total);
			}

			@Override
			public boolean cancelled() {
				return IJ.escapePressed();
			}
		};
	}
}
