package org.imagestack;

import java.util.List;

/** There is no stack of that name in the database; the message lists the stacks there are. */
public class NoSuchStackException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param name the stack asked for
	 * @param database the database's location
	 * @param existing the names of the stacks there are
	 */
	public NoSuchStackException(final String name, final String database, final List<String> existing) {
		super("No stack named '" + name + "' in " + database + "; " + (existing.isEmpty() ? "it holds no stack"
			: "its stacks: " + String.join(", ", existing)));
	}
}
