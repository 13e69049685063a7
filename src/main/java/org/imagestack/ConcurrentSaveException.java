package org.imagestack;

/**
 * A save found that another handle (in this process or another one) saved or deleted the stack since this handle
 * loaded it. Nothing was written: the other save stands, this handle's changes are still unsaved; {@code reload()}
 * to see the other's work (this handle's changes are then discarded), or keep them in a new stack: make one
 * ({@code SqlImageStack.create}) and {@code addAll} this stack into it before this handle is closed.
 */
public class ConcurrentSaveException extends StorageException {

	private static final long serialVersionUID = 1L;

	public ConcurrentSaveException(final String stack, final String location, final boolean stillThere) {
		super(stillThere ? "Stack '" + stack + "' in " + location + " was saved elsewhere since this handle loaded " +
			"it: nothing was saved; reload() to see the other save (this handle's changes are discarded), or keep them in " +
			"a new stack: SqlImageStack.create(...) then addAll(this stack), before closing this one" : "Stack '" +
				stack + "' in " + location + " was deleted elsewhere since this handle loaded it: nothing was saved. The " +
				"planes this handle read or changed are still in it until it is closed: keep them in a new stack with " +
				"SqlImageStack.create(...) then addAll(this stack); the others went with the stack", null);
	}
}
