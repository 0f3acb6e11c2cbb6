package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextFingerprintTest {

    @Test
    void isTheSha256OfTheFoldedWords() {
        assertEquals(Optional.of("9ef6d756373b9c93740ddde03235fed00ffb00fae7e9ac50e45fc77e5bd15097"),
                TextFingerprint.of("Great product, would buy again!!"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "great   PRODUCT would buy again", "Great product... Would buy again :)", "GREAT PRODUCT - WOULD BUY AGAIN",
            "great-product would buy again", "  great product\nwould buy again 👍👍", "Gréât prödúct, would buy agäin"})
    void collidesForTextsThatDifferOnlyInCaseAccentsPunctuationAndSpacing(String text) {
        assertEquals(TextFingerprint.of("Great product, would buy again!!"), TextFingerprint.of(text));
    }

    @Test
    void foldsSharpSAndCompatibilityForms() {
        assertEquals(TextFingerprint.of("Die Strasse war sehr laut, leider"),
                TextFingerprint.of("Die Straße war sehr laut, leider"));
        assertEquals(TextFingerprint.of("ｆｕｌｌ ｗｉｄｔｈ text is the same"),
                TextFingerprint.of("full width text is the same"));
    }

    @Test
    void keepsDigitsAndWordsApart() {
        assertNotEquals(TextFingerprint.of("Arrived after 3 days, very happy"),
                TextFingerprint.of("Arrived after 5 days, very happy"));
        assertNotEquals(TextFingerprint.of("Great product would buy again"),
                TextFingerprint.of("Greatproduct would buyagain"));
        assertNotEquals(TextFingerprint.of("Great product, would buy again"),
                TextFingerprint.of("Great product, would not buy again"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Great!", "Great product!!", "Super, danke!!! 👍👍👍👍👍👍👍👍👍👍", "abcdefghij klmnopqrs", "", "!!! ??? ..."})
    void isEmptyForTextsTooShortToJudge(String text) {
        assertEquals(Optional.empty(), TextFingerprint.of(text));
    }

    @Test
    void twentyLettersAndDigitsAreEnough() {
        assertTrue(TextFingerprint.of("abcdefghij klmnopqrst").isPresent());
        assertTrue(TextFingerprint.of("Top 10 of 2026, A+++").isEmpty());
        assertTrue(TextFingerprint.of("Top 10 of 2026, really an A+++").isPresent());
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> TextFingerprint.of(text)));
    }
}
