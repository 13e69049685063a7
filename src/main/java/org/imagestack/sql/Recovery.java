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
		final Report report = new Report();
		final Path tmp;
		try {
			tmp = Files.createTempDirectory("imagestack-recover");
			Files.copy(source, tmp.resolve("copy.mv.db"));
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
			for (final String name : names)
				copyStack(copy, name, target, report);
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

	private static void copyStack(final String copy, final String name, final String target, final Report report) {
		try (SqlImageStack from = SqlImageStack.loadFromDatabase(copy, name, 0);
			SqlImageStack to = SqlImageStack.createUnsaved(target, name, from.pixelType(), 0, from.compression()))
		{
			int good = 0, bad = 0;
			for (int i = 0; i < from.size(); i++) {
				final Img<? extends RealType<?>> plane = from.get(i);
				try {
					for (final RealType<?> t : plane) // every cell read, its CRC checked, before anything is copied
						t.getRealDouble();
					to.addImage(plane);
					good++;
				}
				catch (final RuntimeException e) {
					report.lost.add("stack '" + name + "' plane " + i + ": " + e.getMessage());
					bad++;
				}
			}
			to.saveState();
			report.copied.add("stack '" + name + "': " + good + " planes copied" + (bad > 0 ? ", " + bad + " lost" : ""));
		}
		catch (final RuntimeException e) {
			report.lost.add("stack '" + name + "': " + e.getMessage());
		}
	}
}
