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
 * The memory promise, measured by the JVM itself (live heap after collections, sampled every half second during the
 * run), in a forked JVM with a small heap: a stack several times the heap is ingested, mapped on all cores, rolled,
 * converted, saved, reopened and read, at the default budget and at a small one.
 * <p>
 * The allowance beyond the cell budget is what the rest of the process holds, counted: 16 MB for the JVM, the
 * libraries and H2 (13 MB measured after the ingest: H2's page cache of 2 MB, its unsaved pages stored at 2 MB, its
 * serialisation buffer of up to 4 MB), and per map worker (one per core) three planes: the plane its function holds
 * (a function is handed a whole plane and may touch all of it), the copy of the previous plane that a window of a
 * parallel rolling map gets (a function may change its "current" plane in place while another worker reads it as
 * "previous"), and the plane it has just written, whose cells left the budget but keep their data until the
 * collection after the one that finds them unused (so that a change made through a plane still held is written, not
 * lost). At 2 cores and planes of 16.8 MB: 117 MB. Measured in twenty runs of the child at a 12 MB budget: 51-79 MB
 * over the budget, the peak always in the parallel rolling map.
 * </p>
 */
@Tag("slow")
class MemoryPromiseTest {

	/** The JVM, the libraries and H2's buffers, in MB. */
	private static final long BASE_MB = 16;

	/** One plane of the workload (2048 × 2048 float32), in MB as {@link org.imagestack.HeapWatch} counts. */
	private static final double PLANE_MB = 2048 * 2048 * 4 / 1e6;

	/** @return the live heap allowed beyond the budget, in MB (see above) */
	static long allowanceMb() {
		return BASE_MB + Math.round(3 * PLANE_MB * Runtime.getRuntime().availableProcessors());
	}

	@TempDir
	Path dir;

	@Test
	void aStackThreeTimesTheHeapKeepsTheDefaultBudget() throws Exception {
		check("192m", "32", "0");
	}

	@Test
	void aSmallBudgetIsKeptToo() throws Exception {
		check("192m", "16", "12");
	}

	private void check(final String heap, final String planes, final String budget) throws Exception {
		try (ChildJvm child = ChildJvm.start(heap, WorkloadCheck.class, dir.resolve("a" + budget).toString(),
			planes, "2048", "2048", budget))
		{
			final String ok = child.await("ok ");
			assertNotNull(ok, "the child finished its checks (see its stderr above)");
			System.out.println("MemoryPromiseTest (-Xmx" + heap + ", " + planes + " planes of 16 MB): " + ok);
			final String[] f = ok.split(" ");
			final long peak = Long.parseLong(f[1]), budgetMb = Long.parseLong(f[2]);
			assertTrue(peak <= budgetMb + allowanceMb(), "live heap peaked at " + peak + " MB with a " + budgetMb +
				" MB budget (allowed: " + allowanceMb() + " MB more)");
			assertEquals(0, child.waitFor(60));
		}
	}
}
