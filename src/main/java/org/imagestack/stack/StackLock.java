package org.imagestack.stack;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one stack (shared by its views): one thread at a time works on the stack. Reentrant, so a function
 * run by a sequential map may read the stack it maps. Two mistakes that would otherwise hang or corrupt the stack are
 * errors instead: a function run in parallel by a map that uses the stack being mapped (the map's caller holds the
 * lock and waits for that function: it would wait forever), and a function that changes the stack it maps.
 */
final class StackLock extends ReentrantLock {

	private static final long serialVersionUID = 1L;

	/** How many maps of this stack the holder is running (nested only when refused). Guarded by the lock. */
	private int maps;

	/**
	 * Takes the lock, waiting for another thread that holds it.
	 *
	 * @throws IllegalStateException when the current thread runs a parallel map's function for the thread that holds
	 *           this lock
	 */
	void acquire() {
		if (tryLock()) return;
		final Thread caller = PlaneWorkers.callerOfCurrentTask();
		if (caller != null && getOwner() == caller) throw new IllegalStateException("A function run in parallel by " +
			"executeFunction or executeRollingFunction must not use the stack it maps (the map holds the stack's " +
			"lock and waits for the function): read what it needs before the call, or run it sequentially");
		lock();
	}

	/** Marks the start of a map of this stack by the holder. */
	void beginMap() {
		maps++;
	}

	/** Marks the end of a map begun by {@link #beginMap()}. */
	void endMap() {
		maps--;
	}

	/**
	 * @param operation what the holder is about to do, for the message
	 * @throws IllegalStateException when the holder is running a map of this stack, i.e. a function changes the
	 *           stack it maps
	 */
	void checkNotMapping(final String operation) {
		if (maps > 0) throw new IllegalStateException(operation + " during executeFunction or " +
			"executeRollingFunction of the same stack: a function must not change the stack it maps (it may read " +
			"its planes); change the stack before or after the call");
	}
}
