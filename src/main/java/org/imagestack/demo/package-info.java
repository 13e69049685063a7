/**
 * The headless demo (mvn exec:java): a synthetic specimen series paged through an embedded H2 database. Front end.
 */
package org.imagestack.demo;
