package org.imagestack;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.logic.BitType;
import net.imglib2.type.logic.BoolType;
import net.imglib2.type.logic.NativeBoolType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedLongType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;

/**
 * The pixel types of an image stack: numpy's dtype names mapped onto ImgLib2 types.
 * <p>
 * Every stack holds its planes in one pixel type; planes of another type are converted on the way in with
 * {@code org.imagestack.convert.DtypeConversion}, which gives exactly the values of scikit-image's
 * {@code skimage.util.dtype._convert} (0.19): the conversion CrackDect uses.
 * </p>
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>numpy</th><th>ImgLib2</th><th>bytes</th><th>range</th></tr>
 * <tr><td>bool</td><td>{@link NativeBoolType}</td><td>1</td><td>false, true</td></tr>
 * <tr><td>uint8</td><td>{@link UnsignedByteType}</td><td>1</td><td>0 .. 255</td></tr>
 * <tr><td>int8</td><td>{@link ByteType}</td><td>1</td><td>-128 .. 127</td></tr>
 * <tr><td>uint16</td><td>{@link UnsignedShortType}</td><td>2</td><td>0 .. 65535</td></tr>
 * <tr><td>int16</td><td>{@link ShortType}</td><td>2</td><td>-32768 .. 32767</td></tr>
 * <tr><td>uint32</td><td>{@link UnsignedIntType}</td><td>4</td><td>0 .. 2^32-1</td></tr>
 * <tr><td>int32</td><td>{@link IntType}</td><td>4</td><td>-2^31 .. 2^31-1</td></tr>
 * <tr><td>uint64</td><td>{@link UnsignedLongType}</td><td>8</td><td>0 .. 2^64-1</td></tr>
 * <tr><td>int64</td><td>{@link LongType}</td><td>8</td><td>-2^63 .. 2^63-1</td></tr>
 * <tr><td>float32</td><td>{@link FloatType}</td><td>4</td><td>-1 .. 1 (nominal)</td></tr>
 * <tr><td>float64</td><td>{@link DoubleType}</td><td>8</td><td>-1 .. 1 (nominal)</td></tr>
 * </table>
 */
public enum PixelType {
	BOOL("bool", 'b', 1, NativeBoolType::new),
	UINT8("uint8", 'u', 1, UnsignedByteType::new),
	INT8("int8", 'i', 1, ByteType::new),
	UINT16("uint16", 'u', 2, UnsignedShortType::new),
	INT16("int16", 'i', 2, ShortType::new),
	UINT32("uint32", 'u', 4, UnsignedIntType::new),
	INT32("int32", 'i', 4, IntType::new),
	UINT64("uint64", 'u', 8, UnsignedLongType::new),
	INT64("int64", 'i', 8, LongType::new),
	FLOAT32("float32", 'f', 4, FloatType::new),
	FLOAT64("float64", 'f', 8, DoubleType::new);

	private final String numpyName;
	private final char kind;
	private final int bytesPerPixel;
	private final Supplier<? extends NativeType<?>> factory;

	PixelType(final String numpyName, final char kind, final int bytesPerPixel,
		final Supplier<? extends NativeType<?>> factory)
	{
		this.numpyName = numpyName;
		this.kind = kind;
		this.bytesPerPixel = bytesPerPixel;
		this.factory = factory;
	}

	/** @return numpy's name of this type, e.g. {@code "uint8"}. */
	public String numpyName() {
		return numpyName;
	}

	/** @return numpy's kind character: {@code b} bool, {@code u} unsigned, {@code i} signed, {@code f} float. */
	public char kind() {
		return kind;
	}

	/** @return bytes one pixel takes in memory and on disk. */
	public int bytesPerPixel() {
		return bytesPerPixel;
	}

	/** @return bits of one pixel (8 for bool, as numpy stores it). */
	public int bits() {
		return 8 * bytesPerPixel;
	}

