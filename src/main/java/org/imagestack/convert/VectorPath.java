package org.imagestack.convert;

import org.imagestack.PixelType;

/**
 * The optional Vector API loops ({@code VectorLoops}): used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (Java 17 or later), else every pair runs its scalar loop of {@link Loops}.
 * {@code VectorLoops} is compiled apart, for Java 17 with that module (this project otherwise compiles for Java 11), so
 * this class cannot name it: it is loaded by name, once, and only when the module is there. System property
 * {@code imagestack.vector=false} turns it off.
 */
final class VectorPath {

	/** The vector loops of some pairs. */
	interface LoopSet {

		/** @return the pair's vector loop (same arguments as {@link Loops#loop}), null when it has none */
		Chunks.RangeLoop loop(PixelType from, PixelType to, boolean fits);

		/** @return the pair's measuring vector loop (as {@link Loops#measuringLoop}), null when it has none */
		Chunks.MeasuringLoop measuringLoop(PixelType from, PixelType to);
	}

	/** The vector loops, null when the JVM has no Vector API (or they are turned off). */
	static final LoopSet LOOPS = load();

	private VectorPath() {}

	private static LoopSet load() {
		if (!Boolean.parseBoolean(System.getProperty("imagestack.vector", "true")) || Runtime.version().feature() < 17 ||
			!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return null;
		try {
			return (LoopSet) Class.forName(VectorPath.class.getPackageName() + ".VectorLoops").getDeclaredConstructor()
				.newInstance();
		}
		catch (final ReflectiveOperationException | LinkageError e) {
			return null; // a jar built without them
		}
	}

	/**
	 * Whether masks are stored into {@code boolean[]} by vector instructions: not by OpenJDK 17, which goes through a
	 * temporary array per vector (measured: slower than the scalar loop); from 18 on (measured with 25: a tenth of the
	 * scalar loop's time).
	 */
	private static final boolean MASK_STORE = Runtime.version().feature() >= 18;

	/** @return the pair's vector loop, null when it has none (to bool: on Java 17) or there is no Vector API */
	static Chunks.RangeLoop loop(final PixelType from, final PixelType to, final boolean fits) {
		return LOOPS == null || to == PixelType.BOOL && !MASK_STORE ? null : LOOPS.loop(from, to, fits);
	}

	/** @return the float to integer pair's measuring vector loop, null when it has none or there is no Vector API */
	static Chunks.MeasuringLoop measuringLoop(final PixelType from, final PixelType to) {
		return LOOPS == null ? null : LOOPS.measuringLoop(from, to);
	}
}
