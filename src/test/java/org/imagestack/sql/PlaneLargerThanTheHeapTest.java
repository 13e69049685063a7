package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.ChildJvm;

/**
 * What cells buy: one plane larger than the whole heap (8192 × 8192 float32, 268 MB, in a 128 MB JVM) is added from
 * a lazy ImgLib2 source, mapped with an ImgLib2 loop, saved, reopened and read back in tiles. The benchmark runs the
 * same with a 1 GiB plane in a 256 MB JVM.
 */
@Tag("slow")
class PlaneLargerThanTheHeapTest {

	@TempDir
	Path dir;

	@Test
	void aPlaneTwiceTheHeapIsWrittenMappedAndReadInTiles() throws Exception {
		try (ChildJvm child = ChildJvm.start("128m", HugePlaneCheck.class, dir.resolve("huge").toString(), "8192",
			"0"))
		{
			final String ok = child.await("ok ");
			assertNotNull(ok, "the child finished its checks (see its stderr above)");
			System.out.println("PlaneLargerThanTheHeapTest: " + ok);
			final String[] f = ok.split(" ");
			assertTrue(Long.parseLong(f[2]) >= 2 * Long.parseLong(f[3]), "the plane is twice the heap: " + ok);
			assertEquals(0, child.waitFor(60));
		}
	}

	@Test
	void aParallelRollingMapOfPlanesLargerThanTheHeapRunsOnePlaneAtATime() throws Exception {
		// 6144 x 6144 float32: 151 MB a plane in a 128 MB JVM (a window of two would copy one: out of memory before)
		try (ChildJvm child = ChildJvm.start("128m", RollingLargePlanesCheck.class, dir.resolve("rolling").toString(),
			"6144"))
		{
			final String ok = child.await("ok ");
			assertNotNull(ok, "the child finished its checks (see its stderr above)");
			System.out.println("PlaneLargerThanTheHeapTest, rolling: " + ok);
			assertEquals(0, child.waitFor(60));
		}
	}
}
