package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An interrupt the file layer had to clear is the thread's again at the next checkpoint, once. */
class InterruptsTest {

	@AfterEach
	void clear() {
		Interrupts.restore();
		Thread.interrupted();
	}

	@Test
	void anAbsorbedInterruptIsSetAgainOnce() {
		Interrupts.absorbed();
		assertFalse(Thread.currentThread().isInterrupted(), "the file layer cleared it");
		assertTrue(Interrupts.pending());
		assertTrue(Thread.currentThread().isInterrupted(), "set again");
		Thread.interrupted();
		assertFalse(Interrupts.pending(), "only once");
	}

	@Test
	void restoringWithNothingAbsorbedLeavesTheThreadAsItIs() {
		Interrupts.restore();
		assertFalse(Thread.currentThread().isInterrupted());
		Thread.currentThread().interrupt();
		assertTrue(Interrupts.pending(), "an interrupt of its own");
	}

	@Test
	void anAbsorbedInterruptIsTheThreadsOwn() throws Exception {
		Interrupts.absorbed();
		final boolean[] other = new boolean[1];
		final Thread t = new Thread(() -> other[0] = Interrupts.pending());
		t.start();
		t.join();
		assertFalse(other[0], "another thread is not interrupted");
		assertTrue(Interrupts.pending());
	}

	@Test
	void theErrorSaysWhatStoppedAndThatTheInterruptIsKept() {
		final String m = Interrupts.interrupted("addImage on stack 'a' in c.mv.db was undone").getMessage();
		assertTrue(m.startsWith("Interrupted: addImage on stack 'a' in c.mv.db was undone") && m.contains(
			"interrupt status is kept"), m);
	}
}
