package io.candor.common;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextNormalizerTest {

    @Test
    void normalisesTheWayTheApiPromises() {
        assertEquals("Café", TextNormalizer.normalize("  Cafe\u0301 \t"));
        assertEquals("a b", TextNormalizer.normalize("a\u0000\u0007 \u200B b"));
        assertEquals("one\n\ntwo", TextNormalizer.normalize("one\r\n\r\n\r\n\r\ntwo"));
        assertEquals("bidi", TextNormalizer.normalize("\u202Ebidi\u202C"));
        assertEquals("👩\u200D💻", TextNormalizer.normalize("👩\u200D💻"));
        assertEquals("one two", TextNormalizer.normalizeLine("one\ntwo"));
        assertEquals(3, TextNormalizer.length("a😀b"));
    }

    @Test
    void isIdempotentAndLeavesNoControlCharactersForRandomInput() {
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(80);
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(10);
                sb.appendCodePoint(pick < 4 ? 32 + random.nextInt(95) : pick < 6 ? random.nextInt(32) : pick < 8 ? 0x2000 + random.nextInt(0x70)
                        : random.nextInt(0x10FFFF));
            }
            String input = sb.toString();
            String once = TextNormalizer.normalize(input);
            assertEquals(once, TextNormalizer.normalize(once), "idempotent for " + input.codePoints().boxed().toList());
            assertTrue(once.codePoints().noneMatch(cp -> Character.getType(cp) == Character.CONTROL && cp != '\n'));
            assertFalse(once.startsWith(" ") || once.endsWith(" ") || once.startsWith("\n") || once.endsWith("\n"));
            assertTrue(TextNormalizer.length(once) <= TextNormalizer.length(input) + 1);
        }
    }
}
