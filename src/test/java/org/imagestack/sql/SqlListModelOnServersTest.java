package org.imagestack.sql;

import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;

import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.stack.ModelChecker;
import org.imagestack.stack.StackOp;

/**
 * The model-based test of the {@code List} contract ({@link SqlListModelTest}) on the servers the tests start: an H2
 * TCP server and a real PostgreSQL (tag {@code server}; {@code -DexcludedGroups=server} leaves it out). A third of
 * the embedded test's tries each: every step is a round trip.
 */
@Tag("server")
class SqlListModelOnServersTest {

	private static SqlModelBackend h2, postgres;

	private static synchronized SqlModelBackend h2() {
		if (h2 == null) h2 = new SqlModelBackend(H2TestServer.get().newDatabase());
		return h2;
	}

	private static synchronized SqlModelBackend postgres() {
		if (postgres == null) postgres = new SqlModelBackend(PostgresTestServer.get().newDatabase());
		return postgres;
	}

	@AfterContainer
	static void closeStacks() {
		if (h2 != null) h2.close();
		if (postgres != null) postgres.close();
	}

	@Property(tries = 30)
	void theStackOnAnH2ServerFollowsTheModel(@ForAll("steps") final List<StackOp> steps) {
		ModelChecker.check(h2(), steps);
	}

	@Property(tries = 30)
	void theStackOnPostgresFollowsTheModel(@ForAll("steps") final List<StackOp> steps) {
		ModelChecker.check(postgres(), steps);
	}

	@Provide
	Arbitrary<List<StackOp>> steps() {
		return StackOp.sequences(10);
	}
}
