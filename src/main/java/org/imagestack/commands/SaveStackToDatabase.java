package org.imagestack.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/**
 * Saves the current image (or stack) as a named database stack; an image opened virtually from that stack is saved in
 * place. Macro: {@code run("Save Stack to Database...", "database=/data/crack stack=specimen type=same budget=256");}
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Save Stack to Database...")
public class SaveStackToDatabase extends StackCommand {

	@Parameter(label = "Image")
	private ij.ImagePlus imp;

	@Parameter(label = "Type", choices = { "same", "bool", "uint8", "int8", "uint16", "int16", "uint32", "int32",
		"uint64", "int64", "float32", "float64" }, persist = false)
	private String type = "same";

	@Parameter(label = "Budget (MB of heap)", min = "1", persist = false)
	private double budget = 256;

	@Override
	public void run() {
		report(StackOperations.save(imp, database(), stack(), type, budget,
			progress()));
	}
}
