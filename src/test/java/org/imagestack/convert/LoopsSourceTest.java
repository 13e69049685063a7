package org.imagestack.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@code Loops.java} and {@code VectorLoops.java} are what {@link LoopsGenerator} and {@link VectorLoopsGenerator}
 * write from the rules. With {@code -Dloops.write=true} the test rewrites them instead (then recompile and run the
 * conversion tests).
 */
class LoopsSourceTest {

	@Test
	void generatedLoopsAreUpToDate() throws IOException {
		check(LoopsGenerator.FILE, LoopsGenerator.source());
	}

	@Test
	void generatedVectorLoopsAreUpToDate() throws IOException {
		check(VectorLoopsGenerator.FILE, VectorLoopsGenerator.source());
	}

	private static void check(final Path file, final String expected) throws IOException {
		if (Boolean.getBoolean("loops.write")) Files.write(file, expected.getBytes(StandardCharsets.UTF_8));
		assertEquals(expected, new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.getFileName() +
			" differs from what its generator writes: run mvn -q test -Dtest=LoopsSourceTest -Dloops.write=true");
	}
}
