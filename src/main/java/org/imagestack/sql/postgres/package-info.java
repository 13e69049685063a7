/** PostgreSQL's dialect: how it connects, its column types and how its errors read. Imports sql.store only. */
package org.imagestack.sql.postgres;
