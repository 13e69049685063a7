package org.imagestack.sql.store;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.sql.postgres.PostgresDialect;

/** The cells' storage seam on the servers the tests start: an H2 server and a real PostgreSQL. */
@Tag("server")
class JdbcStackCellsOnServersTest {

	@Nested
	class OnH2Server extends JdbcStackCellsTest {

		@Override
		protected String newDatabase() {
			return H2TestServer.get().newDatabase();
		}
	}

	@Nested
	class OnPostgres extends JdbcStackCellsTest {

		@Override
		protected String newDatabase() {
			return PostgresTestServer.get().newDatabase();
		}

		@Override
		protected Database open(final String database, final boolean create) {
			return PostgresDialect.INSTANCE.open(database, database, create);
		}
	}
}
