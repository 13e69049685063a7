package org.imagestack.sql;

import org.junit.jupiter.api.Tag;

import org.imagestack.servers.PostgresTestServer;

/** The database stack's suites on a real PostgreSQL server started by the test (jdbc:postgresql://). */
@Tag("server")
class SqlImageStackOnPostgresTest extends AbstractSqlImageStackTest {

	@Override
	protected String newDatabase() {
		return PostgresTestServer.get().newDatabase();
	}
}
