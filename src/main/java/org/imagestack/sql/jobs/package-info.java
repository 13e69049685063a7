/**
 * The distributed map: a work queue of planes in the database ({@code JobStore}), leases, and the worker that maps
 * planes and writes them back ({@code MapWorker}, {@code PlaneRewrite}). Imports sql.store and sql.cells.
 */
package org.imagestack.sql.jobs;
