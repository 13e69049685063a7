package org.imagestack.service;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.imagestack.PixelType;
import org.imagestack.StackRecord;
import org.imagestack.sql.StackDatabase;

/**
 * The one description of each menu command: its label, its parameters (macro key, label, kind, default, choices) in
 * order, and what it does with them. The SciJava commands (Fiji), the ImageJ 1 dialogs and the macro entry points
 * ({@code call(...)}, whose arguments come in this order) are all built from it, so one recorded macro line works in
 * every front end.
 */
public enum CommandSpec {

	SAVE("Save Stack to Database...", Param.database(), Param.newStack("specimen"), Param.choice("type", "Type",
		Choices.SAVE_TYPES, "same"), Param.budget(), Param.compression()),
	OPEN("Open Stack from Database...", Param.database(), Param.stack(), Param.bool("virtual", "Virtual", false),
		Param.choice("on_close", "On close", Choices.ON_CLOSE, "ask").onlyWith("virtual"), Param.budget()),
	IMPORT("Import Image Sequence to Database...", new Param("folder", "Folder", Kind.FOLDER, ""), new Param("filter",
		"Filter", Kind.STRING, "*"), Param.database(), Param.newStack("specimen"), Param.choice("type", "Type",
			Choices.SAVE_TYPES, "same"), Param.bool("as_gray", "As gray", false), Param.budget(), Param.compression()),
	CONVERT("Convert Stack Type...", Param.database(), Param.stack(), Param.output(), Param.choice("type", "Type", Choices.TYPES,
		"uint8"), Param.budget()),
	APPLY("Apply to Every Plane...", Param.database(), Param.stack(), Param.output(), new Param("command", "Command", Kind.STRING,
		"Gaussian Blur..."), new Param("options", "Options", Kind.STRING, "sigma=2"), new Param("macro",
			"Macro (instead of a command)", Kind.TEXT, ""), Param.budget()),
	ROLLING("Apply Rolling Operation...", Param.database(), Param.stack(), Param.output(), Param.choice("operation", "Operation",
		Choices.ROLLING, "Subtract"), Param.bool("keep_first", "Keep first", false), Param.budget()),
	COPY("Copy Stack...", Param.database(), Param.stack(), new Param("new", "New stack name", Kind.NEW_STACK, "")),
	DELETE("Delete Stack...", Param.database(), Param.stack()),
	COMPACT("Compact Database...", Param.database()),
	LIST("List Stacks...", Param.database());

	/** What a parameter holds, which decides its widget in each front end. */
	public enum Kind {
		/** a database file (H2 adds {@code .mv.db}) */
		DATABASE,
		/** a folder */
		FOLDER,
		/** the name of a stack in the database: a choice where the front end can list them */
		STACK,
		/** the name of a stack to make */
		NEW_STACK,
		/** where a command writes: empty for the stack itself (in place), else the name of a new stack */
		OUTPUT,
		/** one line of text */
		STRING,
		/** several lines of text (macro code) */
		TEXT,
		/** one of {@link Param#choices} */
		CHOICE,
		/** a tick box */
		BOOLEAN,
		/** megabytes of heap, 0 = automatic */
		BUDGET
	}

	/** One parameter of a command. */
	public static final class Param {

		/** the macro key, e.g. {@code on_close} */
		public final String key;
		/** the label in a dialog, e.g. {@code On close}; its first words are the key's */
		public final String label;
		public final Kind kind;
		/** the default, as text ({@code true}/{@code false} for a tick box) */
		public final String defaultValue;
		private final String[] choices;
		private String onlyWith;

		Param(final String key, final String label, final Kind kind, final String defaultValue, final String... choices) {
			this.key = key;
			this.label = label;
			this.kind = kind;
			this.defaultValue = defaultValue;
			this.choices = choices;
		}

		static Param database() {
			return new Param("database", "Database", Kind.DATABASE, "");
		}

		static Param stack() {
			return new Param("stack", "Stack", Kind.STACK, "specimen");
		}

		static Param newStack(final String value) {
			return new Param("stack", "Stack", Kind.NEW_STACK, value);
		}

		static Param output() {
			return new Param("output", "Output stack", Kind.OUTPUT, "");
		}

		static Param choice(final String key, final String label, final String[] choices, final String value) {
			return new Param(key, label, Kind.CHOICE, value, choices);
		}

		static Param bool(final String key, final String label, final boolean value) {
			return new Param(key, label, Kind.BOOLEAN, Boolean.toString(value));
		}

		/** How the new stack's cells are stored (the last parameter: earlier macros that leave it out get none). */
		static Param compression() {
			return choice("compression", "Compression", Choices.COMPRESSION, "none");
		}

		static Param budget() {
			return new Param("budget", "Budget", Kind.BUDGET, "0");
		}

		Param onlyWith(final String booleanKey) {
			onlyWith = booleanKey;
			return this;
		}

		/** @return the choices of a {@link Kind#CHOICE} (empty otherwise) */
		public String[] choices() {
			return choices.clone();
		}

		/** @return the key of the tick box this parameter only matters with, or null */
		public String onlyWith() {
			return onlyWith;
		}

		/** @return the unit or hint shown after the field, or empty */
		public String unit() {
			if (kind == Kind.BUDGET) return "MB of heap (0 = automatic)";
			if (kind == Kind.OUTPUT) return "empty = in place";
			return "";
		}

		/**
		 * @return the label for ImageJ 1's dialog, whose macro key is the label's first word: the key's words joined
		 *         by underscores (shown as spaces), then the rest of the label ({@code On_close}, {@code New stack name})
		 */
		public String ij1Label() {
			final int words = key.split("_").length;
			final String[] parts = label.split(" ", words + 1);
			final StringBuilder sb = new StringBuilder(String.join("_", Arrays.copyOf(parts, Math.min(words,
				parts.length))));
			if (parts.length > words) sb.append(' ').append(parts[words]);
			return sb.toString();
		}
	}

