package org.imagestack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names that only look different must not name different stacks (issue 12, item 13). */
class StackNamesTest {

	@Test
	void ordinaryNamesPassUnchanged() {
		for (final String name : new String[] { "specimen", "series-2", "Probe 7 (links)", "Bruchbild_ä", "試料",
			"a b", "x\u00A0y" })
			assertEquals(name, StackNames.check(name));
	}

	@Test
	void namesAreNormalisedToNfc() {
		final String nfd = "Probe e\u0301"; // e + combining acute
		final String nfc = "Probe \u00e9";
		assertEquals(nfc, StackNames.check(nfd));
		assertEquals(nfc, StackNames.check(nfc));
		assertEquals(StackNames.check("A\u030A"), StackNames.check("\u00C5"), "A + ring is Å");
	}

	@Test
	void emptyAndBlankNamesAreRefused() {
		assertThrows(NullPointerException.class, () -> StackNames.check(null));
		for (final String name : new String[] { "", " ", "   ", "\t", "\u00A0", "\u3000 " })
			assertRefused(name, "empty or blank");
	}

	@Test
	void surroundingBlanksAreRefusedNotTrimmed() {
		for (final String name : new String[] { "Abc ", " Abc", "Abc\u00A0", "\u2003Abc" })
			assertRefused(name, "start or end with a blank");
	}

	@Test
	void controlAndBidiCharactersAreRefused() {
		assertRefused("a\u0000b", "control character U+0000");
		assertRefused("a\nb", "control character U+000A");
		assertRefused("a\u007Fb", "control character U+007F");
		assertRefused("a\u0085b", "control character U+0085");
		assertRefused("a\u2028b", "separator U+2028");
		for (final int c : new int[] { 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E,
			0x200F, 0x061C })
			assertRefused("abc" + (char) c + "def", "bidirectional formatting character " + String.format("U+%04X", c));
		assertRefused("a\uD800b", "lone UTF-16 surrogate U+D800");
		assertEquals("emoji \uD83D\uDE00", StackNames.check("emoji \uD83D\uDE00"), "a surrogate pair is fine");
	}

	@Test
	void theMessageShowsInvisibleCharacters() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StackNames.check(
			"evil\u202Egpj.exe"));
		assertTrue(e.getMessage().contains("\"evil\\u{202E}gpj.exe\""), e.getMessage());
		assertTrue(e.getMessage().contains("at index 4"), e.getMessage());
	}

	private static void assertRefused(final String name, final String why) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StackNames.check(name),
			name);
		assertTrue(e.getMessage().contains(why), e.getMessage());
	}
}
