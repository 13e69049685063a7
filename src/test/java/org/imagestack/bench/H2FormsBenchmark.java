package org.imagestack.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The storage forms H2 offers for a cell, without any project code, against a raw file of the same bytes (issue 27's
 * levers, measured on H2 itself): {@code cells} 256 KiB cells of random bytes written durably (each form's commit
 * and sync; the raw file one fsync), then read back in order into new arrays after reopening. Forms: {@code BLOB}
 * (what stacks use), the same on H2's {@code nioMapped:} file system, {@code VARBINARY} values in the row, and an
 * {@code MVMap} of H2's store used directly (no SQL). Two rounds, the second in reverse order.
 * Run: {@code mvn -q -P benchmark test-compile exec:exec -Dbenchmark=H2FormsBenchmark [-Dbenchmark.args="1200"]}.
 */
public final class H2FormsBenchmark {

	private H2FormsBenchmark() {}

	private static final int CELL = 256 << 10;

	public static void main(final String... args) throws Exception {
		final int cells = args.length > 0 ? Integer.parseInt(args[0]) : 1200;
		final byte[][] data = new byte[16][CELL];
		final Random r = new Random(1);
		for (final byte[] d : data)
			r.nextBytes(d); // incompressible: H2 stores them as they are
		final List<String> forms = List.of("raw file", "BLOB", "BLOB, nioMapped:", "VARBINARY", "MVMap");
		final double mb = (double) cells * CELL / 1e6;
		System.out.printf(Locale.ROOT, "%d cells of 256 KiB (%.0f MB), written durably, read back after reopening; " +
			"MB/s, rounds 1 / 2 (the second in reverse order)%n| form | write | read | file ÷ data |%n|---|---|---|---|%n",
			cells, mb);
		final double[][][] res = new double[forms.size()][2][];
		final Path dir = Files.createTempDirectory("imagestack-h2forms");
		try {
			for (int round = 0; round < 2; round++)
				for (int k = 0; k < forms.size(); k++) {
					final int f = round == 0 ? k : forms.size() - 1 - k;
					new ProcessBuilder("sync").inheritIO().start().waitFor();
					res[f][round] = run(f, dir.resolve("f" + f + "r" + round), data, cells, mb);
				}
		}
		finally {
			Measure.deleteTree(dir);
		}
		for (int f = 0; f < forms.size(); f++)
			System.out.printf(Locale.ROOT, "| %s | %.0f / %.0f | %.0f / %.0f | %.2f |%n", forms.get(f), res[f][0][0],
				res[f][1][0], res[f][0][1], res[f][1][1], res[f][0][2]);
	}

	/** @return write MB/s, read MB/s, file ÷ data */
	private static double[] run(final int form, final Path base, final byte[][] data, final int cells, final double mb)
		throws Exception
	{
		final Path file = form == 0 ? base : Path.of(base + ".mv.db");
		final String url = "jdbc:h2:" + (form == 2 ? "nioMapped:" : "") + base;
		long t = System.nanoTime();
		if (form == 0) try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			for (int i = 0; i < cells; i++)
				ch.write(ByteBuffer.wrap(data[i % 16]));
			ch.force(true);
		}
		else if (form == 4) {
			final MVStore st = new MVStore.Builder().fileName(file.toString()).open();
			final MVMap<Integer, byte[]> m = st.openMap("cells");
			for (int i = 0; i < cells; i++)
				m.put(i, data[i % 16].clone());
			st.commit();
			st.sync();
			st.close();
		}
		else try (Connection c = DriverManager.getConnection(url)) {
			c.setAutoCommit(false);
			try (Statement st = c.createStatement()) {
				st.execute("CREATE TABLE CELLS(ID INT PRIMARY KEY, DATA " + (form == 3 ? "VARBINARY(1000000)" : "BLOB") +
					" NOT NULL)");
			}
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO CELLS VALUES(?, ?)")) {
				for (int i = 0; i < cells; i++) {
					ps.setInt(1, i);
					ps.setBytes(2, data[i % 16]);
					ps.executeUpdate();
				}
			}
			c.commit();
			try (Statement st = c.createStatement()) {
				st.execute("CHECKPOINT SYNC");
			}
		}
		final double write = mb / ((System.nanoTime() - t) / 1e9);
		final double size = Files.size(file) / 1e6 / mb;
		long sum = 0;
		t = System.nanoTime();
		if (form == 0) try (FileChannel ch = FileChannel.open(file)) {
			for (int i = 0; i < cells; i++) {
				final ByteBuffer b = ByteBuffer.allocate(CELL);
				while (b.hasRemaining())
					if (ch.read(b, (long) i * CELL + b.position()) < 0) throw new AssertionError("end of file");
				sum += b.get(7);
			}
		}
		else if (form == 4) {
			final MVStore st = new MVStore.Builder().fileName(file.toString()).readOnly().open();
			final MVMap<Integer, byte[]> m = st.openMap("cells");
			for (int i = 0; i < cells; i++)
				sum += m.get(i)[7];
			st.close();
		}
		else try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
			"SELECT DATA FROM CELLS WHERE ID = ?"))
		{
			for (int i = 0; i < cells; i++) {
				ps.setInt(1, i);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					sum += rs.getBytes(1)[7];
				}
			}
		}
		final double read = mb / ((System.nanoTime() - t) / 1e9);
		long expected = 0;
		for (int i = 0; i < cells; i++)
			expected += data[i % 16][7];
		if (sum != expected) throw new AssertionError("read other bytes");
		return new double[] { write, read, size };
	}
}
