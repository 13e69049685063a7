package org.imagestack.ij1;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.Macro;
import ij.gui.ProgressBar;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

import org.imagestack.imagej.VirtualStackCloser;

/**
 * Test helper loaded into a real ImageJ (a jar of test classes in its plugins folder) and called from the test
 * macros with {@code call("org.imagestack.ij1.GuiProbe.method", ...)}: it answers dialogs as a person would (by
 * pressing their buttons), watches the status line and progress bar, takes screenshots, runs a recorded macro line
 * through SciJava's CommandService as Fiji does, and reports what it saw with {@code PROBE} lines in the Log.
 */
public final class GuiProbe {

	private static final List<String> statusLines = Collections.synchronizedList(new ArrayList<>());
	private static final List<Double> barValues = Collections.synchronizedList(new ArrayList<>());
	private static volatile boolean watching;
	private static Context context;

	private GuiProbe() {}

	/**
	 * Presses a button of the next dialog with that title, within 30 s, on a thread of its own (the macro then opens
	 * the dialog and waits in it).
	 */
	public static String answer(final String title, final String button) {
		return answer(title, button, "30");
	}

	/** As {@link #answer(String, String)}, waiting at most that many seconds for the dialog. */
	public static String answer(final String title, final String button, final String seconds) {
		return whenDialog(title, button, Long.parseLong(seconds), w -> IJ.log("PROBE dialog '" + title + "' says: " +
			text(w).trim().replace('\n', ' ')));
	}

	/** Takes a screenshot of the dialog with that title as soon as it shows, then presses a button in it. */
	public static String shootAndAnswer(final String title, final String path, final String button) {
		return whenDialog(title, button, 30, w -> shoot(w.getBounds(), path));
	}

