package org.imagestack.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.imagestack.ChildJvm;
import org.imagestack.PixelType;
import org.imagestack.servers.H2TestServer;
import org.imagestack.servers.PostgresTestServer;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * Two processes load one stack on a server, each adds a plane, and both save at once: exactly one save wins, the
 * other gets the "saved elsewhere since this handle loaded it" error with its change still in hand, and after a
 * reload its save goes through; nothing is lost.
 */
@Tag("server")
class ManyWritersTest {

	@ParameterizedTest
	@ValueSource(strings = { "h2-server", "postgresql" })
	void twoProcessesSaveOneStack(final String store) throws Exception {
		final String url = store.equals("h2-server") ? H2TestServer.get().newDatabase() : PostgresTestServer.get()
			.newDatabase();
		try (SqlImageStack s = SqlImageStack.create(url, "shared", PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(0, 64, 64));
			s.saveState();
		}
		final List<String> first = new ArrayList<>(), second = new ArrayList<>();
		try (ChildJvm a = ChildJvm.start("96m", ConcurrentSaver.class, url, "shared", "10"); ChildJvm b = ChildJvm
			.start("96m", ConcurrentSaver.class, url, "shared", "20"))
		{
			assertEquals("loaded 2", a.readLine());
			assertEquals("loaded 2", b.readLine());
			a.send("save");
			b.send("save");
			for (String line; (line = a.readLine()) != null;)
				first.add(line);
			for (String line; (line = b.readLine()) != null;)
				second.add(line);
			assertEquals(0, a.waitFor(30));
			assertEquals(0, b.waitFor(30));
		}
		final List<String> winner = first.get(0).startsWith("saved") ? first : second;
		final List<String> loser = winner == first ? second : first;
		assertEquals(List.of("saved 2"), winner, "one save wins: " + first + " " + second);
		assertTrue(loser.get(0).startsWith("conflict Stack 'shared' in " + url + " was saved elsewhere since this " +
			"handle loaded it: nothing was saved"), loser.toString());
		final int loserSeed = loser == first ? 10 : 20, winnerSeed = 30 - loserSeed;
		assertEquals("kept 2 " + (double) loserSeed + " true", loser.get(1), "the loser's change is still in its hands");
		assertEquals("saved after reload 3", loser.get(2));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(url, "shared")) {
			assertEquals(3, s.size());
			for (int i = 0; i < 3; i++)
				assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(new int[] { 0, winnerSeed,
					loserSeed }[i], 64, 64)), AbstractImageStackTest.pixels(s.get(i)), "plane " + i);
		}
	}
}
