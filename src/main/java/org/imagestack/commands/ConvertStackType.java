package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/** Converts every plane of a database stack to another type, streaming, with skimage's rules. */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Convert Stack Type...")
public class ConvertStackType extends StackCommand {

	@Parameter(label = "Type", choices = { "bool", "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64",
		"int64", "float32", "float64" }, persist = false)
	private String type = "uint8";

	@Parameter(label = "Budget (MB of heap)", min = "1", persist = false)
	private double budget = 256;

	@Override
	public void run() {
		report(StackOperations.convert(database(), stack(), type, budget));
	}
}
