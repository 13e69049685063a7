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
 * over the budget, the peak always in the parallel rolling map. The child's processor count is pinned
 * ({@code -XX:ActiveProcessorCount=2}), so that the allowance stays below the heap on a machine of any size and the
 * assertion can fail.
 * </p>
 * <p>
 * A budget larger than the heap bounds nothing: there only the response to heap pressure
 * ({@link org.imagestack.cache.MemoryPressure}, cells given back when a collection leaves the old generation full)
 * keeps the run alive; without it the same workload runs out of memory.
 * </p>
 */
@Tag("slow")
class MemoryPromiseTest {

	/** The JVM, the libraries and H2's buffers, in MB. */
	private static final long BASE_MB = 16;

	/** One plane of the workload (2048 × 2048 float32), in MB as {@link org.imagestack.HeapWatch} counts. */
	private static final double PLANE_MB = 2048 * 2048 * 4 / 1e6;

	/** The child's processor count (so map workers), pinned. */
	private static final int CORES = 2;

	/** @return the live heap allowed beyond the budget, in MB (see above) */
	static long allowanceMb() {
		return BASE_MB + Math.round(3 * PLANE_MB * CORES);
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

	@Test
	void aBudgetLargerThanTheHeapIsKeptByTheResponseToHeapPressure() throws Exception {
		// ingest 48 planes of 16 MB (twice the heap), save, reopen and read every pixel, checking the last plane's.
		// In a 192 MB heap the response comes too late as often as not (see docs/development.md): 384 MB
		try (ChildJvm child = start("384m", "48", "4000", "no-maps")) {
			final String ok = child.await("ok ");
			assertNotNull(ok, "with a 4000 MB budget in a 384 MB heap the child ingested, saved and read back a stack " +
				"twice the heap (see its stderr above: without the response to heap pressure it runs out of memory)");
			System.out.println("MemoryPromiseTest (-Xmx384m, 48 planes of 16 MB, budget 4000 MB): " + ok);
			assertEquals(0, child.waitFor(60));
		}
	}

	private ChildJvm start(final String heap, final String planes, final String budget, final String... mode)
		throws java.io.IOException
	{
		final java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(dir.resolve("a" + budget)
			.toString(), planes, "2048", "2048", budget));
		args.addAll(java.util.List.of(mode));
		return ChildJvm.start(java.util.Map.of(), java.util.List.of("-XX:ActiveProcessorCount=" + CORES), heap,
			WorkloadCheck.class, args.toArray(new String[0]));
	}

	private void check(final String heap, final String planes, final String budget) throws Exception {
		try (ChildJvm child = start(heap, planes, budget)) {
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
