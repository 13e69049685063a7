package org.imagestack.sql.store;

import static org.imagestack.sql.store.Mentions.assertMentions;
import static org.imagestack.sql.store.StoreFiles.behindItsBack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagestack.CorruptDatabaseException;
import org.imagestack.PixelType;
import org.imagestack.sql.SqlImageStack;
import org.imagestack.stack.AbstractImageStackTest;

/**
 * The rows' checksums against changes a plain text of the values would not see: a checksum gone (NULL), and values
 * whose characters shift between neighbouring columns (the separator and its escape inside a name).
 */
class RowChecksTest {

	@TempDir
	Path dir;

	private String db() {
		return dir.resolve("d").toString();
	}

	private void save(final String name) {
		try (SqlImageStack s = SqlImageStack.create(db(), name, PixelType.UINT8, 1)) {
			s.addImage(AbstractImageStackTest.ramp(1, 30, 20));
			s.addImage(AbstractImageStackTest.ramp(2, 30, 20));
			s.saveState();
		}
	}

	/** Opens every stack and reads every pixel. */
	private CorruptDatabaseException damaged() {
		return assertThrows(CorruptDatabaseException.class, () -> {
			for (final String name : SqlImageStack.stackNames(db()))
				try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), name, 1)) {
					for (int i = 0; i < s.size(); i++)
						AbstractImageStackTest.pixels(s.get(i));
				}
		});
	}

	@Test
	void aStackRowWithoutItsChecksumIsDamageNamingTheRow() throws Exception {
		save("s");
		behindItsBack(db(), "UPDATE STACKS SET ROW_CRC = NULL");
		assertMentions(damaged(), "d.mv.db", "stack 1", "'s'", "has none");
	}

	@Test
	void aPlaneRowWithoutItsChecksumIsDamageNamingTheRow() throws Exception {
		save("s");
		// the stack's row sums its planes' checksums: sealed again, so that only the plane's row is wrong
		behindItsBack(db(), "UPDATE PLANES SET ROW_CRC = NULL WHERE POS = (SELECT MAX(POS) FROM PLANES)");
		try (var c = StoreFiles.raw(db(), "")) {
			RowChecks.sealStack(c, 1, 4);
		}
		assertMentions(damaged(), "d.mv.db", "plane", "of stack 1", "has none");
	}

	@Test
	void aChecksumOfZeroIsNotTakenForNone() throws Exception {
		save("s");
		behindItsBack(db(), "UPDATE STACKS SET ROW_CRC = 0");
		assertMentions(damaged(), "d.mv.db", "'s'", "does not match its checksum");
	}

	/** "x|\" of uint8 and "x\" of "|uint8" would read alike if the separator's escape were not escaped itself. */
	@Test
	void anEscapeShiftedBetweenNameAndPixelTypeIsSeen() throws Exception {
		save("x|\\");
		behindItsBack(db(), "UPDATE STACKS SET NAME = 'x\\', PIXEL_TYPE = '|uint8'");
		assertMentions(damaged(), "d.mv.db", "damaged", "stack 1");
	}

	/** "s|uint8" of uint8 and "s" of "uint8|uint8" would read alike if the separator were not escaped. */
	@Test
	void aSeparatorShiftedBetweenNameAndPixelTypeIsSeen() throws Exception {
		save("s|uint8");
		behindItsBack(db(), "UPDATE STACKS SET NAME = 's', PIXEL_TYPE = 'uint8|uint8'");
		assertMentions(damaged(), "d.mv.db", "damaged", "stack 1");
	}

	@Test
	void namesWithTheSeparatorAndItsEscapeReadBack() {
		save("x|\\");
		save("s|uint8");
		assertEquals(java.util.List.of("x|\\", "s|uint8"), SqlImageStack.stackNames(db()));
		try (SqlImageStack s = SqlImageStack.loadFromDatabase(db(), "x|\\", 1)) {
			assertEquals(AbstractImageStackTest.pixels(AbstractImageStackTest.ramp(2, 30, 20)), AbstractImageStackTest
				.pixels(s.get(1)));
		}
	}
}
