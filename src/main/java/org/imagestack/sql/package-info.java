/**
 * Stacks kept in a database, the public face: {@link org.imagestack.sql.SqlImageStack}, the database handle
 * {@link org.imagestack.sql.StackDatabase} and {@link org.imagestack.sql.Recovery}. It opens a database by its address
 * (the dialect's package), joins the cells ({@code sql.cells}) to their store ({@code sql.store}) and runs distributed
 * maps ({@code sql.jobs}). Imports every storage package below it; never ImageJ.
 */
package org.imagestack.sql;
