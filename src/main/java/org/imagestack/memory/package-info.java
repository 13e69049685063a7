/**
 * The in-memory stack: every plane on the heap, copies shared copy-on-write. Imports the API, conversion and stack packages.
 */
package org.imagestack.memory;
