package org.imagestack.sql.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

import org.imagestack.sql.store.Database;

/**
 * Gives an open embedded H2 file the space back that a large save left unused, in the background, while the database
 * is idle: what H2's own background writer does with an idle database, which embedded files here run without
 * ({@code WRITE_DELAY=0}, see {@link Database}).
 * <p>
 * A map or conversion must write every new cell before the old ones go (all or nothing), so right after its save the
 * file holds the stack twice. A pass, started after a save that wrote at least {@value #MIN_WRITTEN} bytes (or after
 * a stack was deleted): lets H2 finish removing the replaced cells (its LOB cleaner removes them only at later
 * versions of its store, so the pass makes versions until nothing is left to store), lets H2 reuse their chunks at
 * once ({@link H2FreedSpace}) and, when the chunks in use then fill less than {@value #START_FILL}% of the file,
 * moves them into the free space before them, {@value #STEP} bytes at a time, and cuts the file (H2's
 * {@code compactMoveChunks}, which syncs before it overwrites anything: a crash meanwhile leaves the last save).
 * </p>
 * <p>
 * The pass works only while nothing reads or writes cells of the database: any use pauses it until the database has
 * been idle for {@value #IDLE_MS} ms, and it then starts over (a write meanwhile may have replaced cells again). Each
 * step holds H2's store, so a writer waits at most one step (about 0.1 s). Closing or compacting a database ends its
 * pass first; no step runs unless the disk has room for it. One daemon thread serves every database, from the first
 * pass until {@link #stopAll()}.
 * </p>
 */
final class H2IdleCompaction {

	/** Bytes written since the last pass that make a save start one. */
	static final long MIN_WRITTEN = 64L << 20;

	/** The fill of the file by chunks in use (%) under which chunks are moved: the file is over 1.25 x its data. */
	static final int START_FILL = 80;

	/** Moves stop at this fill (%). */
	static final int END_FILL = 95;

	/** Bytes of chunks moved per step. */
	static final long STEP = 64L << 20;

	/** How long the database must have gone unused before a pass goes on, in ms. */
	static final long IDLE_MS = 500;

	/** How long H2's LOB cleaner gets between two versions, in ms. */
	private static final long CLEANER_MS = 20;

	/**
	 * How long H2's LOB cleaner must have removed nothing before the chunks move, in ms: its thread may be late on a
	 * loaded machine, and a pass that moved before a deleted stack's cells were removed found the file full and ended
	 * with the file as large as before (H2IdleCompactionTest, under two other builds' load).
	 */
	private static final long QUIET_MS = 1000;

	/** Versions a pass makes at most while H2's LOB cleaner still finds cells to remove. */
	private static final int MAX_ROUNDS = 1000;

	/** The thread's name, as a user sees it in a thread dump. */
	static final String THREAD = "ImageStack-H2 idle compaction";

	/** The thread that runs every pass: made with the first pass, ended by {@link #stopAll()}. */
	private static ScheduledThreadPoolExecutor worker;

	/** The pass of each store, until it ends. */
	private static final Map<MVStore, Pass> PASSES = new IdentityHashMap<>();

	private H2IdleCompaction() {}

	/**
	 * Starts a pass over the file unless one is on already (which then starts over).
	 *
	 * @param store an embedded database's store (nothing is done for an in-memory one)
	 */
	static void start(final MVStore store) {
		if (!(store.getFileStore() instanceof RandomAccessStore) || store.isReadOnly() || store.getRetentionTime() < 0)
			return;
		synchronized (PASSES) {
			final Pass on = PASSES.get(store);
			if (on != null) {
				on.used();
				return;
			}
			final Pass pass = new Pass(store, worker());
			PASSES.put(store, pass);
			pass.schedule(IDLE_MS);
		}
	}

	/** A cell of the store's database is read or written: its pass pauses until the database is idle again. */
	static void used(final MVStore store) {
		final Pass pass;
		synchronized (PASSES) {
			pass = PASSES.get(store);
		}
		if (pass != null) pass.used();
	}

	/**
	 * Before a connection to the database closes or the database is compacted: ends the store's pass, waiting for a
	 * step under way (H2 stops its own background writer the same way before it closes a store).
	 *
	 * @return whether a pass was on
	 */
	static boolean stop(final MVStore store) {
		final Pass pass;
		synchronized (PASSES) {
			pass = PASSES.remove(store);
		}
		if (pass != null) pass.end();
		return pass != null;
	}

	/** @return the worker, made (with its thread) when there is none */
	private static synchronized ScheduledThreadPoolExecutor worker() {
		if (worker == null) {
			worker = new ScheduledThreadPoolExecutor(1, r -> {
				final Thread t = new Thread(r, THREAD);
				t.setDaemon(true);
				return t;
			});
			// stopped: a pass waiting for its next step ends at once, a step under way finishes (never interrupted:
			// an interrupt closes H2's file channel)
			worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		}
		return worker;
	}

