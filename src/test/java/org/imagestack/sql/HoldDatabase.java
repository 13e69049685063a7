package org.imagestack.sql;

import org.imagestack.sql.h2.H2Opener;
import org.imagestack.sql.store.Database;

/** Child process for the lock tests: opens a database, says so, and keeps it open until its input closes. */
public final class HoldDatabase {

	private HoldDatabase() {}

	public static void main(final String... args) throws Exception {
		try (Database db = H2Opener.open(args[0])) {
			System.out.println("open " + db.location());
			System.out.flush();
			while (System.in.read() >= 0) {
				// hold until the parent closes our input or kills us
			}
		}
	}
}
