/**
 * Python's idioms on any image stack, for Jython: the sequence protocol ({@code s[i]}, {@code s[a:b] = images},
 * {@code del s[...]}, with Python's errors) and Python callables as plane functions. Knows the API and conversion,
 * never a stack class: {@code org.imagestack.stack.AbstractImageStack} declares the {@code __getitem__} family
 * (Jython looks for them on the stack's class) and delegates here. Only Jython calls it.
 */
package org.imagestack.python;
