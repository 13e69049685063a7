package org.imagestack.commands;

import ij.IJ;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import org.imagestack.service.StackOperations;

/** Progress through SciJava's status service, Esc (ImageJ's key state) to cancel, reports to the log. */
final class CommandSupport {

	/** The menu all commands live in. */
	static final String MENU = "Plugins>ImageStack H2>";

	/** What the Database field takes. */
	static final String DATABASE_HELP = "A file (crack.h2, H2 adds .mv.db) or a server: jdbc:h2:tcp://host:port/path " +
		"or jdbc:postgresql://host:port/database. No password here (it would be recorded): see README, Servers";

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
