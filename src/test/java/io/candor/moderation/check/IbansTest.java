package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class IbansTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00",
            "DE89370400440532013000", "de89 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606",
            "NL91 ABNA 0417 1643 00", "CH93 0076 2011 6238 5295 7", "NO93 8601 1117 947", "BE68 5390 0754 7034"})
    void findsIbansThatPassMod97(String iban) {
        assertEquals(List.of("IBAN:" + iban), Detected.in("Please refund to " + iban + " today."));
    }

    @Test
    void anIbanEndsWhereItsCountrysLengthEnds() {
        assertEquals(List.of("IBAN:DE89 3704 0044 0532 0130 00"), Detected.in("DE89 3704 0044 0532 0130 00 12 Euro"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GB82 WEST 1234 5698 7654 33", "DE89 3704 0044 0532 0130 01", "DE89370400440532013001",
            "DE89 3704 0044 0532 0130 001", "DE89 3704 0044 0532 0130", "XX89 3704 0044 0532 0130 00",
            "DE89 3704 0044 0532 0130 00X", "Bestellung DE12 vom 20.11.2026", "GB82  WEST 1234 5698 7654 32"})
    void leavesLookAlikesThatFailTheCheckOrTheLengthAlone(String text) {
        assertEquals(List.of(), Detected.in(text));
    }

    @Test
    void findsEveryGeneratedValidIbanAndNoneWithOneDigitChanged() {
        Random random = new Random(13616);
        for (int i = 0; i < 200; i++) {
            StringBuilder bban = new StringBuilder();
            random.ints(18, 0, 10).forEach(bban::append);
            String valid = "DE" + checkDigits("DE", bban) + bban;
            int position = 4 + random.nextInt(18);
            char changed = (char) ('0' + (valid.charAt(position) - '0' + 1 + random.nextInt(9)) % 10);
            String invalid = valid.substring(0, position) + changed + valid.substring(position + 1);
            assertEquals(List.of("IBAN:" + valid), Detected.in("IBAN " + valid + " bitte"));
            assertFalse(Detected.in("IBAN " + invalid + " bitte").stream().anyMatch(found -> found.startsWith("IBAN")), invalid);
        }
    }

    /** ISO 13616: 98 minus the remainder of BBAN + country + "00", letters as 10..35, modulo 97. */
    private static String checkDigits(String country, CharSequence bban) {
        String numeric = bban + String.valueOf(country.charAt(0) - 'A' + 10) + (country.charAt(1) - 'A' + 10) + "00";
        int check = 98 - new BigInteger(numeric).mod(BigInteger.valueOf(97)).intValue();
        return String.format("%02d", check);
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> Ibans.find(text)));
    }
}