	/**
	 * On a thread of its own: waits for a dialog with that title and button, does something with it, and presses the
	 * button, as a person would (after the dialog is drawn).
	 */
	private static String whenDialog(final String title, final String button, final long seconds,
		final java.util.function.Consumer<Window> first)
	{
		final Thread t = new Thread(() -> {
			final long end = System.currentTimeMillis() + 1000 * seconds;
			while (System.currentTimeMillis() < end) {
				for (final Window w : Window.getWindows()) {
					if (!w.isShowing() || !title.equals(titleOf(w)) || find(w, button) == null) continue;
					GuiProbeThreads.drawn();
					first.accept(w);
					final Button b = find(w, button);
					b.dispatchEvent(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b.getActionCommand()));
					IJ.log("PROBE pressed " + button + " in '" + title + "'");
					return;
				}
				IJ.wait(50);
			}
			IJ.log("PROBE no dialog '" + title + "' with a button " + button);
		}, "probe-dialog");
		t.setDaemon(true);
		GuiProbeThreads.start(t);
		return "ok";
	}

	/**
	 * After the macro has ended (so that commands run as from the menu, not from a macro), plays a person at the menu
	 * on a thread of its own: opens Open Stack from Database and Delete Stack as the menu would, screenshots their
	 * dialogs into {@code docDir}, answers the confirmation of Delete Stack with Cancel and then with Delete, saves the
	 * Log to {@code logPath} and quits.
	 */
	public static String menuSession(final String stack, final String docDir, final String logPath) {
		final Thread t = new Thread(() -> {
			try {
				while (ij.macro.Interpreter.getInstance() != null)
					IJ.wait(100);
				GuiProbeThreads.drawn();
				IJ.log("PROBE menu session: macro running " + IJ.isMacro());
				menuShot(docDir + "/menu.png");
				shootAndAnswer("Open Stack from Database", docDir + "/open-dialog.png", "Cancel");
				new ImageStackH2().run("open");
				for (final String button : new String[] { "Cancel", "Delete" }) {
					pickAndOk("Delete Stack", stack);
					if (button.equals("Cancel")) shootAndAnswer("Confirm Delete", docDir + "/delete-confirm.png", button);
					else answer("Confirm Delete", button, "20");
					new ImageStackH2().run("delete");
					GuiProbeThreads.await("20");
					IJ.log("PROBE after " + button + ": stacks " + Macros.listStacks(ij.Prefs.get("imagestack.database",
						"")).replaceAll("\t[^\n]*", ""));
				}
			}
			catch (final Throwable e) {
				IJ.log("PROBE menu session failed: " + e);
			}
			finally {
				try {
					java.nio.file.Files.write(java.nio.file.Paths.get(logPath), IJ.getLog().getBytes(
						java.nio.charset.StandardCharsets.UTF_8));
				}
				catch (final java.io.IOException e) {
					e.printStackTrace();
				}
				System.exit(0);
			}
		}, "probe-menu");
		t.start();
		return "ok";
	}

	/**
	 * Opens Plugins &gt; ImageStack H2 in ImageJ's menu bar with the mouse, as a person would, and takes a screenshot
	 * of the open menu.
	 */
	static void menuShot(final String path) throws Exception {
		final ImageJ ij = IJ.getInstance();
		final java.awt.Point at = ij.getLocationOnScreen();
		final Robot robot = new Robot();
		robot.setAutoDelay(60);
		final int menuY = at.y + ij.getInsets().top - 12;
		for (final Window w : Window.getWindows()) // nothing else in the picture
			if (w != ij && w.isShowing()) w.setLocation(900, 500);
		ij.toFront();
		IJ.wait(300);
		robot.mouseMove(at.x + 300, at.y + ij.getHeight() - 8); // the status line: ImageJ's window gets the focus
		robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		IJ.wait(500);
		robot.mouseMove(at.x + Integer.getInteger("probe.pluginsX", 320), menuY);
		robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		IJ.wait(800);
		for (int y = 60; y <= 176; y += 4) // down the menu to "ImageStack H2", its last item in plain ImageJ
			robot.mouseMove(at.x + 360, at.y + y);
		robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		IJ.wait(1200);
		shoot(new Rectangle(at.x, at.y, 760, 394), path);
		robot.keyPress(KeyEvent.VK_ESCAPE);
		robot.keyRelease(KeyEvent.VK_ESCAPE);
		robot.keyPress(KeyEvent.VK_ESCAPE);
		robot.keyRelease(KeyEvent.VK_ESCAPE);
		IJ.wait(300);
		robot.mouseMove(at.x + 300, at.y + ij.getHeight() - 8);
		robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		IJ.resetEscape();
	}

	/** In the next dialog with that title: picks a stack in its first choice, then presses OK. */
	private static void pickAndOk(final String title, final String stack) {
		whenDialog(title, "OK", 20, w -> {
			final java.awt.Choice c = findChoice(w);
			if (c != null) c.select(stack);
			IJ.log("PROBE picked " + (c == null ? "(no choice)" : c.getSelectedItem()) + " in '" + title + "'");
		});
	}

	private static java.awt.Choice findChoice(final Container c) {
		for (final Component child : c.getComponents()) {
			if (child instanceof java.awt.Choice) return (java.awt.Choice) child;
			if (child instanceof Container) {
				final java.awt.Choice found = findChoice((Container) child);
				if (found != null) return found;
			}
		}
		return null;
	}

	/** @return the text a window shows (its labels and multi-line labels), on one line */
	public static String textOf(final Window w) {
		return w == null ? "(none)" : text(w).trim().replace('\n', ' ');
	}

	/** @return the titles of the dialogs showing now, separated by | */
	public static String dialogs() {
		final List<String> titles = new ArrayList<>();
		for (final Window w : Window.getWindows())
			if (w.isShowing() && w instanceof Dialog) titles.add(titleOf(w));
		return String.join("|", titles);
	}

	/** @return how many virtual stacks are still open (not released) */
	public static String openVirtualStacks() {
		return Integer.toString(VirtualStackCloser.openCount());
	}

	/** Presses Esc for ImageJ after a delay, on a thread of its own. */
	public static String escapeAfter(final String ms) {
		final Thread t = new Thread(() -> {
			IJ.wait(Integer.parseInt(ms));
			IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			IJ.log("PROBE pressed Esc");
		}, "probe-esc");
		t.setDaemon(true);
		t.start();
		return "ok";
	}

	/** Presses Esc for ImageJ as soon as the status line contains a text (within 60 s), on a thread of its own. */
	public static String escapeWhen(final String text) {
		final Thread t = new Thread(() -> {
			final long end = System.currentTimeMillis() + 60000;
			while (System.currentTimeMillis() < end) {
				final String s = ImageJ.getStatusBarText();
				if (s != null && s.contains(text)) {
					IJ.setKeyDown(KeyEvent.VK_ESCAPE);
					IJ.log("PROBE pressed Esc at '" + s + "'");
					return;
				}
				java.util.concurrent.locks.LockSupport.parkNanos(200_000);
			}
			IJ.log("PROBE never saw '" + text + "'");
		}, "probe-esc");
		t.setDaemon(true);
		t.start();
		return "ok";
	}

	/** Starts recording the status line and the progress bar's length (every 5 ms). */
	public static String watch() {
		statusLines.clear();
		barValues.clear();
		watching = true;
		final Thread t = new Thread(() -> {
			String last = null;
			while (watching) {
				final String s = ImageJ.getStatusBarText();
				if (s != null && !s.equals(last)) statusLines.add(last = s);
				final Double bar = bar();
				if (bar != null && (barValues.isEmpty() || !bar.equals(barValues.get(barValues.size() - 1))))
					barValues.add(bar);
				IJ.wait(5);
			}
		}, "probe-watch");
		t.setDaemon(true);
		t.start();
		return "ok";
	}

	/**
	 * Stops recording.
	 *
	 * @return {@code statusLines|barDecreases|barValues}: the distinct status lines (joined by ;), how often the drawn
	 *         bar got shorter while shown, and the lengths seen
	 */
	public static String stopWatching() {
		watching = false;
		IJ.wait(50);
		int decreases = 0;
		double previous = 0;
		for (final double v : new ArrayList<>(barValues)) {
			if (v > 0 && v < previous - 1e-9) decreases++;
			if (v > 0) previous = v;
		}
		return String.join(";", statusLines) + "|" + decreases + "|" + barValues;
	}

	/** @return the drawn bar's length (0 when hidden), from ImageJ's progress bar */
	private static Double bar() {
		final ImageJ ij = IJ.getInstance();
		if (ij == null) return null;
		try {
			final ProgressBar pb = ij.getProgressBar();
			final java.lang.reflect.Field show = ProgressBar.class.getDeclaredField("showBar");
			final java.lang.reflect.Field slow = ProgressBar.class.getDeclaredField("slowX");
			show.setAccessible(true);
			slow.setAccessible(true);
			return show.getBoolean(pb) ? slow.getDouble(pb) : 0.0;
		}
		catch (final ReflectiveOperationException e) {
			return null;
		}
	}

	/** Saves a screenshot of the window with that title (or of ImageJ's main window for {@code ImageJ}). */
	public static String shootWindow(final String title, final String path) {
		for (final Window w : Window.getWindows())
			if (w.isShowing() && title.equals(titleOf(w))) {
				w.toFront();
				IJ.wait(500);
				return shoot(w.getBounds(), path);
			}
		final List<String> titles = new ArrayList<>();
		for (final Window w : Window.getWindows())
			titles.add(titleOf(w) + (w.isShowing() ? "" : " (hidden)"));
		return "no window '" + title + "' among " + titles;
	}

	/** Saves a screenshot of a part of the screen: x, y, width, height. */
	public static String shootArea(final String x, final String y, final String w, final String h, final String path) {
		return shoot(new Rectangle(Integer.parseInt(x), Integer.parseInt(y), Integer.parseInt(w), Integer.parseInt(h)),
			path);
	}

	private static String shoot(final Rectangle r, final String path) {
		try {
			// a window just shown may not be painted yet (the X server and window manager map it, AWT paints on their
			// expose event, later on a loaded machine): taken again until it shows more than a blank area, 10 s at most
			final Robot robot = new Robot();
			BufferedImage img = robot.createScreenCapture(r);
			for (final long end = System.currentTimeMillis() + 10_000; colours(img) < 8 && System
				.currentTimeMillis() < end; img = robot.createScreenCapture(r))
				Thread.sleep(100);
			ImageIO.write(img, "png", new File(path));
			return "ok";
		}
		catch (final Exception e) {
			return "Error: " + e;
		}
	}

	/** @return how many colours an image shows (counting stops at 8) */
	private static int colours(final BufferedImage img) {
		final java.util.Set<Integer> seen = new java.util.HashSet<>();
		for (int y = 0; y < img.getHeight() && seen.size() < 8; y++)
			for (int x = 0; x < img.getWidth() && seen.size() < 8; x++)
				seen.add(img.getRGB(x, y));
		return seen.size();
	}

	/** @return x,y,width,height of the window with that title */
	public static String bounds(final String title) {
		for (final Window w : Window.getWindows())
			if (w.isShowing() && title.equals(titleOf(w))) {
				final Rectangle r = w.getBounds();
				return r.x + "," + r.y + "," + r.width + "," + r.height;
			}
		return "";
	}

	/**
	 * Runs a menu command through SciJava's CommandService, with its inputs filled from a recorded options string as
	 * Fiji's macro preprocessor fills them ({@code Macro.getValue} for each input, converted by the ConvertService), on
	 * a thread that carries the options as ImageJ's own {@code run} does.
	 *
	 * @return the command's report, or {@code Error: ...}
	 */
	public static String sciJava(final String label, final String options) {
		final String[] out = new String[1];
		final Thread t = new Thread(() -> out[0] = runSciJava(label, options), "Run$_probe");
		t.setContextClassLoader(GuiProbe.class.getClassLoader()); // plain ImageJ: SciJava's plugins are in plugins/jars
		Macro.setOptions(t, options);
		t.start();
		try {
			t.join();
		}
		catch (final InterruptedException e) {
			return "Error: interrupted";
		}
		finally {
			Macro.setOptions(t, null);
		}
		return out[0];
	}

	private static synchronized String runSciJava(final String label, final String options) {
		try {
			if (context == null) context = new Context();
			final CommandService commands = context.service(CommandService.class);
			final ModuleService modules = context.service(ModuleService.class);
			final ConvertService convert = context.service(ConvertService.class);
			CommandInfo info = null;
			for (final CommandInfo c : commands.getCommands())
				if (c.getMenuPath() != null && c.getMenuPath().getLeaf() != null && label.equals(c.getMenuPath().getLeaf()
					.getName())) info = c;
			if (info == null) return "Error: no SciJava command " + label;
			final Module module = modules.createModule(info);
			final Map<String, Object> inputs = new LinkedHashMap<>();
			for (final ModuleItem<?> input : module.getInfo().inputs()) { // what Fiji's MacroPreprocessor does
				final String value = Macro.getValue(options, input.getName(), null);
				if (value != null && convert.supports(value, input.getType())) {
					module.setInput(input.getName(), convert.convert(value, input.getType()));
					module.resolveInput(input.getName());
				}
			}
			final Module done = modules.run(module, true, inputs).get();
			final Object report = done.getOutput("report");
			return done.isInputResolved("database") && report != null ? report.toString() : "Error: no report";
		}
		catch (final Exception e) {
			return "Error: " + e;
		}
	}

	private static String[] lines(final ij.gui.MultiLineLabel label) {
		try {
			final java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			return (String[]) f.get(label);
		}
		catch (final ReflectiveOperationException e) {
			return new String[0];
		}
	}

	static String titleOf(final Window w) {
		if (w instanceof Dialog) return ((Dialog) w).getTitle();
		if (w instanceof Frame) return ((Frame) w).getTitle();
		return "";
	}

	/** @return the button labelled {@code label} anywhere inside {@code c}, or null */
	static Button find(final Container c, final String label) {
		for (final Component child : c.getComponents()) {
			if (child instanceof Button && label.equals(((Button) child).getLabel().trim())) return (Button) child;
			if (child instanceof Container) {
				final Button b = find((Container) child, label);
				if (b != null) return b;
			}
		}
		return null;
	}

	private static String text(final Container c) {
		final StringBuilder sb = new StringBuilder();
		for (final Component child : c.getComponents()) {
			if (child instanceof java.awt.Label) sb.append(((java.awt.Label) child).getText()).append(' ');
			if (child instanceof ij.gui.MultiLineLabel) sb.append(String.join(" ", lines((ij.gui.MultiLineLabel) child)))
				.append(' ');
			if (child instanceof Container) sb.append(text((Container) child));
		}
		return sb.toString();
	}
}
