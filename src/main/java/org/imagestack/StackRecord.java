package org.imagestack;

import java.time.LocalDateTime;

/** What the catalog says about one saved stack. Immutable. */
public final class StackRecord {

	private final long id;
	private final String name;
	private final PixelType type;
	private final int planeCount;
	private final long sizeBytes;
	private final LocalDateTime created;
	private final LocalDateTime modified;
	private final String metadata;
	private final Compression compression;
	private final int cellBytes;
	private final long version;

	public StackRecord(final long id, final String name, final PixelType type, final int planeCount, final long sizeBytes,
		final LocalDateTime created, final LocalDateTime modified, final String metadata, final Compression compression,
		final int cellBytes, final long version)
	{
		this.compression = compression;
		this.cellBytes = cellBytes;
		this.version = version;
		this.id = id;
		this.name = name;
		this.type = type;
		this.planeCount = planeCount;
		this.sizeBytes = sizeBytes;
		this.created = created;
		this.modified = modified;
		this.metadata = metadata;
	}

	/** @return the catalog's key of the stack */
	public long id() {
		return id;
	}

	public String name() {
		return name;
	}

	/** @return the saved pixel type */
	public PixelType type() {
		return type;
	}

	/** @return the saved number of planes */
	public int planeCount() {
		return planeCount;
	}

	/** @return bytes of pixel data saved (uncompressed) */
	public long sizeBytes() {
		return sizeBytes;
	}

	public LocalDateTime created() {
		return created;
	}

	public LocalDateTime modified() {
		return modified;
	}

	/** @return free-form text stored with the stack, or null */
	public String metadata() {
		return metadata;
	}

	/** @return whether new cells of this stack are stored compressed (by any codec) */
	public boolean compressed() {
		return compression != Compression.NONE;
	}

	/** @return how new cells of this stack are compressed */
	public Compression compression() {
		return compression;
	}

	/** @return the most bytes one cell of a new plane has */
	public int cellBytes() {
		return cellBytes;
	}

	/** @return how many times the stack was saved (the version a handle's save is checked against) */
	public long version() {
		return version;
	}

	@Override
	public String toString() {
		return name + " (" + planeCount + " planes, " + type + ", " + sizeBytes + " bytes, modified " + modified + ")";
	}
}
