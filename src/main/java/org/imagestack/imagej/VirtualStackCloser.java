package org.imagestack.imagej;

import java.awt.GraphicsEnvironment;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.imagestack.sql.SqlImageStack;
import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.StackWindow;
import ij.gui.YesNoCancelDialog;
import ij.macro.Interpreter;

/**
 * Releases the database stack behind a virtual stack when its image is closed, by any route, first dealing with
 * unsaved edits: {@code save}, {@code discard}, or {@code ask}.
 * <ul>
 * <li>A window shown with {@link #show(ImagePlus)} asks before it goes: Cancel keeps the window and the edits.</li>
 * <li>A window closed otherwise: ImageJ's image-closed event.</li>
 * <li>A batch-mode image (a macro's {@code close()}, or the macro ending) sends no event: a watcher notices that the
 * image is neither in a window nor among the macro's batch-mode images any more, and releases it (in batch mode
 * nobody can answer: {@code ask} discards, with a line in the Log).</li>
 * </ul>
 * Releasing closes the database stack: its lock on the file goes and its planes leave the heap.
 */
public final class VirtualStackCloser implements ImageListener {

	/** Every virtual stack image not released yet. */
	private static final List<VirtualStackCloser> OPEN = new CopyOnWriteArrayList<>();
	private static Thread watcher;
	/** Wakes the watcher early when it is stopped. */
	private static final Object WAKE = new Object();
	private static final long WATCH_MS = 300;

	private final ImagePlus imp;
	private volatile SqlVirtualStack stack;
	private final String policy;
	private volatile boolean decided;
	private volatile boolean released;
	private volatile boolean seen;
	private int unseenTicks;

	private VirtualStackCloser(final ImagePlus imp, final SqlVirtualStack stack, final String policy) {
		this.imp = imp;
		this.stack = stack;
		this.policy = policy == null || policy.trim().isEmpty() ? "ask" : policy.trim().toLowerCase(Locale.ROOT);
		if (!this.policy.equals("ask") && !this.policy.equals("save") && !this.policy.equals("discard"))
			throw new IllegalArgumentException("On close must be ask, save or discard, not '" + policy + "'");
	}

	/**
	 * Watches a virtual stack's image until it is closed.
	 *
	 * @param policy {@code ask}, {@code save} or {@code discard}: what to do with unsaved edits on close
	 */
	public static void watch(final ImagePlus imp, final SqlVirtualStack stack, final String policy) {
		final VirtualStackCloser c = new VirtualStackCloser(imp, stack, policy);
		OPEN.add(c);
		ImagePlus.addImageListener(c);
		startWatcher();
	}

	/**
	 * Shows an image: in a window that asks about unsaved edits before it closes (virtual stacks), or, in a macro's
	 * batch mode or headless, as the macro's current image.
	 */
	public static void show(final ImagePlus imp) {
		final VirtualStackCloser c = of(imp);
		if (c == null || GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) {
			if (GraphicsEnvironment.isHeadless()) {
				Interpreter.addBatchModeImage(imp);
				ij.WindowManager.setTempCurrentImage(imp);
			}
			else imp.show();
		}
		else new AskingStackWindow(imp, c); // a stack window shows one plane as well
		// shown now: from here on, not being shown anywhere means closed (a macro may close it before the watcher
		// ever looks, and such an image was never released: a batch-mode open and close leaked the whole stack)
		if (c != null) c.seen = true;
	}

	/**
	 * Before a command writes over a stack: refused while an image shows that stack with unsaved edits (the command
	 * would make them unsaveable).
	 *
	 * @throws IllegalStateException naming the image
	 */
	public static void requireNoUnsavedEdits(final String database, final String stackName) {
		for (final VirtualStackCloser c : OPEN)
			if (!c.released && sameDatabase(c.stack.stack().database(), database) && c.stack.stack().name().equals(
				stackName) && c.stack.isChanged()) throw new IllegalStateException("Stack '" + stackName +
					"' is open in image '" + c.imp.getTitle() + "' with unsaved edits: save them (Save Stack to " +
					"Database...) or close the image first");
	}

