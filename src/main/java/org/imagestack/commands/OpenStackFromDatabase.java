package org.imagestack.commands;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/**
 * Opens a database stack as an image; with {@code virtual}, as a virtual stack of any size (bounded memory, edits
 * written back when saved). Macro: {@code run("Open Stack from Database...", "database=/data/crack stack=specimen virtual");}
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Open Stack from Database...")
public class OpenStackFromDatabase extends StackCommand {

	@Parameter(label = "Virtual", persist = false)
	private boolean virtual;

	@Parameter(label = "On close with unsaved edits", choices = { "ask", "save", "discard" }, persist = false)
	private String on_close = "ask";

	@Parameter(label = "Budget (MB of heap)", min = "1", persist = false)
	private double budget = 256;

	@Parameter(type = ItemIO.OUTPUT)
	private ij.ImagePlus image;

	@Override
	public void run() {
		image = StackOperations.open(database(), stack(), virtual, budget, on_close);
		report("Opened " + image.getTitle() + " (" + image.getStackSize() + " slices)");
	}
}