	/** The choice lists. */
	public static final class Choices {

		/** the pixel types' names */
		public static final String[] TYPES;
		/** {@code same} (the image's own type), then the pixel types */
		public static final String[] SAVE_TYPES;
		/** the codecs a new stack's cells can be stored with ({@link org.imagestack.Compression}) */
		public static final String[] COMPRESSION = { "none", "lz4", "zstd", "deflate" };
		/** what to do with a virtual stack's unsaved edits when it is closed */
		public static final String[] ON_CLOSE = { "ask", "save", "discard" };
		/** the operations of ImageJ's image calculator */
		public static final String[] ROLLING = { "Subtract", "Difference", "Divide", "Add", "Multiply", "Average",
			"Min", "Max", "AND", "OR", "XOR", "Copy", "Transparent-zero" };

		static {
			final PixelType[] all = PixelType.values();
			TYPES = new String[all.length];
			for (int i = 0; i < all.length; i++)
				TYPES[i] = all[i].numpyName();
			SAVE_TYPES = new String[all.length + 1];
			SAVE_TYPES[0] = "same";
			System.arraycopy(TYPES, 0, SAVE_TYPES, 1, all.length);
		}

		private Choices() {}
	}

	/** The values a front end collected, by macro key: strings, files, booleans or numbers. */
	public static final class Values {

		private final Map<String, Object> values = new LinkedHashMap<>();

		public Values put(final String key, final Object value) {
			values.put(key, value);
			return this;
		}

		/** @return the value as given (a front end may pass objects of its own, e.g. the image to save), or null */
		public Object get(final String key) {
			return values.get(key);
		}

		public String text(final String key) {
			final Object v = values.get(key);
			if (v == null) return "";
			return v instanceof File ? StackDatabase.argument((File) v) : v.toString().trim();
		}

		public boolean bool(final String key) {
			final Object v = values.get(key);
			if (v instanceof Boolean) return (Boolean) v;
			final String s = v == null ? "" : v.toString().trim().toLowerCase(Locale.ROOT);
			return s.equals("true") || s.equals("1") || s.equals("yes");
		}

		public double number(final String key) {
			final Object v = values.get(key);
			if (v instanceof Number) return ((Number) v).doubleValue();
			final String s = v == null ? "" : v.toString().trim();
			try {
				return s.isEmpty() ? 0 : Double.parseDouble(s);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("'" + s + "' is not a number (" + key + ")");
			}
		}
	}

	private final String label;
	private final List<Param> params;

	CommandSpec(final String label, final Param... params) {
		this.label = label;
		this.params = Collections.unmodifiableList(Arrays.asList(params));
	}

	/** @return the menu label, e.g. {@code Copy Stack...} (also the macro's {@code run} name) */
	public String label() {
		return label;
	}

	/** @return the dialog's title: the label without its dots */
	public String title() {
		return label.replace("...", "");
	}

	/** @return the parameters, in the order of the dialogs and of the macro entry points' arguments */
	public List<Param> params() {
		return params;
	}

	/** @return the parameter with that macro key, or null */
	public Param param(final String key) {
		for (final Param p : params)
			if (p.key.equals(key)) return p;
		return null;
	}

	/** @return the README's section on this command, as a GitHub anchor (e.g. {@code copy-stack}) */
	public String helpAnchor() {
		return title().toLowerCase(Locale.ROOT).replace(' ', '-');
	}

	/** @return the address of the README section on this command (the Help button of a dialog) */
	public String helpUrl() {
		return README_URL + "#" + helpAnchor();
	}

	/** Where the README is published. */
	public static final String README_URL = "https://github.com/imagestack-h2/imagestack-h2/blob/main/README.md";

	/** @return the command whose menu label is {@code label}, or null */
	public static CommandSpec byLabel(final String label) {
		for (final CommandSpec c : values())
			if (c.label.equals(label)) return c;
		return null;
	}

	/**
	 * Refuses a database URL holding a password in the menu commands and macros: their lines are recorded and logged.
	 *
	 * @throws IllegalArgumentException saying where a password goes instead
	 */
	public static void requireNoPassword(final String database) {
		if (!holdsPassword(database)) return;
		throw new IllegalArgumentException("The database URL holds a password, which would be recorded in macros " +
			"and logs: remove it, and give it as PostgreSQL's ~/.pgpass (or PGPASSWORD), or for an H2 server as " +
			"IMAGESTACK_DB_PASSWORD (see README, Servers)");
	}

	/** @return whether a database argument holds a password */
	public static boolean holdsPassword(final String database) {
		return database != null && !database.equals(StackDatabase.withoutPassword(database));
	}

	/**
	 * @return {@code operation} as spelled in {@link Choices#ROLLING} (any case)
	 * @throws IllegalArgumentException naming the operations there are
	 */
	public static String rollingOperation(final String operation) {
		for (final String op : Choices.ROLLING)
			if (op.equalsIgnoreCase(operation == null ? "" : operation.trim())) return op;
		throw new IllegalArgumentException("Unknown rolling operation '" + operation + "'; use one of " + String.join(
			", ", Choices.ROLLING));
	}

	// -- listings --

	/** @return a line per stack: name, type, planes, size (MB), modified, tab-separated */
	public static String text(final List<StackRecord> records) {
		final List<String> lines = new ArrayList<>();
		for (final StackRecord r : records)
			lines.add(r.name() + "\t" + r.type() + "\t" + r.planeCount() + "\t" + String.format(Locale.ROOT, "%.3f", r
				.sizeBytes() / 1e6) + "\t" + r.modified());
		return String.join("\n", lines);
	}
}
