package org.imagestack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class of the tests in a second JVM (another process), with the tests' class path. */
public final class ChildJvm implements AutoCloseable {

	private final Process process;
	private final BufferedReader out;

	private ChildJvm(final Process process) {
		this.process = process;
		this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * @param maxHeap e.g. {@code "256m"}, or null for the default
	 * @param main the class to run
	 * @param args its arguments
	 * @return the running child; its stderr goes to this process's stderr
	 */
	public static ChildJvm start(final String maxHeap, final Class<?> main, final String... args)
		throws IOException
	{
		return start(java.util.Map.of(), maxHeap, main, args);
	}

	/**
	 * As {@link #start(String, Class, String...)} with environment variables set (or, for a null value, removed).
	 */
	public static ChildJvm start(final java.util.Map<String, String> env, final String maxHeap, final Class<?> main,
		final String... args) throws IOException
	{
		return start(env, List.of(), maxHeap, main, args);
	}

	/**
	 * As {@link #start(java.util.Map, String, Class, String...)} with more options for the child's JVM, e.g.
	 * {@code -XX:ActiveProcessorCount=2}.
	 */
	public static ChildJvm start(final java.util.Map<String, String> env, final List<String> jvmOptions,
		final String maxHeap, final Class<?> main, final String... args) throws IOException
	{
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		if (maxHeap != null) cmd.add("-Xmx" + maxHeap);
		cmd.addAll(jvmOptions);
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(main.getName());
		for (final String a : args)
			cmd.add(a);
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
		env.forEach((k, v) -> {
			if (v == null) pb.environment().remove(k);
			else pb.environment().put(k, v);
		});
		return new ChildJvm(pb.start());
	}

	/** Sends the child a line on its standard input. */
	public void send(final String line) throws IOException {
		process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().flush();
	}

	/** @return the child's next line of output, or null at its end */
	public String readLine() throws IOException {
		return out.readLine();
	}

	/** Waits for a line starting with {@code prefix}, returning it (null when the output ends first). */
	public String await(final String prefix) throws IOException {
		for (String line; (line = readLine()) != null;)
			if (line.startsWith(prefix)) return line;
		return null;
	}

	/** @return the exit code, waiting at most {@code seconds} (then the child is killed and -1 returned) */
	public int waitFor(final long seconds) throws InterruptedException {
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			return -1;
		}
		return process.exitValue();
	}

	/** Kills the child at once (SIGKILL on Linux, as kill -9), and waits for it to be gone. */
	public void kill() throws InterruptedException {
		process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}
}
