/**
 * The operations behind every front end (save, open, import, convert, apply, copy, delete, compact, list), free of dialogs. Imports everything below; only front ends import it.
 */
package org.imagestack.service;
