package org.imagestack;

/**
 * A save found that another handle (in this process or another one) saved or deleted the stack since this handle
 * loaded it. Nothing was written: the other save stands, this handle's changes are still unsaved; {@code reload()}
 * to see the other's work (this handle's changes are then discarded), or save under a new name with
 * {@code copy(name)}.
 */
public class ConcurrentSaveException extends StorageException {

	private static final long serialVersionUID = 1L;

	public ConcurrentSaveException(final String stack, final String location, final boolean stillThere) {
		super(stillThere ? "Stack '" + stack + "' in " + location + " was saved elsewhere since this handle loaded " +
			"it: nothing was saved; reload() to see the other save (this handle's changes are discarded)" : "Stack '" +
				stack + "' in " + location + " was deleted elsewhere since this handle loaded it: nothing was saved", null);
	}
}
