/**
 * ImageJ 1 adapters: planes as ImagePlus/ImageProcessor and back, a database stack as an ImageJ virtual stack, ImageJ commands as plane functions. Imports the storage packages and below; no commands, no service.
 */
package org.imagestack.imagej;
