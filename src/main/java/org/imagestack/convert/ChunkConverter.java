package org.imagestack.convert;

/**
 * One planned conversion between two pixel types, applied to primitive arrays: a whole small image, or one cell of
 * an image held in cells. Made by {@link DtypeConversion#plan}, with the whole-image decisions already taken.
 * Stateless: one converter may run on several threads at once, each on its own arrays.
 */
@FunctionalInterface
public interface ChunkConverter {

	/**
	 * @param in the source pixels ({@code boolean[]}, {@code byte[]}, … {@code double[]} of the source type)
	 * @param out the target pixels, as long as {@code in}, of the target type; written, never read
	 */
	void convert(Object in, Object out);
}
