package org.imagestack.commands;


import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/**
 * Copies a stack inside its database (no plane passes through the heap). Macro:
 * {@code run("Copy Stack...", "database=/data/crack stack=specimen new=specimen-backup");} The new name's key is
 * {@code new}, a Java keyword, so it is added as a dynamic input.
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Copy Stack...", initializer = "addNewNameInput")
public class CopyStack extends DynamicCommand {

	/** The macro key of the new name. */
	static final String NEW = "new";

	@Parameter
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(label = "Database", description = CommandSupport.DATABASE_HELP, persist = false)
	private String database;

	@Parameter(label = "Stack", persist = false)
	private String stack = "specimen";

	/** Adds the {@code new} input (SciJava calls this when the command is initialized). */
	protected void addNewNameInput() {
		if (getInfo().getInput(NEW) != null) return;
		final DefaultMutableModuleItem<String> item = new DefaultMutableModuleItem<>(getInfo(), NEW, String.class);
		item.setLabel("New name");
		item.setPersisted(false);
		addInput(item);
		if (getInput(NEW) != null) resolveInput(NEW); // given before initialization (e.g. by a macro or a script)
	}

	@Override
	public void run() {
		final Object newName = getInput(NEW);
		if (newName == null || newName.toString().trim().isEmpty()) throw new IllegalArgumentException(
			"Give the copy a name (key 'new')");
		CommandSupport.report(status, log, StackOperations.copy(StackOperations.recordable(
			database), stack, newName.toString()));
	}
}
