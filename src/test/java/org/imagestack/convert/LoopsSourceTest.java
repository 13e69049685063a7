package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/**
 * {@code Loops.java} is what {@link LoopsGenerator} writes from the rules. With {@code -Dloops.write=true} the test
 * rewrites it instead (then recompile and run the conversion tests).
 */
class LoopsSourceTest {

	@Test
	void generatedLoopsAreUpToDate() throws IOException {
		final String expected = LoopsGenerator.source();
		if (Boolean.getBoolean("loops.write")) Files.write(LoopsGenerator.FILE, expected.getBytes(
			StandardCharsets.UTF_8));
		assertEquals(expected, new String(Files.readAllBytes(LoopsGenerator.FILE), StandardCharsets.UTF_8),
			"Loops.java differs from what LoopsGenerator writes: run mvn -q test -Dtest=LoopsSourceTest " +
				"-Dloops.write=true");
	}
}
