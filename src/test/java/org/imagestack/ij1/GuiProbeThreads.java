package org.imagestack.ij1;

/**
 * The dialog probes of {@link GuiProbe} running (in the probe jar with it: its name starts with GuiProbe), so
 * that a macro waits for them to press or give up
 * ({@code call("org.imagestack.ij1.GuiProbeThreads.await", "10")}) instead of waiting a fixed time.
 */
public final class GuiProbeThreads {

	private static final java.util.List<Thread> PROBES = new java.util.concurrent.CopyOnWriteArrayList<>();

	private GuiProbeThreads() {}

	/** Starts a probe thread, noting it. */
	static void start(final Thread t) {
		PROBES.add(t);
		t.start();
	}

	/**
	 * Waits until every dialog probe started so far has pressed its button or given up (at most {@code seconds}),
	 * instead of a fixed wait in the macro.
	 *
	 * @return "ok", or "timeout" when one still waits
	 */
	public static String await(final String seconds) {
		final long end = System.currentTimeMillis() + 1000 * Long.parseLong(seconds);
		for (final Thread t : PROBES) {
			try {
				t.join(Math.max(1, end - System.currentTimeMillis()));
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				return "timeout";
			}
			if (t.isAlive()) return "timeout";
			PROBES.remove(t);
		}
		drawn();
		return "ok";
	}

	/** Waits until the event queue has handled what was posted so far (a window shown is drawn), twice. */
	static void drawn() {
		try {
			for (int i = 0; i < 2; i++) {
				java.awt.EventQueue.invokeAndWait(() -> {});
				java.awt.Toolkit.getDefaultToolkit().sync();
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (final java.lang.reflect.InvocationTargetException e) {
			throw new IllegalStateException(e);
		}
	}
}
