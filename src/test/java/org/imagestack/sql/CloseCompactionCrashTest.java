package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.imagestack.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while {@code close()} moves the chunks of a file together after a map's save (the compaction at close):
 * the map's save is there, every pixel, and the file opens, at whatever moment the process died.
 */
@Tag("slow")
class CloseCompactionCrashTest {

	@TempDir
	Path dir;

	@Test
	void killedWhileClosingLosesNothingSaved() throws Exception {
		final long[] delays = { 0, 150, 400, 900, 1800 };
		for (int round = 0; round < delays.length; round++) {
			final String db = dir.resolve("c" + round).toString();
			try (ChildJvm child = ChildJvm.start("256m", CloseCompactionWriter.class, db)) {
				assertEquals("closing", child.await("closing"), "round " + round + ": the child saved its map");
				Thread.sleep(delays[round]);
				child.kill();
			}
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 8)) {
				assertEquals(CloseCompactionWriter.PLANES, s.size(), "round " + round);
				for (int i = 0; i < s.size(); i++)
					for (final long[] xy : new long[][] { { 0, 0 }, { 2047, 1023 }, { 1000, 500 } })
						assertEquals(i + 1f, s.get(i).getAt(xy).getRealFloat(), "round " + round + " (killed " +
							delays[round] + " ms into close), plane " + i + " at " + java.util.Arrays.toString(xy));
			}
			assertTrue(SqlImageStack.stackNames(db).contains("s"));
		}
	}
}
