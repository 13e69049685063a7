/**
 * The plain ImageJ 1 plugin (menu entries from plugins.config) and the macro entry points (call(...)). Front end: nothing imports it.
 */
package org.imagestack.ij1;
