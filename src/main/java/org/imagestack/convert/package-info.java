/**
 * scikit-image's dtype conversion on primitive arrays and ImgLib2 images, colour to grey, and small plane helpers. Imports only the API package and ImgLib2 (and {@code VectorLoops}, compiled apart from {@code src/main/vector}, the optional {@code jdk.incubator.vector}).
 */
package org.imagestack.convert;
