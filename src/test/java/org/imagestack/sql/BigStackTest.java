package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;

/**
 * The memory claim: in a JVM with a 256 MB heap, a float32 stack of 2.7 GB (160 planes of 16 MiB, ten times the heap)
 * is built, mapped on all cores, converted, saved and reopened with its pixels checked. The budget is 32 MB: H2 itself
 * needs about 50 MB for its write buffers, and G1 does not move 16 MiB arrays (a budget of 64 MB ran out of contiguous
 * heap at -Xmx256m; 48 MB passed).
 */
class BigStackTest {

	@TempDir
	Path dir;

	@Test
	void aStackTenTimesTheHeapWorksInA256MbJvm() throws Exception {
		try (ChildJvm child = ChildJvm.start("256m", BigStackCheck.class, dir.resolve("big").toString(), "160",
			"4096", "1024", "32"))
		{
			final String ok = child.await("ok ");
			assertNotNull(ok, "the child finished its checks (see its stderr above)");
			System.out.println("BigStackTest: " + ok);
			assertEquals(0, child.waitFor(60));
		}
	}
}
