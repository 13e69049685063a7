/**
 * Planes as cells, with no JDBC: the plane list and its transaction ({@code PagedPlanes}), the one cell cache between
 * storage and the heap ({@code PlaneCells}), the ImgLib2 images over them, the cell codec and checksums. Storage is
 * reached only through the small seam {@link org.imagestack.sql.cells.StackCells}. Imports the API, conversion, stack
 * and cache packages, and the codec libraries (LZ4: {@code net.jpountz.lz4}; Zstandard: {@code com.github.luben.zstd},
 * only in {@code FastCodecs}); never a database.
 */
package org.imagestack.sql.cells;
