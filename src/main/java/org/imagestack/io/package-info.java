/**
 * Reading and writing image files with ImageJ's Opener and FileSaver, folders in natural order, and stacks made from files (fromPaths, fromFolder). Imports the adapters and storage packages and below.
 */
package org.imagestack.io;
