/**
 * Helpers for Jython scripts beyond what the stacks offer themselves (any Python callable as an ImageJ processor function). Front end: nothing imports it.
 */
package org.imagestack.jython;
