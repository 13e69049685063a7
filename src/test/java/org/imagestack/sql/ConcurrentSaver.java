package org.imagestack.sql;

import java.io.BufferedReader;
import java.io.InputStreamReader;

import org.imagestack.ConcurrentSaveException;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Child process for the many-writers test: loads a stack, adds a plane of its own, says {@code loaded}, saves when
 * told {@code save}, and reports {@code saved} or {@code conflict <message>}; after a conflict it shows its change is
 * still there, reloads, adds its plane again and saves ({@code saved after reload}).
 */
public final class ConcurrentSaver {

	private ConcurrentSaver() {}

	public static void main(final String... args) throws Exception {
		final String url = args[0], stack = args[1];
		final int seed = Integer.parseInt(args[2]);
		final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(url, stack, 1)) {
			s.addImage(AbstractImageStackTest.ramp(seed, 64, 64));
			System.out.println("loaded " + s.size());
			System.out.flush();
			if (!"save".equals(in.readLine())) return;
			try {
				s.saveState();
				System.out.println("saved " + s.size());
			}
			catch (final ConcurrentSaveException e) {
				System.out.println("conflict " + e.getMessage());
				System.out.println("kept " + s.size() + " " + s.get(s.size() - 1).getAt(0, 0).getRealDouble() + " " + s
					.hasUnsavedChanges());
				s.reload();
				s.addImage(AbstractImageStackTest.ramp(seed, 64, 64));
				s.saveState();
				System.out.println("saved after reload " + s.size());
			}
		}
	}
}
