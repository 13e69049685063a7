package org.imagestack.sql;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of a database of image stacks (schema version 2):
 * <ul>
 * <li>{@code STACKS}: one row per named stack: pixel type, plane count, cell size, a save counter ({@code VERSION},
 * bumped by every save, checked against the one a handle loaded), times, metadata;</li>
 * <li>{@code PLANES}: one row per plane: its order key, dimensions, pixel type and cell dimensions (a plane saved by
 * version 1 has no cell dimensions and its pixels in the {@code DATA} BLOB);</li>
 * <li>{@code CELLS}: one row per cell: its bytes (at most about 1 MiB), a CRC-32, whether deflated. The bytes are a
 * BLOB, not a {@code VARBINARY}: H2 keeps a deleted or replaced value in its undo log until the commit and writes it
 * in one chunk, so deleting a stack's worth of 1 MiB {@code VARBINARY} values in one transaction (a map then a save)
 * ran out of a 256 MB heap, while BLOBs (H2's LOB store, values in 128 KB blocks) held 17 MB at the same speed;</li>
 * <li>{@code PLANE_IDS}: a sequence, so that handles on one stack (in one process or several) never pick the same id
 * for a new plane.</li>
 * </ul>
 */
final class Schema {

	private Schema() {}

	static void create(final Statement st) throws SQLException {
		st.execute("CREATE TABLE STACKS(ID BIGINT AUTO_INCREMENT PRIMARY KEY, NAME VARCHAR NOT NULL UNIQUE, " +
			"PIXEL_TYPE VARCHAR(16) NOT NULL, PLANE_COUNT INT NOT NULL, COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, " +
			"CREATED TIMESTAMP NOT NULL, MODIFIED TIMESTAMP NOT NULL, METADATA VARCHAR, " +
			"CELL_BYTES INT DEFAULT " + CellShape.DEFAULT_CELL_BYTES + " NOT NULL, VERSION BIGINT DEFAULT 0 NOT NULL)");
		st.execute("CREATE TABLE PLANES(STACK_ID BIGINT NOT NULL REFERENCES STACKS(ID) ON DELETE CASCADE, " +
			"PLANE_ID BIGINT NOT NULL, POS BIGINT NOT NULL, DIMS VARCHAR(64) NOT NULL, PIXEL_TYPE VARCHAR(16) NOT NULL, " +
			"NBYTES BIGINT NOT NULL, CRC BIGINT NOT NULL, COMPRESSED BOOLEAN DEFAULT FALSE NOT NULL, DATA BLOB, " +
			"CELL_DIMS VARCHAR(64), PRIMARY KEY(STACK_ID, PLANE_ID))");
		st.execute("CREATE INDEX PLANES_ORDER ON PLANES(STACK_ID, POS)");
		createCells(st);
		st.execute("CREATE SEQUENCE PLANE_IDS START WITH 1");
		st.execute("CREATE TABLE IMAGESTACK_SCHEMA(VERSION INT NOT NULL)");
		st.execute("INSERT INTO IMAGESTACK_SCHEMA VALUES(" + H2Database.SCHEMA_VERSION + ")");
	}

	private static void createCells(final Statement st) throws SQLException {
		st.execute("CREATE TABLE CELLS(STACK_ID BIGINT NOT NULL, PLANE_ID BIGINT NOT NULL, CELL_INDEX INT NOT NULL, " +
			"CRC BIGINT NOT NULL, COMPRESSED BOOLEAN NOT NULL, DATA BLOB NOT NULL, " +
			"PRIMARY KEY(STACK_ID, PLANE_ID, CELL_INDEX), FOREIGN KEY(STACK_ID, PLANE_ID) REFERENCES " +
			"PLANES(STACK_ID, PLANE_ID) ON DELETE CASCADE)");
	}

	/** Version 1 (a BLOB per plane) to 2: planes keep their BLOBs until rewritten as cells. */
	static void upgradeFrom1(final Statement st) throws SQLException {
		st.execute("ALTER TABLE STACKS ADD COLUMN CELL_BYTES INT DEFAULT " + CellShape.DEFAULT_CELL_BYTES +
			" NOT NULL");
		st.execute("ALTER TABLE STACKS ADD COLUMN VERSION BIGINT DEFAULT 0 NOT NULL");
		st.execute("ALTER TABLE PLANES ALTER COLUMN DATA SET NULL");
		st.execute("ALTER TABLE PLANES ADD COLUMN CELL_DIMS VARCHAR(64)");
		createCells(st);
		long next = 1;
		try (java.sql.ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(PLANE_ID), 0) + 1 FROM PLANES")) {
			if (rs.next()) next = rs.getLong(1);
		}
		st.execute("CREATE SEQUENCE PLANE_IDS START WITH " + next);
		st.execute("UPDATE IMAGESTACK_SCHEMA SET VERSION = " + H2Database.SCHEMA_VERSION);
	}
}
