package org.imagestack.sql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.sql.cells.PlaneRow;
import org.imagestack.sql.h2.H2Opener;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Reading as last committed beside a stack's open transaction: what the reader's connections see, how many a
 * database is asked for, and the stack's own connection when none can be had (refused, closed, interrupted).
 */
class CommittedReaderTest {

	/** As many connections as the reader opens at most: one per core, up to 4. */
	private static final int MAX = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

	@TempDir
	Path dir;

	private Database stack;
	private long id;
	/** Every connection the reader was given. */
	private final List<Database> opened = Collections.synchronizedList(new ArrayList<>());

	private String db() {
		return dir.resolve("d").toString();
	}

	@BeforeEach
	void twoPlanesCommittedAndAThirdInTheOpenTransaction() {
		try (SqlImageStack s = SqlImageStack.create(db(), "s", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(0, 30, 20));
			s.addImage(AbstractImageStackTest.ramp(1, 30, 20));
			s.saveState();
		}
		stack = H2Opener.open(db(), false, false);
		id = new Catalog(stack).requireStack("s").id();
		final CellStore own = new CellStore(stack);
		own.insertPlane(id, new PlaneRow(own.newPlaneId(), 100, new long[] { 30, 20 }, PixelType.UINT8, new int[] { 30,
			20 }));
	}

	@AfterEach
	void close() {
		for (final Database d : opened)
			d.close();
		stack.close();
	}

	private Supplier<Database> opener() {
		return () -> {
			final Database d = H2Opener.open(db(), false, false);
			opened.add(d);
			return d;
		};
	}

	private Supplier<Integer> throughTheStack() {
		return () -> new CellStore(stack).planes(id).size();
	}

	@Test
	void readsWhatWasCommittedNotTheOpenTransaction() {
		try (CommittedReader reader = new CommittedReader(opener())) {
			assertEquals(2, reader.read(st -> st.planes(id).size(), throughTheStack()), "as committed");
			assertEquals(3, throughTheStack().get(), "the stack's own connection sees its change");
			assertEquals(2, reader.read(st -> st.planes(id).size(), throughTheStack()), "again, on the same connection");
		}
		assertEquals(1, opened.size(), "one read at a time needs one connection");
	}

	@Test
	void aDatabaseThatRefusesMoreConnectionsIsReadThroughTheStacksOwn() {
		final int[] asked = new int[1];
		try (CommittedReader reader = new CommittedReader(() -> {
			asked[0]++;
			throw new IllegalStateException("too many connections");
		})) {
			assertEquals(3, reader.read(st -> st.planes(id).size(), throughTheStack()));
			assertEquals(3, reader.read(st -> st.planes(id).size(), throughTheStack()));
		}
		assertEquals(1, asked[0], "not asked again after it refused");
	}

	@Test
	void afterClosingReadsGoThroughTheStacksOwnAndTheConnectionsAreClosed() {
		final CommittedReader reader = new CommittedReader(opener());
		assertEquals(2, reader.read(st -> st.planes(id).size(), throughTheStack()));
		reader.close();
		assertFalse(opened.get(0).isUsable(), "closed");
		assertEquals(3, reader.read(st -> st.planes(id).size(), throughTheStack()));
		assertEquals(1, opened.size());
		reader.close(); // twice: harmless
	}

