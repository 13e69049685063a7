package org.imagestack.sql;

/** The database stack's suites on an embedded H2 file (the default store). */
class SqlImageStackTest extends AbstractSqlImageStackTest {

	@Override
	protected String newDatabase() throws Exception {
		return java.nio.file.Files.createTempDirectory(dir, "db").resolve("stacks").toString();
	}

	@Override
	protected String shown(final String db) {
		return db + ".mv.db";
	}
}
