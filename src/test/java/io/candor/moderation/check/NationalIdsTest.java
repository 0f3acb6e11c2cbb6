package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class NationalIdsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "US SSN written with dashes             | 123-45-6789",
            "China resident ID (GB 11643 example)   | 11010519491231002X",
            "China resident ID, lower-case check    | 11010519491231002x",
            "China resident ID, digit check         | 440304199001011233",
            "UK National Insurance number           | AB123456C",
            "UK National Insurance number, spaced   | AB 12 34 56 C",
            "German tax ID (BZSt example)           | 86095742719",
            "German tax ID, official spacing        | 86 095 742 719",
            "German tax ID, one digit twice         | 12345678995",
            "German tax ID, one digit three times   | 33958371401",
            "Spanish DNI                            | 12345678Z",
            "Spanish DNI with dash                  | 12345678-Z",
            "Spanish NIE X                          | X1234567L",
            "Spanish NIE Y                          | Y2345678Z",
            "Spanish NIE Z                          | Z7654321H"})
    void findsIdentityNumbersWithValidStructureAndCheckDigit(String what, String id) {
        assertEquals(List.of("NATIONAL_ID:" + id), Detected.in("My number is " + id + ", as you asked."), what);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "My SSN is 123456789                          | 123456789",
            "social security number: 123 45 6789          | 123 45 6789",
            "SSN# 123-45-6789                             | 123-45-6789",
            "BSN: 111222333                               | 111222333",
            "mijn burgerservicenummer is 123456782        | 123456782",
            "BSN 1112.22.333                              | 1112.22.333"})
    void findsNumbersThatNeedTheirKeywordAfterIt(String text, String id) {
        assertEquals(List.of("NATIONAL_ID:" + id), Detected.in(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SSN area 000                          | 000-12-3456",
            "SSN area 666                          | 666-12-3456",
            "SSN area 9xx                          | 900-12-3456",
            "SSN group 00                          | 123-00-6789",
            "SSN serial 0000                       | 123-45-0000",
            "9 digits without SSN keyword          | order 123456789",
            "SSN keyword, invalid area             | SSN 666123456",
            "China ID, wrong check character       | 110105194912310021",
            "China ID, 30 February                 | 110105194902300020",
            "China ID, unknown province 99         | 990105194912310023",
            "China ID, born in 2030                | 11010520300101001X",
            "NINO, HMRC specimen QQ (Q disallowed) | QQ 12 34 56 C",
            "NINO, first letter D                  | DA123456C",
            "NINO, second letter O                 | AO123456C",
            "NINO, excluded prefix GB              | GB123456A",
            "NINO, excluded prefix NK              | NK123456A",
            "NINO, suffix E                        | AB123456E",
            "NINO, lower case                      | ab123456c",
            "tax ID, wrong check digit             | 86095742718",
            "tax ID, two digits repeated           | 47159372100",
            "tax ID, three in a row                | 33389571407",
            "tax ID, no digit repeated             | 12345678903",
            "BSN failing the eleven-test           | BSN 123456789",
            "BSN without its keyword               | order 123456782",
            "DNI, wrong letter                     | 12345678A",
            "DNI, lower-case letter                | 12345678z",
            "NIE, wrong letter                     | X1234567A"})
    void leavesNumbersWithTheWrongStructureOrCheckDigitAlone(String what, String text) {
        assertEquals(List.of(), Detected.in(text), what);
    }

    @Test
    void findsEveryGeneratedChinaResidentIdAndNoneWithAWrongCheckCharacter() {
        Random random = new Random(11643);
        List<String> provinces = List.of("11", "31", "44", "51", "65", "82");
        for (int i = 0; i < 200; i++) {
            LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 75));
            String first17 = provinces.get(random.nextInt(provinces.size()))
                    + String.format("%04d", random.nextInt(10_000))
                    + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + String.format("%03d", random.nextInt(1000));
            char check = Checksums.chinaIdCheckChar(first17);
            char wrong = "0123456789X".charAt(("0123456789X".indexOf(check) + 1 + random.nextInt(10)) % 11);
            assertEquals(List.of("NATIONAL_ID:" + first17 + check), Detected.in("ID " + first17 + check));
            assertFalse(Detected.in("ID " + first17 + wrong).stream().anyMatch(found -> found.startsWith("NATIONAL_ID")));
        }
    }

    @Test
    void findsEveryGeneratedGermanTaxIdAndNoneWithAWrongCheckDigit() {
        Random random = new Random(2016);
        int generated = 0;
        while (generated < 200) {
            List<Integer> digits = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
            digits.set(9, random.nextInt(9));
            Collections.shuffle(digits, random);
            if (digits.get(0) == 0) {
                continue;
            }
            generated++;
            StringBuilder first10 = new StringBuilder();
            digits.forEach(first10::append);
            int check = Checksums.germanTaxIdCheckDigit(first10);
            assertEquals(List.of("NATIONAL_ID:" + first10 + check), Detected.in("Steuer-ID " + first10 + check));
            assertEquals(List.of(), Detected.in("Steuer-ID " + first10 + (check + 1) % 10));
        }
    }

    @Test
    void elevenDigitsWithALeadingZeroAreATaxIdNeverButCanBeAPhoneNumber() {
        // 0123456789 + 6 would pass MOD 11,10; tax IDs never start with 0, German phone numbers always do.
        assertEquals(List.of("PHONE:01234567896"), Detected.in("01234567896"));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> NationalIds.find(text)));
    }
}