	@Test
	void readsAtOnceShareAtMostOneConnectionPerCore() throws Exception {
		final int readers = MAX + 3;
		final CountDownLatch all = new CountDownLatch(MAX);
		final ExecutorService pool = Executors.newFixedThreadPool(readers);
		try (CommittedReader reader = new CommittedReader(opener())) {
			final List<Future<Integer>> reads = new ArrayList<>();
			for (int i = 0; i < readers; i++)
				reads.add(pool.submit(() -> reader.read(st -> {
					all.countDown();
					try {
						all.await(); // the first MAX readers hold their connections until all of them have one
					}
					catch (final InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					return st.planes(id).size();
				}, () -> -1)));
			for (final Future<Integer> r : reads)
				assertEquals(2, r.get(60, TimeUnit.SECONDS), "every read as committed, through a reading connection");
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(MAX, opened.size(), "one connection per core, shared by the readers that waited");
		for (final Database d : opened)
			assertFalse(d.isUsable(), "closed with the reader");
	}

	@Test
	void aReaderInterruptedWhileWaitingReadsThroughTheStacksOwnAndKeepsItsInterrupt() throws Exception {
		final CountDownLatch holding = new CountDownLatch(MAX);
		final CountDownLatch release = new CountDownLatch(1);
		final ExecutorService pool = Executors.newFixedThreadPool(MAX);
		try (CommittedReader reader = new CommittedReader(opener())) {
			final List<Future<Integer>> held = new ArrayList<>();
			for (int i = 0; i < MAX; i++)
				held.add(pool.submit(() -> reader.read(st -> {
					holding.countDown();
					try {
						release.await();
					}
					catch (final InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					return st.planes(id).size();
				}, () -> -1)));
			assertTrue(holding.await(60, TimeUnit.SECONDS));
			final boolean[] interrupted = new boolean[1];
			final int[] got = new int[1];
			final Thread waiting = new Thread(() -> {
				got[0] = reader.read(st -> st.planes(id).size(), () -> -7);
				interrupted[0] = Thread.currentThread().isInterrupted();
			});
			waiting.start();
			while (waiting.getState() != Thread.State.WAITING && waiting.isAlive())
				Thread.sleep(5); // waits for a connection
			waiting.interrupt();
			waiting.join(60_000);
			assertEquals(-7, got[0], "read through the stack's own connection");
			assertTrue(interrupted[0], "its interrupt status is kept");
			release.countDown();
			for (final Future<Integer> r : held)
				assertEquals(2, r.get(60, TimeUnit.SECONDS));
		}
		finally {
			pool.shutdownNow();
		}
	}
	/** Holds a reading connection until released; says when it has one. */
	private static final class Holder {

		final CountDownLatch has = new CountDownLatch(1);
		final CountDownLatch release = new CountDownLatch(1);
		Future<Integer> result;

		Holder(final ExecutorService pool, final CommittedReader reader, final long id) {
			result = pool.submit(() -> reader.read(st -> {
				has.countDown();
				try {
					release.await();
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return st.planes(id).size();
			}, () -> -1));
		}
	}

	/**
	 * A reader arriving while every reading connection is busy (one of them taken again after it was given back)
	 * waits for one, and reads as committed, not through the stack's own connection.
	 */
	@Test
	void aReaderArrivingWhileEveryConnectionIsBusyWaitsForOne() throws Exception {
		final ExecutorService pool = Executors.newFixedThreadPool(MAX + 2);
		try (CommittedReader reader = new CommittedReader(opener())) {
			final List<Holder> holders = new ArrayList<>();
			for (int i = 0; i < MAX; i++) {
				final Holder h = new Holder(pool, reader, id);
				assertTrue(h.has.await(60, TimeUnit.SECONDS));
				holders.add(h);
			}
			final Holder first = holders.remove(0);
			first.release.countDown();
			assertEquals(2, first.result.get(60, TimeUnit.SECONDS));
			final Holder again = new Holder(pool, reader, id); // takes the connection given back
			assertTrue(again.has.await(60, TimeUnit.SECONDS));
			holders.add(again);
			final int[] got = { 0 };
			final Thread waiting = new Thread(() -> got[0] = reader.read(st -> st.planes(id).size(), () -> -1));
			waiting.start();
			while (waiting.getState() != Thread.State.WAITING && waiting.isAlive())
				Thread.sleep(5);
			assertTrue(waiting.isAlive(), "it waits (read " + got[0] + ")");
			for (final Holder h : holders)
				h.release.countDown();
			waiting.join(60_000);
			assertEquals(2, got[0], "read as committed once a connection was free");
			for (final Holder h : holders)
				assertEquals(2, h.result.get(60, TimeUnit.SECONDS));
		}
		finally {
			pool.shutdownNow();
		}
		assertEquals(MAX, opened.size());
	}
}
