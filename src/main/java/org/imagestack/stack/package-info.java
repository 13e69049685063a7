/**
 * Stack semantics shared by every backend: java.util.List behaviour, Python-style indices and the Jython methods (their logic in org.imagestack.python), the (parallel) map and rolling map, lazy slices. One lock per stack (shared with its views) makes every call atomic for other threads. Imports the API and conversion; never names a concrete storage.
 */
package org.imagestack.stack;
