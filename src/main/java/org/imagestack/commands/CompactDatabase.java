package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/** Gives the space of deleted and rewritten planes back to the file system (H2's SHUTDOWN COMPACT). */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Compact Database...")
public class CompactDatabase extends DatabaseCommand {

	@Override
	public void run() {
		report(StackOperations.compact(database()));
	}
}
