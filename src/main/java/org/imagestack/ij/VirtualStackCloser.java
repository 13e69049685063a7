package org.imagestack.ij;

import java.awt.GraphicsEnvironment;
import java.util.Locale;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.YesNoCancelDialog;
import ij.macro.Interpreter;

/**
 * Closes the database stack behind a virtual-stack window when the window closes, first dealing with unsaved edits:
 * {@code save}, {@code discard}, or {@code ask} (a dialog; in a macro's batch mode or headless, discard with a log
 * line, since nobody can answer).
 */
public final class VirtualStackCloser implements ImageListener {

	private final ImagePlus imp;
	private final H2VirtualStack stack;
	private final String policy;

	private VirtualStackCloser(final ImagePlus imp, final H2VirtualStack stack, final String policy) {
		this.imp = imp;
		this.stack = stack;
		this.policy = policy == null ? "ask" : policy.trim().toLowerCase(Locale.ROOT);
		if (!this.policy.equals("ask") && !this.policy.equals("save") && !this.policy.equals("discard"))
			throw new IllegalArgumentException("on_close must be ask, save or discard, not '" + policy + "'");
	}

	public static void watch(final ImagePlus imp, final H2VirtualStack stack, final String policy) {
		ImagePlus.addImageListener(new VirtualStackCloser(imp, stack, policy));
	}

	@Override
	public void imageClosed(final ImagePlus closed) {
		if (closed != imp) return;
		ImagePlus.removeImageListener(this);
		try {
			if (stack.isChanged()) {
				if (policy.equals("save") || policy.equals("ask") && ask()) stack.save();
				else if (policy.equals("ask")) IJ.log("ImageStack-H2: unsaved edits of " + stack.stack().name() +
					" discarded");
			}
		}
		finally {
			stack.close();
		}
	}

	private boolean ask() {
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode() || IJ.getInstance() == null) return false;
		final YesNoCancelDialog d = new YesNoCancelDialog(IJ.getInstance(), "ImageStack H2", "Save changes to stack '" +
			stack.stack().name() + "' in " + stack.stack().database() + "?");
		return d.yesPressed();
	}

	@Override
	public void imageOpened(final ImagePlus opened) {}

	@Override
	public void imageUpdated(final ImagePlus updated) {}
}