	/**
	 * After a command wrote over a stack and saved it: every image open on it shows the stack as saved now (its
	 * type too, after Convert), on a new handle; an image that cannot (the stack went, it is damaged) gets "(out of
	 * date)" in its title.
	 */
	public static void refresh(final String database, final String stackName) {
		for (final VirtualStackCloser c : OPEN) {
			if (c.released || !sameDatabase(c.stack.stack().database(), database) || !c.stack.stack().name().equals(
				stackName)) continue;
			synchronized (c) {
				final SqlVirtualStack old = c.stack;
				try {
					final SqlVirtualStack fresh = new SqlVirtualStack(SqlImageStack.loadFromDatabase(old.stack()
						.database(), stackName, old.budgetMb()));
					fresh.setBudgetMb(old.budgetMb());
					final int slice = Math.max(1, Math.min(c.imp.getCurrentSlice(), fresh.getSize()));
					if (fresh.getBitDepth() == c.imp.getBitDepth() && fresh.getSize() == old.getSize()) {
						c.stack = fresh; // the same window shows the new pixels
						old.close();
						c.imp.setStack(fresh);
						c.imp.setSlice(slice);
						c.imp.changes = false;
						c.imp.updateAndDraw();
					}
					else { // another type or size: a new window in its place, the old one goes without asking
						final ImagePlus imp = new ImagePlus(c.imp.getTitle(), fresh);
						imp.setProperty("Info", c.imp.getProperty("Info"));
						watch(imp, fresh, c.policy);
						final java.awt.Point at = c.imp.getWindow() != null ? c.imp.getWindow().getLocation() : null;
						c.decided = true;
						c.imp.changes = false;
						if (c.imp.getWindow() != null) c.imp.close();
						else c.release();
						show(imp);
						imp.setSlice(slice);
						if (at != null && imp.getWindow() != null) imp.getWindow().setLocation(at);
					}
				}
				catch (final RuntimeException e) {
					if (!c.imp.getTitle().endsWith(OUT_OF_DATE)) c.imp.setTitle(c.imp.getTitle() + OUT_OF_DATE);
					IJ.log("ImageStack-H2: image '" + c.imp.getTitle() + "' shows stack '" + stackName +
						"' as it was before the last command: " + e.getMessage());
				}
			}
		}
	}

	/** What an image's title gets when it no longer shows its stack as saved. */
	public static final String OUT_OF_DATE = " (out of date)";

	/** @return the closer of an image, or null when it is no open virtual stack of ours */
	static VirtualStackCloser of(final ImagePlus imp) {
		for (final VirtualStackCloser c : OPEN)
			if (c.imp == imp) return c;
		return null;
	}

	/**
	 * @param database a file path or URL as given to the commands
	 * @param stackName a stack's name, or null for any stack of that database
	 * @return the images (windows or batch-mode images) open as virtual stacks on it
	 */
	public static List<ImagePlus> imagesOn(final String database, final String stackName) {
		final List<ImagePlus> out = new ArrayList<>();
		for (final VirtualStackCloser c : OPEN)
			if (!c.released && sameDatabase(c.stack.stack().database(), database) && (stackName == null || c.stack
				.stack().name().equals(stackName))) out.add(c.imp);
		return out;
	}

	/**
	 * @param location a stack's {@code database()} (the file's absolute path, or a URL)
	 * @param database a database as a user gives it: a path with or without {@code .mv.db}, or a URL
	 * @return whether both name the same database
	 */
	public static boolean sameDatabase(final String location, final String database) {
		if (location == null || database == null) return false;
		if (location.equals(database)) return true;
		if (database.startsWith("jdbc:")) return false;
		final String p = database.endsWith(".mv.db") ? database : database + ".mv.db";
		final String l = location.endsWith(".mv.db") ? location : location + ".mv.db";
		return Paths.get(p).toAbsolutePath().normalize().equals(Paths.get(l).toAbsolutePath().normalize());
	}

	/** @return how many virtual stacks are open (not yet released) */
	public static int openCount() {
		int n = 0;
		for (final VirtualStackCloser c : OPEN)
			if (!c.released) n++;
		return n;
	}

