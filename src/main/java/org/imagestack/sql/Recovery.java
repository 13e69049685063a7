package org.imagestack.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;

import org.imagestack.DiskFullException;
import org.imagestack.StorageException;
import org.imagestack.sql.h2.H2File;

/**
 * Copies what can still be read from a damaged database file into a new database: every stack, with every plane
 * whose cells all read back with a correct CRC. The damaged file is never opened itself (H2 might "repair" it by
 * dropping data): a copy of it is, in a temporary folder, removed afterwards.
 */
public final class Recovery {

	/** What was copied and what was not. */
	public static final class Report {

		private final List<String> copied = new ArrayList<>();
		private final List<String> lost = new ArrayList<>();

		/** @return one line per stack copied: name, planes copied, planes lost */
		public List<String> copied() {
			return Collections.unmodifiableList(copied);
		}

		/** @return one line per plane (or stack) that could not be copied, with the reason */
		public List<String> lost() {
			return Collections.unmodifiableList(lost);
		}

		@Override
		public String toString() {
			return String.join("\n", copied) + (lost.isEmpty() ? "\nnothing lost" : "\nlost:\n  " + String.join("\n  ",
				lost));
		}
	}

	private Recovery() {}

	/**
	 * @param damaged the damaged database (a file path)
	 * @param target a new database to copy into (a file path; must not hold stacks of the same names)
	 * @return what was copied and what was lost
	 */
	public static Report recover(final String damaged, final String target) {
		final Path source = H2File.databaseFile(damaged);
		final Path targetFile = H2File.filePath(target) == null ? null : H2File.databaseFile(target);
		final boolean newTarget = targetFile != null && !Files.exists(targetFile);
		final Report report = new Report();
		final Path tmp;
		try {
			tmp = Files.createTempDirectory("imagestack-recover");
			H2File.copyClosed(source, tmp.resolve("copy.mv.db"));
		}
		catch (final IOException e) {
			throw new StorageException("Could not copy " + source + " to recover from it: " + e.getMessage(), e);
		}
		try {
			final String copy = tmp.resolve("copy").toString();
			final List<String> names;
			try {
				names = SqlImageStack.stackNames(copy);
			}
			catch (final RuntimeException e) {
				report.lost.add("everything: the file cannot be opened (" + e.getMessage() + ")");
				return report;
			}
			try {
				for (final String name : names)
					copyStack(copy, name, target, report);
			}
			catch (final DiskFullException full) { // the target's disk, not the source: its stacks are not lost
				throw full.whileRecovering(source.toString(), removeTarget(newTarget, targetFile, full, report));
			}
			return report;
		}
		finally {
			try (Stream<Path> files = Files.walk(tmp)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
			catch (final IOException e) {
				// a temporary folder left behind is harmless
			}
		}
	}

	/**
	 * A target this recovery made is removed when the recovery fails on it (no half-written database is left); an
	 * existing one keeps the stacks copied into it before (each saved whole), and not the one under way.
	 *
	 * @return what became of the target, for the message
	 */
	private static String removeTarget(final boolean newTarget, final Path targetFile, final Throwable failure,
		final Report report)
	{
		if (!newTarget) return report.copied.isEmpty() ? "nothing was added to it" : "it keeps the stacks copied " +
			"before, each whole (" + String.join("; ", report.copied) + "), not the one under way";
		for (final Path p : new Path[] { targetFile, targetFile.resolveSibling(targetFile.getFileName() + ".saves") })
			try {
				Files.deleteIfExists(p);
			}
			catch (final IOException | RuntimeException e) {
				failure.addSuppressed(e);
			}
		return Files.exists(targetFile) ? "the target file this recovery began could not be removed: delete it" :
			"the target file this recovery began was removed";
	}

	/**
	 * Copies one stack: a stack or plane that cannot be read from the damaged copy is reported lost; a failure of the
	 * target (a full disk) is thrown, since it says nothing about the source.
	 */
	private static void copyStack(final String copy, final String name, final String target, final Report report) {
		final SqlImageStack from;
		try {
			from = SqlImageStack.loadFromDatabase(copy, name, 0);
		}
		catch (final RuntimeException e) {
			report.lost.add("stack '" + name + "': " + e.getMessage());
			return;
		}
		try (from; SqlImageStack to = SqlImageStack.createUnsaved(target, name, from.pixelType(), 0,
			from.compression())) {
			int good = 0, bad = 0;
			for (int i = 0; i < from.size(); i++) {
				final Img<? extends RealType<?>> plane = from.get(i);
				try {
					for (final RealType<?> t : plane) // every cell read, its CRC checked, before anything is copied
						t.getRealDouble();
				}
				catch (final RuntimeException e) {
					report.lost.add("stack '" + name + "' plane " + i + ": " + e.getMessage());
					bad++;
					continue;
				}
				to.addImage(plane); // the target's failures (a full disk) end the recovery
				good++;
			}
			to.saveState();
			report.copied.add("stack '" + name + "': " + good + " planes copied" + (bad > 0 ? ", " + bad + " lost" : ""));
		}
		catch (final DiskFullException e) {
			throw e;
		}
		catch (final RuntimeException e) {
			report.lost.add("stack '" + name + "': " + e.getMessage());
		}
	}
}
