package org.imagestack.ij1;

import java.io.IOException;
import java.util.List;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import org.imagestack.imagej.VirtualStackCloser;
import org.imagestack.service.CommandSpec;
import org.imagestack.service.DefaultImageStackService;
import org.imagestack.service.ImageStackService;
import org.imagestack.service.Progress;
import org.imagestack.StackRecord;

/**
 * A command run in ImageJ, the same for its three front ends (the ImageJ 1 menu, Fiji's SciJava commands, the macro
 * entry points): the checks before it (a stack open with unsaved edits is not changed under its window), the
 * operation through {@link ImageStackService}, and what follows (windows on a changed stack show it anew, an open
 * Stacks table is refreshed, the database is remembered for the next dialog).
 */
public final class Front {

	/** The value key under which a front end passes the current image (Save Stack to Database). */
	public static final String IMAGE = "image";

	private Front() {}

	/** What a command produced: a one-line report, and an image to show or a listing. */
	public static final class Result {

		public final String report;
		public final ImagePlus image;
		public final List<StackRecord> stacks;

		Result(final String report, final ImagePlus image, final List<StackRecord> stacks) {
			this.report = report;
			this.image = image;
			this.stacks = stacks;
		}
	}

	/**
	 * What must hold before a command may even ask for confirmation: Delete refuses a stack open as a virtual stack,
	 * Compact a database with one open, and a command that writes over a stack refuses one open with unsaved edits.
	 *
	 * @throws IllegalStateException saying which image to close or save first
	 */
	public static void check(final CommandSpec spec, final CommandSpec.Values v) {
		final String db = v.text("database");
		if (db.isEmpty()) throw new IllegalArgumentException("Choose a database file");
		if (CommandSpec.holdsPassword(db)) ij.plugin.frame.Recorder.setCommand(null); // not recorded with it
		CommandSpec.requireNoPassword(db);
		final String stack = v.text("stack");
		if (spec.param("stack") != null && spec.param("stack").kind == CommandSpec.Kind.STACK && stack.isEmpty())
			throw new IllegalArgumentException("Choose a stack: the database " + DefaultImageStackService.shown(db) +
				" holds none (or is not there)");
		if (spec == CommandSpec.DELETE) {
			final List<ImagePlus> open = VirtualStackCloser.imagesOn(db, stack);
			if (!open.isEmpty()) throw new IllegalStateException("Stack '" + stack + "' is open in image '" + open.get(0)
				.getTitle() + "': close that image first, then delete the stack");
		}
		if (spec == CommandSpec.COMPACT) {
			final List<ImagePlus> open = VirtualStackCloser.imagesOn(db, null);
			if (!open.isEmpty()) throw new IllegalStateException("Image '" + open.get(0).getTitle() +
				"' is open on this database: close it first, then compact");
		}
		if (writesInPlace(spec, v)) VirtualStackCloser.requireNoUnsavedEdits(db, stack);
	}

	/** @return whether the command writes over the stack it names (Convert, Apply, Apply Rolling without an output) */
	static boolean writesInPlace(final CommandSpec spec, final CommandSpec.Values v) {
		if (spec.param("output") == null) return false;
		final String out = v.text("output");
		return out.isEmpty() || out.equals(v.text("stack"));
	}

	/**
	 * Checks, runs the command, and brings what ImageJ shows up to date: windows open on a stack the command wrote
	 * over show it as saved now; an open Stacks table of that database lists it anew.
	 *
	 * @throws IOException when Import cannot read a file
	 */
	public static Result run(final CommandSpec spec, final ImageStackService s, final CommandSpec.Values v,
		final Progress progress) throws IOException
	{
		check(spec, v);
		final Result r = execute(spec, s, v, progress);
		final String db = v.text("database");
		if (writesInPlace(spec, v)) VirtualStackCloser.refresh(db, v.text("stack"));
		if (r.stacks == null && spec != CommandSpec.OPEN) refreshTable(s, db);
		DialogDefaults.remember(db);
		return r;
	}

	private static Result execute(final CommandSpec spec, final ImageStackService s, final CommandSpec.Values v,
		final Progress progress) throws IOException
	{
		final String db = v.text("database");
		switch (spec) {
			case SAVE:
				return report(ImagePlusStacks.save(s, (ImagePlus) v.get(IMAGE), db, v.text("stack"), v.text("type"), v
					.number("budget"), v.text("compression"), progress));
			case OPEN: {
				final ImagePlus imp = ImagePlusStacks.open(s, db, v.text("stack"), v.bool("virtual"), v.number("budget"),
					v.text("on_close"));
				return new Result("Opened stack '" + v.text("stack") + "' (" + imp.getStackSize() + " " +
					DefaultImageStackService.planes(imp.getStackSize()) + (v.bool("virtual") ? ", virtual" : "") + ")", imp,
					null);
			}
			case IMPORT:
				return report(s.importSequence(v.text("folder"), v.text("filter"), db, v.text("stack"), v.text("type"), v
					.bool("as_gray"), v.number("budget"), v.text("compression"), progress));
			case CONVERT:
				return report(s.convert(db, v.text("stack"), v.text("output"), v.text("type"), v.number("budget"),
					progress));
			case APPLY:
				return report(s.applyToEveryPlane(db, v.text("stack"), v.text("output"), v.text("command"), v.text(
					"options"), v.text("macro"), v.number("budget"), progress));
			case ROLLING:
				return report(s.applyRolling(db, v.text("stack"), v.text("output"), v.text("operation"), v.bool(
					"keep_first"), v.number("budget"), progress));
			case COPY:
				return report(s.copy(db, v.text("stack"), v.text("new"), 0, progress));
			case DELETE:
				return report(s.delete(db, v.text("stack")));
			case COMPACT:
				return report(s.compact(db));
			case LIST: {
				final List<StackRecord> records = s.list(db);
				return new Result(DefaultImageStackService.stacks(records.size()) + " in " + DefaultImageStackService
					.shown(db), null, records);
			}
			default:
				throw new IllegalStateException(spec.name());
		}
	}

	private static Result report(final String report) {
		return new Result(report, null, null);
	}

	// -- the Stacks table --

	/** @return the title of the Stacks table for a database, e.g. {@code Stacks in /data/crack} */
	public static String tableTitle(final String database) {
		return "Stacks in " + DefaultImageStackService.shown(database);
	}

	/** @return a results table: name, type, planes, size (MB), modified */
	public static ResultsTable table(final List<StackRecord> records) {
		final ResultsTable rt = new ResultsTable();
		for (final StackRecord r : records) {
			rt.incrementCounter();
			rt.addValue("name", r.name());
			rt.addValue("type", r.type().numpyName());
			rt.addValue("planes", r.planeCount());
			rt.addValue("size (MB)", r.sizeBytes() / 1e6);
			rt.addValue("modified", r.modified().toString());
		}
		return rt;
	}

	/** Shows the Stacks table of a database (in its window, replacing what it showed). */
	public static void showTable(final String database, final List<StackRecord> records) {
		if (java.awt.GraphicsEnvironment.isHeadless()) return;
		table(records).show(tableTitle(database));
	}

	/** A Stacks table open on that database lists its stacks anew (after Save, Import, Copy, Delete, ...). */
	static void refreshTable(final ImageStackService s, final String database) {
		if (java.awt.GraphicsEnvironment.isHeadless() || WindowManager.getWindow(tableTitle(database)) == null) return;
		try {
			showTable(database, s.list(database));
		}
		catch (final RuntimeException e) { // the database went: the table says so
			showTable(database, java.util.Collections.emptyList());
		}
	}
}
