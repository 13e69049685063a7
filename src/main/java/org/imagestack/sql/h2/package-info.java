/**
 * Everything that reaches into H2 beyond JDBC: opening files and URLs ({@code H2Opener}), the file system that notes
 * interrupts H2's {@code retry:} absorbs ({@code InterruptNotingPath}), H2's dialect, the file's
 * checks, the record of saves beside it, H2's {@code MVStore} (unsaved pages, freed space, idle and full
 * compaction) and the sockets of a remote session. Imports sql.store only.
 */
package org.imagestack.sql.h2;
