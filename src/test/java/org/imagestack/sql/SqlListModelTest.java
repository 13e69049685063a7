package org.imagestack.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.stack.ModelChecker;
import org.imagestack.stack.StackOp;

/**
 * The model-based test of the {@code List} contract on the database stack (embedded H2, 3 x 2 planes, a budget of 64
 * bytes so that cells page through the database): random sequences of steps, saves, reloads and reopens included,
 * compared with a plain list of pixel arrays after every step (see {@link ModelChecker}). More tries:
 * {@code mvn test -Dtest=SqlListModelTest -Djqwik.tries.default=2000}.
 */
class SqlListModelTest {

	private static Path dir;
	private static String db;
	private static final AtomicInteger names = new AtomicInteger();
	private static final double BUDGET_MB = 64 / 1024.0 / 1024.0;
	/** The one stack the tries share (emptied and saved before each): opening a stack per try costs more than a try. */
	private static SqlImageStack current;

	@BeforeContainer
	static void database() throws Exception {
		dir = Files.createTempDirectory("list-model");
		db = dir.resolve("model").toString();
	}

	@AfterContainer
	static void removeDatabase() throws Exception {
		if (current != null) current.close();
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	static final ModelChecker.Backend DATABASE = new ModelChecker.Backend() {

		@Override
		public ImageStack create(final PixelType type) {
			if (current == null || current.isClosed()) current = SqlImageStack.create(db, "model-" + names
				.incrementAndGet(), type, BUDGET_MB);
			current.reload(); // what a failed try left unsaved
			current.clear();
			current.changeType(type);
			current.saveState();
			return current;
		}

		@Override
		public boolean saves() {
			return true;
		}

		@Override
		public void save(final ImageStack s) {
			((SqlImageStack) s).saveState();
		}

		@Override
		public void reload(final ImageStack s) {
			((SqlImageStack) s).reload();
		}

		@Override
		public ImageStack reopen(final ImageStack s) {
			final SqlImageStack d = (SqlImageStack) s;
			d.close();
			current = SqlImageStack.loadFromDatabase(db, d.name(), BUDGET_MB);
			return current;
		}

		@Override
		public void dispose(final ImageStack s) {
			if (s != current) ((SqlImageStack) s).close(); // a copy; the stack itself serves the next try
		}
	};

	@Property
	void theDatabaseStackFollowsTheModel(@ForAll("steps") final List<StackOp> steps) {
		ModelChecker.check(DATABASE, steps);
	}

	/** The shrunk failures of the items of issue 23 put back (see {@link StackOp#regressions()}). */
	@Example
	void theShrunkFailuresStayFixed() {
		for (final List<StackOp> steps : StackOp.regressions())
			ModelChecker.check(DATABASE, steps);
	}

	@Provide
	Arbitrary<List<StackOp>> steps() {
		return StackOp.sequences(10);
	}
}
