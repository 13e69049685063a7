package org.imagestack.service;

/**
 * Progress of a long operation (one step per plane), and the user's wish to stop it: how the service talks to a front
 * end without knowing it (ImageJ's status bar and Esc, SciJava's status service, or nothing).
 */
public interface Progress {

	/** Shows nothing, never cancelled. */
	Progress NONE = new Progress() {

		@Override
		public void update(final int done, final int total) {}

		@Override
		public boolean cancelled() {
			return false;
		}
	};

	/**
	 * @param done planes done so far
	 * @param total planes in the whole operation
	 */
	void update(int done, int total);

	/** @return whether the user asked to stop (e.g. pressed Esc) */
	boolean cancelled();

	/**
	 * Runs a step that reports progress of its own (an ImageJ command on one plane), keeping its progress out of the
	 * operation's: a front end that shows one bar for the whole operation hides the step's.
	 */
	default void step(final Runnable step) {
		step.run();
	}
}
