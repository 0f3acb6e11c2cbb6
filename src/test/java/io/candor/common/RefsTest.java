package io.candor.common;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ref shapes are checked without a regex; they accept exactly what the documented character class does. */
class RefsTest {

    @Test
    void theShapeCheckAcceptsExactlyTheDocumentedCharacterClass() {
        Pattern ref = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
        Pattern subject = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
        String alphabet = "aZz09._:-+@/ \t\u00e9\u0130\u212a\uD83D\uDE00,;'\"\\%\u0000\n";
        Random random = new Random(17);
        for (int n = 0; n < 50_000; n++) {
            int length = random.nextInt(4) == 0 ? 60 + random.nextInt(75) : random.nextInt(6);
            StringBuilder sb = new StringBuilder();
            boolean clean = random.nextBoolean();
            for (int i = 0; i < length; i++) {
                sb.append(clean ? "aZz09._:-".charAt(random.nextInt(9)) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertEquals(ref.matcher(s).matches(), Refs.isTransactionRef(s), s);
            assertEquals(subject.matcher(s).matches(), Refs.isSubjectRef(s), s);
            assertEquals(ref.matcher(s).matches() && !s.startsWith("+") && !s.startsWith("candor:"), Refs.isPartyRef(s), s);
        }
        assertFalse(Refs.isSubjectRef(null));
        assertFalse(Refs.isSubjectRef(""));
        assertTrue(Refs.isSubjectRef("x".repeat(128)));
        assertFalse(Refs.isSubjectRef("x".repeat(129)));
        assertFalse(Refs.isPartyRef("candor:anonymous-1"));
    }
}
