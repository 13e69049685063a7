/**
 * Support for the CPython package ({@code python/imagestack_h2} in the repository, over JPype): planes copied
 * straight between a stack's cells and the memory of a numpy array, in one copy. Uses only the public face of the
 * stacks ({@link org.imagestack.ImageStack}, {@link org.imagestack.PixelType}, ImgLib2's cell images) and
 * {@link org.imagestack.convert.CellArrays}, through which a database plane hands out the cells its cache does not
 * hold without keeping them (as the Java side's own whole-plane copies read them).
 */
package org.imagestack.cpython;