	/** @return whether this is {@link #FLOAT32} or {@link #FLOAT64}. */
	public boolean isFloat() {
		return kind == 'f';
	}

	/** @return whether this is one of the eight integer types. */
	public boolean isInteger() {
		return kind == 'u' || kind == 'i';
	}

	/** @return the nominal minimum of skimage's {@code dtype_range}: 0 for bool and unsigned, -1 for floats. */
	public double rangeMin() {
		switch (kind) {
			case 'i': return -Math.pow(2, bits() - 1);
			case 'f': return -1;
			default: return 0;
		}
	}

	/** @return the nominal maximum of skimage's {@code dtype_range}: 1 for bool and floats. */
	public double rangeMax() {
		switch (kind) {
			case 'u': return Math.pow(2, bits()) - 1;
			case 'i': return Math.pow(2, bits() - 1) - 1;
			default: return 1;
		}
	}

	/** @return a new ImgLib2 type instance of this pixel type. */
	@SuppressWarnings("unchecked")
	public <T extends NativeType<T> & RealType<T>> T createType() {
		return (T) factory.get();
	}

	/**
	 * Creates a new zero-filled array image of this type.
	 *
	 * @param dims the image's dimensions (X, Y[, C])
	 * @return the new image
	 */
	public <T extends NativeType<T> & RealType<T>> ArrayImg<T, ?> createImg(final long... dims) {
		final T t = createType();
		return new ArrayImgFactory<>(t).create(dims);
	}

	/**
	 * Parses a numpy dtype name.
	 *
	 * @param name e.g. {@code "uint8"}, {@code "Float32"}, {@code "bool"} (case-insensitive, trimmed)
	 * @return the type
	 * @throws IllegalArgumentException naming the valid names when {@code name} is not one of them
	 */
	public static PixelType parse(final String name) {
		if (name != null) {
			final String key = name.trim().toLowerCase(Locale.ROOT);
			for (final PixelType t : values())
				if (t.numpyName.equals(key)) return t;
		}
		throw new IllegalArgumentException("Unknown or unsupported pixel type '" + name +
			"'; valid names: " + names());
	}

	/** @return the valid type names, comma separated, in declaration order. */
	public static String names() {
		return Arrays.stream(values()).map(PixelType::numpyName).collect(Collectors.joining(", "));
	}

	/**
	 * Tells the pixel type of an ImgLib2 image.
	 *
	 * @param img an image whose type is one of the mapped ImgLib2 types ({@link BitType} and {@link BoolType}
	 *          count as {@link #BOOL})
	 * @return its pixel type
	 * @throws IllegalArgumentException naming the ImgLib2 type when it maps to none
	 */
	public static PixelType of(final RandomAccessibleInterval<?> img) {
		return ofType(Util.getTypeFromInterval(img));
	}

	/**
	 * Tells the pixel type of an ImgLib2 type instance.
	 *
	 * @param type a pixel of an image
	 * @return its pixel type
	 * @throws IllegalArgumentException naming the ImgLib2 type when it maps to none
	 */
	public static PixelType ofType(final Object type) {
		if (type instanceof NativeBoolType || type instanceof BitType || type instanceof BoolType) return BOOL;
		if (type instanceof UnsignedByteType) return UINT8;
		if (type instanceof ByteType) return INT8;
		if (type instanceof UnsignedShortType) return UINT16;
		if (type instanceof ShortType) return INT16;
		if (type instanceof UnsignedIntType) return UINT32;
		if (type instanceof IntType) return INT32;
		if (type instanceof UnsignedLongType) return UINT64;
		if (type instanceof LongType) return INT64;
		if (type instanceof FloatType) return FLOAT32;
		if (type instanceof DoubleType) return FLOAT64;
		throw new IllegalArgumentException("Unsupported ImgLib2 pixel type " +
			(type == null ? "null" : type.getClass().getName()) + "; supported are the types of " + names());
	}

	@Override
	public String toString() {
		return numpyName;
	}
}
