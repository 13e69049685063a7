package org.imagestack.commands;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.imagestack.service.StackOperations;

/**
 * Reads the image files of a folder matching a glob, in natural order, into a new database stack, one at a time (the
 * seed's {@code from_paths}). Macro: {@code run("Import Image Sequence to Database...", "folder=/data/photos filter=*.bmp database=/data/crack stack=specimen type=uint8 as_gray");}
 */
@Plugin(type = Command.class, menuPath = CommandSupport.MENU + "Import Image Sequence to Database...")
public class ImportImageSequenceToDatabase extends StackCommand {

	@Parameter(label = "Folder", style = "directory", persist = false)
	private File folder;

	@Parameter(label = "Filter", persist = false)
	private String filter = "*.tif";

	@Parameter(label = "Type", choices = { "same", "bool", "uint8", "int8", "uint16", "int16", "uint32", "int32",
		"uint64", "int64", "float32", "float64" }, persist = false)
	private String type = "float32";

	@Parameter(label = "As gray", persist = false)
	private boolean as_gray;

	@Parameter(label = "Budget (MB of heap)", min = "1", persist = false)
	private double budget = 256;

	@Override
	public void run() {
		try {
			report(StackOperations.importSequence(folder.getPath(), filter, database(),
				stack(), "same".equals(type) ? null : type, as_gray, budget));
		}
		catch (final java.io.IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}
}
