package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PaymentCardsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "41111111 11111111",
            "5555 5555 5555 4444", "5454545454545454", "2223 0031 2200 3222", "3782 822463 10005",
            "378282246310005", "6011 1111 1111 1117", "3530 1113 3330 0000", "6200 0000 0000 0005",
            "4222222222222", "4111 1111 1111 1111 110", "3622 720627 1667"})
    void findsLuhnValidCardNumbersOfKnownSchemes(String number) {
        assertEquals(List.of("PAYMENT_CARD:" + number), Detected.in("My card is " + number + ", thanks."));
    }

    @Test
    void aCardFollowedByItsExpiryDateIsCutAtTheCard() {
        assertEquals(List.of("PAYMENT_CARD:4111 1111 1111 1111"), Detected.in("4111 1111 1111 1111 12 28"));
        assertEquals(List.of("PAYMENT_CARD:4111 1111 1111 1111"), Detected.in("card 4111 1111 1111 1111 exp 12/28"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111 1111 1111 1112", "4111111111111112", "5555 5555 5555 4445",
            "1234 5678 1234 5670", "9234567812345673", "0000 0000 0000 0000", "22222222222222222",
            "3782 8224 6310 0051", "411111111111111111111", "4111 1111-1111 1111", "41 11 11 11 11 11 11 11",
            "EAN 4006381333924", "4111111111111111abc", "+4111111111111111", "order 4111.1111.1111.1111"})
    void leavesNumbersThatFailLuhnOrTheSchemeRulesAlone(String text) {
        assertEquals(List.of(), Detected.in(text));
    }

    @Test
    void findsEveryGeneratedValidNumberAndNoneWithItsLastDigitChanged() {
        Random random = new Random(7812);
        for (int i = 0; i < 200; i++) {
            StringBuilder payload = new StringBuilder("4");
            random.ints(14, 0, 10).forEach(payload::append);
            String valid = payload.toString() + luhnCheckDigit(payload);
            String invalid = payload.toString() + (luhnCheckDigit(payload) + 1) % 10;
            String grouped = valid.replaceAll("(\\d{4})(?=\\d)", "$1 ");
            assertEquals(List.of("PAYMENT_CARD:" + grouped), Detected.in("card " + grouped + " please"));
            assertEquals(List.of(), Detected.in("card " + invalid + " please"), invalid);
        }
    }

    private static int luhnCheckDigit(CharSequence payload) {
        for (int digit = 0; digit < 10; digit++) {
            if (Checksums.luhn(payload.toString() + digit)) {
                return digit;
            }
        }
        throw new AssertionError("Luhn always has a check digit");
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> PaymentCards.find(text)));
    }
}
