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
 * The allowance beyond the cell budget is what the rest of the process needs: about 13 MB for the JVM, the libraries
 * and H2 (its page cache of 2 MB, its unsaved pages stored at 2 MB, its serialisation buffer of up to 4 MB), the
 * cells a map's workers hold while their functions run (a plane each: 16 MB here) and one whole-plane copy per
 * window of a parallel rolling map (16 MB: a function may change its "current" plane in place while another worker
 * reads it as "previous"), and cells let go of at the moment of a collection (a cell beyond the budget keeps its data
 * until the collection after the one that found its cell object unused, so that a change made through it is
 * written).
 * </p>
 */
@Tag("slow")
class MemoryPromiseTest {

	private static final long ALLOWANCE_MB = 80;

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
			assertTrue(peak <= budgetMb + ALLOWANCE_MB, "live heap peaked at " + peak + " MB with a " + budgetMb +
				" MB budget");
			assertEquals(0, child.waitFor(60));
		}
	}
}
