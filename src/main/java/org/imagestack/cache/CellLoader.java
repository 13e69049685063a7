package org.imagestack.cache;

/**
 * Loads a cell that is not in the cache, from its store.
 *
 * @param <K> the cell's key
 * @param <V> the cell
 */
@FunctionalInterface
public interface CellLoader<K, V> {

	/**
	 * @param key the cell's key
	 * @return the cell, clean
	 */
	V load(K key);
}
