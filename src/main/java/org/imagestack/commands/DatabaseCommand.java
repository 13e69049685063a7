package org.imagestack.commands;

import java.io.File;

import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import org.imagestack.service.StackOperations;

/**
 * What every command on a database shares: the database file (not remembered between runs), and reporting through
 * SciJava's status and log services.
 */
public abstract class DatabaseCommand implements Command {

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Database", style = "open", persist = false)
	private File database;

	/** @return the database argument: a file path (H2 adds {@code .mv.db}) */
	protected String database() {
		return database.getPath();
	}

	/** Shows a one-line report in the status bar and the log. */
	protected void report(final String report) {
		CommandSupport.report(status, log, report);
	}

	/** @return progress through the status service; Esc cancels */
	protected StackOperations.Progress progress() {
		return CommandSupport.progress(status);
	}
}
