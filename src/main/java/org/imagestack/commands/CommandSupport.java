package org.imagestack.commands;

import ij.IJ;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import org.imagestack.service.StackOperations;

/** Progress through SciJava's status service, Esc (ImageJ's key state) to cancel, reports to the log. */
final class CommandSupport {

	/** The menu all commands live in. */
	static final String MENU = "Plugins>ImageStack H2>";

	private CommandSupport() {}

	static StackOperations.Progress progress(final StatusService status) {
		return new StackOperations.Progress() {

			@Override
			public void update(final int done, final int total) {
				if (status != null) status.showProgress(done, total);
			}

			@Override
			public boolean cancelled() {
				return IJ.escapePressed();
			}
		};
	}

	static void report(final StatusService status, final LogService log, final String report) {
		if (status != null) status.showStatus(report);
		if (log != null) log.info(report);
	}
}
