/**
 * The JDBC catalog and cell tables, on any database: the connection ({@code Database}), the schema, the catalog of
 * stacks, the cell rows, the committed reader, logins, and {@code JdbcStackCells}, the cells' seam over them. What
 * differs between databases is a {@code Dialect}; what an embedded database does besides JDBC is a
 * {@code LocalStore}; both are implemented above (sql.h2, sql.postgres). Imports sql.cells; never H2's internals.
 */
package org.imagestack.sql.store;