	/**
	 * Deals with unsaved edits before the window goes.
	 *
	 * @return false when the user cancelled: the window and the edits stay
	 */
	boolean confirmClose() {
		if (released || decided) return true;
		if (stack.isChanged()) {
			if (policy.equals("save")) stack.save();
			else if (policy.equals("ask") && canAsk()) {
				final YesNoCancelDialog d = new YesNoCancelDialog(imp.getWindow() != null ? imp.getWindow() : IJ
					.getInstance(), "ImageStack H2", "Save changes to stack '" + stack.stack().name() + "' in " + stack.stack()
						.database() + "?");
				if (d.cancelPressed()) return false;
				if (d.yesPressed()) stack.save();
				else IJ.log("ImageStack-H2: unsaved edits of stack '" + stack.stack().name() + "' discarded");
			}
			else IJ.log("ImageStack-H2: unsaved edits of stack '" + stack.stack().name() + "' discarded");
		}
		decided = true;
		imp.changes = false;
		return true;
	}

	private static boolean canAsk() {
		return !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode() && IJ.getInstance() != null;
	}

	/** Releases the stack: unsaved edits dealt with (without asking unless a window could), then closed. */
	private synchronized void release() {
		if (released) return;
		try {
			if (!decided) {
				if (stack.isChanged() && policy.equals("save")) stack.save();
				else if (stack.isChanged()) IJ.log("ImageStack-H2: unsaved edits of stack '" + stack.stack().name() +
					"' discarded");
			}
		}
		finally {
			released = true;
			OPEN.remove(this);
			ImagePlus.removeImageListener(this);
			stack.close();
		}
	}

	@Override
	public void imageClosed(final ImagePlus closed) {
		if (closed != imp) return;
		if (!decided && imp.getWindow() != null && canAsk()) confirmClose(); // too late to cancel: the window is gone
		release();
	}

	@Override
	public void imageOpened(final ImagePlus opened) {}

	@Override
	public void imageUpdated(final ImagePlus updated) {}

	// -- batch mode: no event when a macro closes an image --

	/** The watcher thread's name, as a user sees it in a thread dump. */
	public static final String WATCHER = "ImageStack-H2 virtual stack watcher";

	/**
	 * Stops the watcher thread and waits for it to end (the plugin's service is disposed). Windows still release their
	 * stacks when closed (ImageJ's own event); a virtual stack opened afterwards starts the watcher again.
	 */
	public static void stopWatching() {
		final Thread t;
		synchronized (VirtualStackCloser.class) {
			t = watcher;
			watcher = null;
		}
		if (t == null) return;
		synchronized (WAKE) { // not an interrupt: one landing while a stack is released would close its file channel
			WAKE.notifyAll();
		}
		try {
			t.join(10_000);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static synchronized void startWatcher() {
		if (watcher != null && watcher.isAlive()) return;
		watcher = new Thread(VirtualStackCloser::watchLoop, WATCHER);
		watcher.setDaemon(true);
		watcher.start();
	}

	private static void watchLoop() {
		while (!OPEN.isEmpty() && isWatcher()) {
			synchronized (WAKE) {
				try {
					WAKE.wait(WATCH_MS);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
			if (isWatcher()) sweep();
		}
	}

	/** @return whether the calling thread is the watcher still (not stopped) */
	private static synchronized boolean isWatcher() {
		return watcher == Thread.currentThread();
	}

	/** Releases every virtual stack whose image is no longer shown anywhere (twice in a row, to skip hand-overs). */
	public static void sweep() {
		final int[] batch;
		try {
			batch = Interpreter.getBatchModeImageIDs();
		}
		catch (final RuntimeException e) { // the macro's list changed under us: next time
			return;
		}
		for (final VirtualStackCloser c : OPEN) {
			if (c.released) continue;
			boolean shown = c.imp.getWindow() != null && c.imp.getWindow().isVisible();
			for (final int id : batch)
				shown |= id == c.imp.getID();
			synchronized (c) {
				if (shown) {
					c.seen = true;
					c.unseenTicks = 0;
				}
				else if (c.seen && ++c.unseenTicks >= 2) c.release();
			}
		}
	}

	/** A stack window that asks about unsaved edits before it goes; Cancel keeps it. */
	private static final class AskingStackWindow extends StackWindow {

		private static final long serialVersionUID = 1L;
		private final transient VirtualStackCloser closer;

		AskingStackWindow(final ImagePlus imp, final VirtualStackCloser closer) {
			super(imp);
			this.closer = closer;
		}

		@Override
		public boolean close() {
			return closer.confirmClose() && super.close();
		}
	}
}
