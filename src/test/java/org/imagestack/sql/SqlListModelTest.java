package org.imagestack.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.imagestack.stack.ModelChecker;
import org.imagestack.stack.StackOp;

/**
 * The model-based test of the {@code List} contract on the database stack, embedded H2 ({@link SqlModelBackend}: 3 x 2
 * planes, a 64-byte budget so that cells page through the database): random sequences of steps, saves, reloads and
 * reopens included, compared with a plain list of pixel arrays after every step (see {@link ModelChecker}). More
 * tries: {@code mvn test -Dtest=SqlListModelTest -Djqwik.tries.default=2000}. The same on an H2 server and PostgreSQL:
 * {@link SqlListModelOnServersTest}.
 */
class SqlListModelTest {

	private static Path dir;
	private static SqlModelBackend database;

	@BeforeContainer
	static void database() throws Exception {
		dir = Files.createTempDirectory("list-model");
		database = new SqlModelBackend(dir.resolve("model").toString());
	}

	@AfterContainer
	static void removeDatabase() throws Exception {
		database.close();
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	@Property
	void theDatabaseStackFollowsTheModel(@ForAll("steps") final List<StackOp> steps) {
		ModelChecker.check(database, steps);
	}

	/** The shrunk failures of the items of issue 23 put back (see {@link StackOp#regressions()}). */
	@Example
	void theShrunkFailuresStayFixed() {
		for (final List<StackOp> steps : StackOp.regressions())
			ModelChecker.check(database, steps);
	}

	@Provide
	Arbitrary<List<StackOp>> steps() {
		return StackOp.sequences(10);
	}
}
