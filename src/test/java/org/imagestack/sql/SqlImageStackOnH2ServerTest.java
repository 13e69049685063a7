package org.imagestack.sql;

import org.junit.jupiter.api.Tag;

import org.imagestack.servers.H2TestServer;

/** The database stack's suites on a real H2 TCP server started by the test (jdbc:h2:tcp://). */
@Tag("server")
class SqlImageStackOnH2ServerTest extends AbstractSqlImageStackTest {

	@Override
	protected String newDatabase() {
		return H2TestServer.get().newDatabase();
	}

	@Override
	protected boolean databaseHeapInThisJvm() {
		return true; // the test server runs in the tests' JVM
	}
}
