package org.imagestack.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * {@link PeerChild}'s workload on plain H2 (the same H2 as ours, its defaults, no project code): what H2 itself
 * allows. One table of cells as ours stores them by default, {@code BLOB}s of 256 × 256 floats (256 KiB) keyed by
 * plane and cell; no conversion, checksum, cache, catalog or save record. Ingest: each fresh plane cut into its cells,
 * inserted, one commit and {@code CHECKPOINT SYNC}; map: each cell read, halved and updated, one commit and
 * {@code CHECKPOINT SYNC}; a tile reads the cells it crosses (a query each); read-all one query per plane.
 */
final class PlainH2Peer {

	private static final int CELL = 256;
	private final PeerChild c;
	private final int size, perRow;
	private final ByteBuffer buf = ByteBuffer.allocate(CELL * CELL * 4).order(ByteOrder.LITTLE_ENDIAN);

	PlainH2Peer(final PeerChild c) {
		this.c = c;
		this.size = c.size();
		this.perRow = (size + CELL - 1) / CELL;
	}

	void run() throws Exception {
		final Path file = c.dir().resolve("plain.mv.db");
		final String url = "jdbc:h2:" + c.dir().resolve("plain");
		PeerChild.Step step = c.step();
		try (Connection db = DriverManager.getConnection(url)) {
			db.setAutoCommit(false);
			try (Statement st = db.createStatement()) {
				st.execute("CREATE TABLE CELLS(PLANE INT, CELL INT, DATA BLOB NOT NULL, PRIMARY KEY(PLANE, CELL))");
			}
			try (PreparedStatement ins = db.prepareStatement("INSERT INTO CELLS VALUES(?, ?, ?)")) {
				for (int i = 0; i < c.planes(); i++) {
					final float[] px = c.fresh(i);
					for (int k = 0; k < perRow * perRow; k++) {
						ins.setInt(1, i);
						ins.setInt(2, k);
						ins.setBytes(3, cut(px, k));
						ins.executeUpdate();
					}
				}
			}
			durable(db);
			step.done("ingest");
			c.dropTemplates();
			c.sizes("sizeIngest", file);
			step = c.step();
			try (PreparedStatement sel = db.prepareStatement("SELECT DATA FROM CELLS WHERE PLANE = ? AND CELL = ?");
				PreparedStatement upd = db.prepareStatement("UPDATE CELLS SET DATA = ? WHERE PLANE = ? AND CELL = ?"))
			{
				for (int i = 0; i < c.planes(); i++)
					for (int k = 0; k < perRow * perRow; k++) {
						final byte[] b = cell(sel, i, k);
						final ByteBuffer f = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
						for (int p = 0; p < b.length; p += 4)
							f.putFloat(p, f.getFloat(p) * 0.5f);
						upd.setBytes(1, b);
						upd.setInt(2, i);
						upd.setInt(3, k);
						upd.executeUpdate();
					}
			}
			durable(db);
			step.done("map");
			c.sizes("sizeMap", file);
			step = c.step();
		}
		c.put("closeMs", step.ms());
		c.sizes("sizeClosed", file);
		try (Connection db = DriverManager.getConnection(url); PreparedStatement sel = db.prepareStatement(
			"SELECT DATA FROM CELLS WHERE PLANE = ? AND CELL = ?"))
		{
			c.put("tile", c.tiles((i, x, y) -> tile(sel, i, x, y)));
		}
		try (Connection db = DriverManager.getConnection(url); PreparedStatement sel = db.prepareStatement(
			"SELECT CELL, DATA FROM CELLS WHERE PLANE = ? ORDER BY CELL"))
		{
			step = c.step();
			double sum = 0;
			for (int i = 0; i < c.planes(); i++) {
				final float[] px = new float[size * size];
				sel.setInt(1, i);
				try (ResultSet rs = sel.executeQuery()) {
					while (rs.next())
						paste(rs.getBytes(2), rs.getInt(1), px, 0, 0, size);
				}
				sum += px[size * size / 2];
			}
			step.done("read");
			if (Double.isNaN(sum)) throw new AssertionError();
		}
	}

	private static void durable(final Connection db) throws Exception {
		db.commit();
		try (Statement st = db.createStatement()) {
			st.execute("CHECKPOINT SYNC");
		}
	}

	/** @return cell k of a plane as little-endian bytes (a full cell: the plane's size is a multiple of 256 here) */
	private byte[] cut(final float[] px, final int k) {
		final int x0 = k % perRow * CELL, y0 = k / perRow * CELL;
		final java.nio.FloatBuffer f = buf.clear().asFloatBuffer();
		for (int y = 0; y < CELL; y++)
			f.put(px, (y0 + y) * size + x0, CELL);
		return buf.array().clone();
	}

	private static byte[] cell(final PreparedStatement sel, final int plane, final int k) throws Exception {
		sel.setInt(1, plane);
		sel.setInt(2, k);
		try (ResultSet rs = sel.executeQuery()) {
			if (!rs.next()) throw new AssertionError("no cell " + k + " of plane " + plane);
			return rs.getBytes(1);
		}
	}

	private float[] tile(final PreparedStatement sel, final int plane, final int x, final int y) throws Exception {
		final float[] out = new float[512 * 512];
		for (int cy = y / CELL; cy <= (y + 511) / CELL; cy++)
			for (int cx = x / CELL; cx <= (x + 511) / CELL; cx++)
				paste(cell(sel, plane, cy * perRow + cx), cy * perRow + cx, out, x, y, 512);
		return out;
	}

	/** Copies what of cell k lies in the window of {@code out} (width w, origin x0, y0 in the plane). */
	private void paste(final byte[] cell, final int k, final float[] out, final int x0, final int y0, final int w) {
		final java.nio.FloatBuffer f = ByteBuffer.wrap(cell).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		final int cx = k % perRow * CELL, cy = k / perRow * CELL, h = out.length / w;
		final int xa = Math.max(cx, x0), xb = Math.min(cx + CELL, x0 + w);
		for (int y = Math.max(cy, y0); y < Math.min(cy + CELL, y0 + h); y++)
			f.position((y - cy) * CELL + xa - cx).get(out, (y - y0) * w + xa - x0, xb - xa);
	}
}
