/**
 * The API and pixel types: {@link org.imagestack.ImageStack}, {@link org.imagestack.PixelType}, the plane functions and the exceptions every backend throws. Imports only ImgLib2; every other package of this project may import it, it imports none of them.
 */
package org.imagestack;
