package org.imagestack.sql;

/** Child process for the lock tests: opens a database, says so, and keeps it open until its input closes. */
public final class HoldDatabase {

	private HoldDatabase() {}

	public static void main(final String... args) throws Exception {
		try (H2Database db = H2Database.open(args[0])) {
			System.out.println("open " + db.location());
			System.out.flush();
			while (System.in.read() >= 0) {
				// hold until the parent closes our input or kills us
			}
		}
	}
}
