/**
 * Stacks kept in a database: the catalog, the cells and their codec, the cache between them and the heap, transactions. Imports the API, conversion, stack and memory packages; never ImageJ.
 */
package org.imagestack.sql;
