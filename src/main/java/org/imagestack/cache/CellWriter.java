package org.imagestack.cache;

/**
 * Writes a changed cell's data back to its store, before the cache lets it go or when it is flushed. Called outside
 * the cache's lock, possibly from several threads at once (each with its own cell).
 *
 * @param <K> the cell's key
 * @param <D> the cell's data
 */
@FunctionalInterface
public interface CellWriter<K, D> {

	/**
	 * @param key the cell's key
	 * @param data the data to write; a failure leaves the cell changed (it is written again later)
	 */
	void write(K key, D data);
}