	/**
	 * Ends every pass and the thread that runs them, waiting for a step under way (the plugin's service is disposed).
	 * Nothing is lost: a pass only gives space back, and the next large save or delete starts another, on a new thread.
	 */
	static void stopAll() {
		final ScheduledThreadPoolExecutor stopped;
		synchronized (H2IdleCompaction.class) {
			stopped = worker;
			worker = null;
		}
		if (stopped == null) return;
		stopped.shutdown(); // a step under way finishes; its next is refused, which ends its pass
		try {
			stopped.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		final List<Pass> ended = new ArrayList<>();
		synchronized (PASSES) {
			for (final Pass p : PASSES.values())
				if (p.worker == stopped) ended.add(p);
			for (final Pass p : ended)
				PASSES.remove(p.store, p);
		}
		for (final Pass p : ended)
			p.end();
	}

	/** @return whether a pass over the store is on (for tests) */
	static boolean isOn(final MVStore store) {
		synchronized (PASSES) {
			return PASSES.containsKey(store);
		}
	}

	/** One pass: steps on the worker thread, each rescheduling the next. */
	private static final class Pass implements Runnable {

		private final MVStore store;
		/** The worker its steps run on (a stopped worker takes no more: the pass ends). */
		private final ScheduledThreadPoolExecutor worker;
		/** Steps run under this lock; ending takes it to wait for a step under way. */
		private final Object stepping = new Object();
		private volatile long lastUse = System.nanoTime();
		private volatile boolean ended;
		/** Versions made while waiting for H2's LOB cleaner. */
		private int rounds;
		/** When the rounds began to find nothing removed ({@link System#nanoTime()}), or -1. */
		private long quietSince = -1;
		private int lastChunksFill = -1;
		private boolean moving;
		private long stepsLeft;

		Pass(final MVStore store, final ScheduledThreadPoolExecutor worker) {
			this.store = store;
			this.worker = worker;
		}

		void used() {
			lastUse = System.nanoTime();
		}

		void schedule(final long ms) {
			try {
				worker.schedule(this, ms, TimeUnit.MILLISECONDS);
			}
			catch (final RejectedExecutionException e) {
				finish();
			}
		}

		void end() {
			ended = true;
			synchronized (stepping) {
				// a step under way has ended
			}
		}

		@Override
		public void run() {
			final long next;
			synchronized (stepping) {
				if (ended || store.isClosed()) {
					finish();
					return;
				}
				final long idleFor = (System.nanoTime() - lastUse) / 1_000_000;
				try {
					if (idleFor < IDLE_MS) {
						startOver(); // what was used meanwhile may have replaced cells again
						next = IDLE_MS - idleFor;
					}
					else next = step();
				}
				catch (final RuntimeException e) {
					// closed meanwhile, or a write failed (H2 has then closed the database and its next use says why):
					// the pass ends, a later save starts another
					finish();
					return;
				}
			}
			if (next < 0) finish();
			else schedule(next);
		}

		private void startOver() {
			rounds = 0;
			quietSince = -1;
			lastChunksFill = -1;
			moving = false;
		}

		/** @return ms until the next step, or -1 when the pass is done */
		private long step() {
			if (!moving) {
				if ((quietSince < 0 || (System.nanoTime() - quietSince) / 1_000_000 < QUIET_MS) && rounds < MAX_ROUNDS) {
					removalRound();
					return CLEANER_MS;
				}
				H2FreedSpace.release(store);
				moving = true;
				final RandomAccessStore files = (RandomAccessStore) store.getFileStore();
				// every chunk moves at most once or twice (H2 may first move one past the end)
				stepsLeft = 2 * (files.size() / STEP) + 2;
				return files.getFillRate() < START_FILL ? 0 : -1;
			}
			return moveStep() ? 0 : -1;
		}

		/**
		 * H2 removes a replaced cell once its store has moved past the version that replaced it, in its LOB cleaner's
		 * thread, and the removals reach the file with the next version: stores what the cleaner removed since the
		 * last round, and makes a new version (a store of H2's unused {@code storeVersion} setting, unchanged, when
		 * nothing else is to be stored). Rounds that find nothing removed for {@value #QUIET_MS} ms end the waiting.
		 */
		private void removalRound() {
			final boolean removed = rounds > 0 && store.hasUnsavedChanges();
			store.setStoreVersion(store.getStoreVersion());
			store.commit();
			final int fill = store.getFileStore().getChunksFillRate();
			final boolean quiet = rounds > 0 && !removed && fill == lastChunksFill;
			if (!quiet) quietSince = -1;
			else if (quietSince < 0) quietSince = System.nanoTime();
			lastChunksFill = fill;
			rounds++;
		}

		/**
		 * Moves up to {@value #STEP} bytes of chunks from the file's end into free space nearer its start (the file
		 * shrinks once its end is free).
		 *
		 * @return whether to go on moving
		 */
		private boolean moveStep() {
			final RandomAccessStore files = (RandomAccessStore) store.getFileStore();
			if (files.getFillRate() >= END_FILL || stepsLeft-- <= 0 || !roomFor(STEP)) return false;
			files.compactMoveChunks(100, STEP, store);
			return true;
		}

		/** @return whether the disk has room for a step (a move may first write past the file's end) */
		private boolean roomFor(final long bytes) {
			try {
				return Files.getFileStore(H2File.diskPath(store.getFileStore().getFileName())).getUsableSpace() > 2 *
					bytes;
			}
			catch (final IOException | RuntimeException e) {
				return false;
			}
		}

		private void finish() {
			synchronized (PASSES) {
				PASSES.remove(store, this);
			}
		}
	}
}
