package org.imagestack.commands;

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

	@Parameter(label = "Database", description = CommandSupport.DATABASE_HELP, persist = false)
	private String database;

	/**
	 * @return the database argument: a file path (H2 adds {@code .mv.db}) or a server's URL, without password
	 * @throws IllegalArgumentException when it holds a password (it would be recorded in the macro)
	 */
	protected String database() {
		return StackOperations.recordable(database);
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
