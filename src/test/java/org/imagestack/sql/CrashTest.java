package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;

/**
 * kill -9 at random moments: a child JVM writes and saves in a loop; after each kill every plane saved before it must
 * be there, bit-exact, and the database must open.
 */
class CrashTest {

	@TempDir
	Path dir;

	@Test
	void killedWritersLoseNothingSaved() throws Exception {
		final String db = dir.resolve("crash").toString();
		final Random random = new Random(20261125);
		int lastSaved = 0;
		for (int round = 0; round < 5; round++) {
			final AtomicInteger saved = new AtomicInteger(-1);
			try (ChildJvm child = ChildJvm.start("128m", CrashWriter.class, db)) {
				final Thread reader = new Thread(() -> {
					try {
						for (String line; (line = child.readLine()) != null;)
							if (line.startsWith("saved ")) saved.set(Integer.parseInt(line.substring(6)));
					}
					catch (final java.io.IOException e) {
						// the child is gone
					}
				});
				reader.start();
				final long deadline = System.currentTimeMillis() + 60_000;
				while (saved.get() < 0 && System.currentTimeMillis() < deadline)
					Thread.sleep(20);
				assertTrue(saved.get() > 0, "round " + round + ": the child saved something");
				Thread.sleep(100 + random.nextInt(700));
				child.kill();
				reader.join(60_000);
				assertFalse(reader.isAlive(), "round " + round + ": the child's output was read to its end");
			}
			final int reported = saved.get();
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "crash", 1)) {
				assertTrue(s.size() >= reported, "round " + round + ": " + s.size() + " planes, " + reported +
					" reported saved");
				assertTrue(s.size() <= reported + 1, "round " + round + ": " + s.size() + " planes, " + reported +
					" reported saved: at most the save in flight is extra");
				for (int i = 0; i < s.size(); i++)
					assertEquals(org.imagestack.stack.AbstractImageStackTest.pixels(CrashWriter.plane(i)), org.imagestack.stack.AbstractImageStackTest.pixels(s
						.get(i)), "round " + round + ", plane " + i);
				assertTrue(s.size() > lastSaved, "the writer made progress");
				lastSaved = s.size();
			}
		}
	}
}
