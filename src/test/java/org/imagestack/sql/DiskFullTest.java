package org.imagestack.sql;

import org.imagestack.Required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import net.imglib2.img.array.ArrayImgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.DiskFullException;
import org.imagestack.PixelType;

/**
 * A full disk, on a real 12 MB tmpfs (mounted by the test; skipped where mounting is not allowed): the error says
 * "Disk full" with the stack, the file and the space left; the last save is kept; once space is back, reload() goes on
 * from it and saving works again.
 */
class DiskFullTest {

	@TempDir
	Path dir;

	private Path disk;
	private boolean mounted;

	@BeforeEach
	void mount() throws Exception {
		disk = Files.createDirectory(dir.resolve("disk"));
		final Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", disk.toString())
			.redirectErrorStream(true).start();
		mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
		Required.present(mounted, "could not mount a small tmpfs here (needs root): disk-full behaviour not tested");
	}

	@AfterEach
	void unmount() throws Exception {
		if (mounted) new ProcessBuilder("umount", disk.toString()).start().waitFor(20, TimeUnit.SECONDS);
	}

	@Test
	void aFullDiskIsReportedAndTheStackGoesOnOnceThereIsSpace() throws Exception {
		final String db = disk.resolve("db").toString();
		final SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1);
		s.addImage(ArrayImgs.unsignedBytes(new byte[512 * 512], 512, 512));
		s.saveState();
		final Path ballast = disk.resolve("ballast");
		Files.write(ballast, new byte[6 << 20]);
		final DiskFullException e = assertThrows(DiskFullException.class, () -> {
			for (int i = 0; i < 100; i++) {
				final byte[] px = new byte[512 * 512];
				new Random(i).nextBytes(px);
				s.addImage(ArrayImgs.unsignedBytes(px, 512, 512));
			}
			s.saveState();
		});
		assertTrue(e.getMessage().startsWith("Disk full while writing stack 's' to " + db + ".mv.db (") && e
			.getMessage().contains("MB free)"), e.getMessage());
		Files.delete(ballast);
		s.reload();
		assertEquals(1, s.size(), "back at the last save");
		s.addImage(ArrayImgs.unsignedBytes(new byte[] { 7 }, 1, 1));
		s.saveState();
		s.close();
		s.close();
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(2, r.size());
			assertEquals(7, r.get(1).firstElement().getRealDouble());
		}
	}

	/** Issue 23 item 19: creating a database on a full disk fails, leaves no file behind, and works once there is room. */
	@Test
	void aCreateThatFailsOnAFullDiskLeavesNothingAndWorksOnceThereIsSpace() throws Exception {
		final String db = disk.resolve("new").toString();
		final Path ballast = disk.resolve("ballast");
		try (java.io.OutputStream out = Files.newOutputStream(ballast)) {
			final byte[] mb = new byte[1 << 20];
			for (;;)
				out.write(mb);
		}
		catch (final java.io.IOException full) {
			// the disk is full now
		}
		final RuntimeException e = assertThrows(RuntimeException.class, () -> SqlImageStack.create(db, "s",
			PixelType.UINT8, 1).close());
		assertTrue(e instanceof DiskFullException || e.getMessage().toLowerCase().contains("disk full") || e
			.getMessage().toLowerCase().contains("no space"), "a full disk is said: " + e);
		assertFalse(Files.exists(Path.of(db + ".mv.db")), "a failed create leaves no database file behind");
		Files.delete(ballast);
		try (SqlImageStack s = SqlImageStack.create(db, "s", PixelType.UINT8, 1)) {
			s.addImage(ArrayImgs.unsignedBytes(new byte[] { 5 }, 1, 1));
			s.saveState();
		}
		try (SqlImageStack r = SqlImageStack.loadFromDatabase(db, "s", 1)) {
			assertEquals(5, r.get(0).firstElement().getRealDouble());
		}
	}

	/**
	 * Issue 23 item 19: recovering into a full disk stops with a disk-full error naming the target, leaves no target
	 * file it began, and lists no stack of the (healthy) source as lost; with room, the same recovery copies all.
	 */
	@Test
	void aRecoveryIntoAFullDiskSaysSoAndLeavesNoTarget() throws Exception {
		final String source = dir.resolve("source").toString(); // not on the small disk
		for (final String name : new String[] { "a", "b" })
			try (SqlImageStack s = SqlImageStack.create(source, name, PixelType.UINT8, 1)) {
				for (int i = 0; i < 8; i++) {
					final byte[] px = new byte[512 * 512];
					new Random(i).nextBytes(px);
					s.addImage(ArrayImgs.unsignedBytes(px, 512, 512));
				}
				s.saveState();
			}
		final Path ballast = disk.resolve("ballast");
		Files.write(ballast, new byte[10 << 20]); // about 2 MB left for 4 MB of planes
		final String target = disk.resolve("recovered").toString();
		final DiskFullException e = assertThrows(DiskFullException.class, () -> SqlImageStack.recover(source, target));
		assertTrue(e.getMessage().contains("into " + target + ".mv.db") && e.getMessage().contains("Disk full") && !e
			.getMessage().contains("lost:") && !e.getMessage().contains("damaged"), e.getMessage());
		assertFalse(Files.exists(Path.of(target + ".mv.db")), "the target the recovery began is removed");
		assertFalse(Files.exists(Path.of(target + ".mv.db.saves")));
		Files.delete(ballast);
		final Recovery.Report r = SqlImageStack.recover(source, target);
		assertTrue(r.lost().isEmpty(), r.toString());
		assertEquals(java.util.List.of("a", "b"), SqlImageStack.stackNames(target));
	}
}
