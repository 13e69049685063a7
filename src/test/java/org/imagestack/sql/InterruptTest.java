package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.PixelType;
import org.imagestack.StorageException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * A thread interrupted while it works on a database stack (Fiji's Kill, {@code Future.cancel}): the call fails with an
 * "Interrupted" error naming the stack and its file, nothing of it is in the stack, the thread's interrupt status is
 * still set when it returns, and the stack stays usable (the next call works, closing ends, reopening shows the last
 * save). Each entry point is tried with the flag set before the call and, where the call runs code of the caller's
 * (a map's function, the pixels of an image being added), with an interrupt from another thread arriving mid-call.
 * The database file is never closed by an interrupt (H2's {@code retry:} file system), and an interrupt that
 * {@code retry:} absorbs is still seen ({@code noted:} under it).
 */
class InterruptTest {

	private static final int PLANES = 8;

	@TempDir
	Path dir;

	/** A saved stack of 8 planes of 400 x 400 zeros with a 1 MB budget (planes leave the cache: reads go to H2). */
	private SqlImageStack saved(final String name) {
		final SqlImageStack s = SqlImageStack.create(dir.resolve(name).toString(), "s", PixelType.FLOAT32, 1);
		for (int i = 0; i < PLANES; i++)
			s.addImage(ArrayImgs.floats(400, 400));
		s.saveState();
		return s;
	}

	private static void assertInterrupted(final StorageException e, final String file) {
		assertTrue(e.getMessage().startsWith("Interrupted") && e.getMessage().contains("stack 's'") && e.getMessage()
			.contains(file + ".mv.db"), e.getMessage());
		assertFalse(e.getMessage().contains("FileChannel") || e.getMessage().contains("Block not found"), e
			.getMessage());
	}

	/** Runs {@code call} on a thread with its interrupt flag set; @return the error and whether the flag was still set */
	private static StorageException withFlagSet(final Runnable call, final String file) {
		Thread.currentThread().interrupt();
		try {
			final StorageException e = assertThrows(StorageException.class, call::run);
			assertInterrupted(e, file);
			assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
			return e;
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void aMapInterruptedFromAnotherThreadInsidePlane3IsUndoneAndTheFlagKept() throws Exception {
		final SqlImageStack s = saved("m");
		try {
			final CountDownLatch inside = new CountDownLatch(1);
			final AtomicReference<Throwable> failed = new AtomicReference<>();
			final AtomicBoolean flagAfter = new AtomicBoolean();
			final Thread worker = new Thread(() -> {
				final int[] plane = { 0 };
				try {
					s.executeFunction(img -> {
						for (final net.imglib2.type.numeric.RealType<?> t : img)
							t.setReal(3);
						if (plane[0]++ == 3) {
							inside.countDown();
							while (!Thread.currentThread().isInterrupted())
								LockSupport.park(); // until the interrupt arrives (park keeps the flag)
						}
						return null;
					});
				}
				catch (final Throwable e) {
					failed.set(e);
				}
				flagAfter.set(Thread.currentThread().isInterrupted());
			});
			worker.start();
			inside.await();
			worker.interrupt();
			worker.join(60_000);
			assertFalse(worker.isAlive(), "the interrupted map ended");
			assertTrue(failed.get() instanceof StorageException, String.valueOf(failed.get()));
			assertInterrupted((StorageException) failed.get(), "m");
			assertTrue(flagAfter.get(), "the worker's interrupt status is kept");
			assertAll(s, 0, "the map is undone: every plane as before");
			assertFalse(s.hasUnsavedChanges());
			s.executeFunction(img -> { // usable afterwards
				for (final net.imglib2.type.numeric.RealType<?> t : img)
					t.setReal(5);
				return null;
			});
			s.saveState();
		}
		finally {
			closeWithin30s(s);
		}
		assertSaved(dir.resolve("m").toString(), PLANES, 5);
	}

	@Test
	void anImageBeingAddedWhenTheInterruptArrivesIsNotAdded() throws Exception {
		final SqlImageStack s = saved("a");
		try {
			s.addImage(ArrayImgs.floats(400, 400)); // unsaved, kept through the failed add
			final int before = s.size();
			final CountDownLatch inside = new CountDownLatch(1);
			final AtomicReference<Throwable> failed = new AtomicReference<>();
			final AtomicBoolean flagAfter = new AtomicBoolean();
			// 1200 x 1200 floats: several cells, the last pixel read (in its last cell) waits for the interrupt
			final ArrayImg<FloatType, FloatArray> big = ArrayImgs.floats(1200, 1200);
			big.update(null).getCurrentStorageArray()[1200 * 1200 - 1] = 7;
			final RandomAccessibleInterval<FloatType> lazy = Converters.convert((RandomAccessibleInterval<FloatType>) big,
				(a, b) -> {
					if (a.get() == 7) {
						inside.countDown();
						while (!Thread.currentThread().isInterrupted())
							LockSupport.park();
					}
					b.set(a);
				}, new FloatType());
			final Thread worker = new Thread(() -> {
				try {
					s.addImage(lazy);
				}
				catch (final Throwable e) {
					failed.set(e);
				}
				flagAfter.set(Thread.currentThread().isInterrupted());
			});
			worker.start();
			inside.await();
			worker.interrupt();
			worker.join(60_000);
			assertFalse(worker.isAlive());
			assertTrue(failed.get() instanceof StorageException, String.valueOf(failed.get()));
			assertInterrupted((StorageException) failed.get(), "a");
			assertTrue(flagAfter.get(), "the worker's interrupt status is kept");
			assertEquals(before, s.size(), "nothing of the call is in the stack");
			s.addImage(ArrayImgs.floats(400, 400)); // usable afterwards
			s.saveState();
		}
		finally {
			closeWithin30s(s);
		}
		assertSaved(dir.resolve("a").toString(), PLANES + 2, 0);
	}

	@Test
	void aParallelMapWhoseCallerIsInterruptedIsUndoneSayingSo() throws Exception {
		final SqlImageStack s = saved("p");
		try {
			final Thread caller = Thread.currentThread();
			final CountDownLatch interrupted = new CountDownLatch(1);
			final AtomicReference<Throwable> failed = new AtomicReference<>();
			try {
				s.executeFunction(img -> {
					for (final net.imglib2.type.numeric.RealType<?> t : img)
						t.setReal(3);
					if (interrupted.getCount() == 1 && Thread.currentThread() != caller) {
						caller.interrupt(); // as Future.cancel(true) of the task running the map
						interrupted.countDown();
					}
					else try {
						interrupted.await();
						while (caller.isInterrupted()) // until the caller has taken the interrupt in
							Thread.onSpinWait();
					}
					catch (final InterruptedException e) {
						throw new IllegalStateException(e);
					}
					return null;
				}, true);
			}
			catch (final Throwable e) {
				failed.set(e);
			}
			final boolean flag = Thread.interrupted();
			assertTrue(flag, "the caller's interrupt status is kept");
			assertTrue(failed.get() instanceof IllegalStateException && failed.get().getMessage().startsWith(
				"Interrupted: executeFunction") && failed.get().getMessage().contains("stack 's'") && failed.get()
					.getMessage().contains("p.mv.db") && failed.get().getMessage().contains("undone"), String.valueOf(
						failed.get()));
			assertAll(s, 0, "the map is undone");
			s.saveState();
		}
		finally {
			Thread.interrupted();
			closeWithin30s(s);
		}
		assertSaved(dir.resolve("p").toString(), PLANES, 0);
	}

	/** @return 1200 x 1200 floats (several cells) whose last pixel, when read, waits for the thread's interrupt */
	private static RandomAccessibleInterval<FloatType> waitingForAnInterrupt(final CountDownLatch inside) {
		final ArrayImg<FloatType, FloatArray> big = ArrayImgs.floats(1200, 1200);
		big.update(null).getCurrentStorageArray()[1200 * 1200 - 1] = 7;
		return Converters.convert((RandomAccessibleInterval<FloatType>) big, (a, b) -> {
			if (a.get() == 7) {
				inside.countDown();
				while (!Thread.currentThread().isInterrupted())
					LockSupport.park();
			}
			b.set(a);
		}, new FloatType());
	}

	@Test
	void addAllInterruptedAtItsThirdImageAddsNone() throws Exception {
		final SqlImageStack s = saved("l");
		try {
			final CountDownLatch inside = new CountDownLatch(1);
			final AtomicReference<Throwable> failed = new AtomicReference<>();
			final Thread worker = new Thread(() -> {
				try {
					s.addAll(java.util.List.of(ArrayImgs.floats(400, 400), ArrayImgs.floats(400, 400), net.imglib2.img
						.ImgView.wrap(waitingForAnInterrupt(inside))));
				}
				catch (final Throwable e) {
					failed.set(e);
				}
			});
			worker.start();
			inside.await();
			worker.interrupt();
			worker.join(60_000);
			assertFalse(worker.isAlive());
			assertTrue(failed.get() instanceof StorageException, String.valueOf(failed.get()));
			assertInterrupted((StorageException) failed.get(), "l");
			assertEquals(PLANES, s.size(), "none of the three images is in the stack");
			assertFalse(s.hasUnsavedChanges());
			s.addAll(java.util.List.of(ArrayImgs.floats(400, 400)));
			s.saveState();
		}
		finally {
			closeWithin30s(s);
		}
		assertSaved(dir.resolve("l").toString(), PLANES + 1, 0);
	}

	@Test
	void eachEntryPointOnAnInterruptedThreadFailsSayingSoAndTheStackGoesOn() throws Exception {
		final SqlImageStack s = saved("e");
		try {
			s.executeFunction(img -> {
				for (final net.imglib2.type.numeric.RealType<?> t : img)
					t.setReal(3);
				return null;
			});
			final String save = withFlagSet(s::saveState, "e").getMessage();
			assertTrue(save.contains("save again"), save);
			assertTrue(s.hasUnsavedChanges());
			withFlagSet(() -> s.addImage(ArrayImgs.floats(400, 400)), "e");
			assertEquals(PLANES, s.size());
			withFlagSet(() -> s.executeFunction(img -> {
				for (final net.imglib2.type.numeric.RealType<?> t : img)
					t.setReal(9);
				return null;
			}), "e");
			s.saveState();
			s.reload(); // no plane in the cache: the next read goes to the file
			withFlagSet(() -> s.readRegion(6, 0, 0, 400, 400), "e");
			final Consumer<Object> read = x -> s.get(7).firstElement().getRealDouble();
			withFlagSet(() -> read.accept(null), "e");
			assertAll(s, 3, "the map before the interrupted calls, saved; none of theirs");
		}
		finally {
			closeWithin30s(s);
		}
		assertSaved(dir.resolve("e").toString(), PLANES, 3);
	}

	@Test
	void closingOnAnInterruptedThreadClosesAndKeepsTheFlag() throws Exception {
		final SqlImageStack s = saved("c");
		s.addImage(ArrayImgs.floats(400, 400)); // unsaved: discarded by close
		Thread.currentThread().interrupt();
		try {
			s.close();
			assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
		}
		finally {
			Thread.interrupted();
		}
		assertTrue(s.isClosed());
		assertSaved(dir.resolve("c").toString(), PLANES, 0);
	}

	@Test
	void openingAndListingOnAnInterruptedThreadKeepTheFlag() {
		final String db = dir.resolve("o").toString();
		saved("o").close();
		Thread.currentThread().interrupt();
		try {
			assertEquals(java.util.List.of("s"), SqlImageStack.stackNames(db));
			assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept by stackNames");
			try (SqlImageStack s = SqlImageStack.loadFromDatabase(db, "s", 1)) {
				assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept by loadFromDatabase");
				assertEquals(PLANES, s.size());
			}
			assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept by close");
		}
		finally {
			Thread.interrupted();
		}
	}

	private static void assertAll(final SqlImageStack s, final double value, final String what) {
		assertEquals(PLANES, s.size(), what);
		for (int i = 0; i < PLANES; i++) {
			final float[] pixels = (float[]) s.readRegion(i, 0, 0, 400, 400);
			for (final float p : pixels)
				if (p != value) assertEquals(value, p, what + ": plane " + i);
		}
	}

	private static void closeWithin30s(final SqlImageStack s) throws InterruptedException {
		final Thread closer = new Thread(s::close);
		closer.setDaemon(true);
		closer.start();
		closer.join(30_000);
		assertFalse(closer.isAlive(), "close ended");
	}

	private static void assertSaved(final String db, final int planes, final double value) {
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(planes, r.size());
			for (int i = 0; i < planes; i++) {
				final String expected = AbstractImageStackTest.pixels(ArrayImgs.floats(400, 400)).replace("0.0", value +
					"");
				if (r.get(i).dimension(0) == 400) assertEquals(expected, AbstractImageStackTest.pixels(r.get(i)),
					"plane " + i);
			}
		}
	}
}
