/**
 * One cache of cells between the heap and a store: least recently used by bytes within a budget, changed cells
 * written back before they go, cells still in use never lost, and shed when the JVM's heap runs short. Knows nothing
 * of SQL or ImageJ: it imports only ImgLib2's {@code Dirty} and the JDK.
 */
package org.imagestack.cache;
