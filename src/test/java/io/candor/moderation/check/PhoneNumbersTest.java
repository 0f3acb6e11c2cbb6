package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "+49 151 2345 6789", "+4915123456789", "+49-151-2345-6789", "+49 (0)151 23456789", "0049 151 23456789",
            "+1 (415) 555-0132", "+44 20 7946 0958", "+33 1 23 45 67 89",
            "0151 23456789", "01512345678", "015123456789", "(030) 1234567", "030 1234567", "030/1234567",
            "030-123 456-78", "020 7946 0958", "07700 900123", "01 23 45 67 89", "01.23.45.67.89", "06-12345678",
            "415-555-0132", "(415) 555-0132", "415.555.0132", "415 555 0132", "1-415-555-0132"})
    void findsPhoneNumbersInInternationalAndNationalForms(String number) {
        assertEquals(List.of("PHONE:" + number), Detected.in("Call me on " + number + " after six."));
    }

    @Test
    void findsANumberAtTheEdgesOfTheTextAndInBrackets() {
        assertEquals(List.of("PHONE:0151 23456789"), Detected.in("0151 23456789"));
        assertEquals(List.of("PHONE:0151 23456789"), Detected.in("(call 0151 23456789)"));
        assertEquals(List.of("PHONE:0151 23456789"), Detected.in("Tel.:0151 23456789"));
        assertEquals(List.of("PHONE:+49 151 2345 6789", "PHONE:030 1234567"),
                Detected.in("Mobile +49 151 2345 6789, landline 030 1234567."));
    }

    @Test
    void anInternationalNumberIsNotAlsoACardWhenItsDigitsPassLuhn() {
        // 4915123456787 would be a Luhn-valid 13-digit Visa number without the '+'.
        assertEquals(List.of("PHONE:+49 151 2345 6787"), Detected.in("Ring +49 151 2345 6787 please"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "It cost €1,299.00 in the end", "It cost $1,299.99", "Preis 1.299,00 € statt 1.499,00 €", "Only 0,99 €",
            "Delivered on 2026-11-20", "Geliefert am 20.11.2026", "Geliefert am 01.12.2026", "due 01/12/26",
            "arrived 11/20/2026", "between 10:30 and 12:00", "ab 10.30 Uhr", "at 2026-11-20 10:00",
            "order ord-1001 arrived", "order #123456 arrived", "Bestellnummer 1234567890", "order 0012345678",
            "model X100", "3 x 250 ml", "I waited 3 days", "5 stars", "0.5 kg", "ratio 0.123456789",
            "ISBN 0-306-40615-2", "ISBN 978-3-16-148410-0", "tracking 00340434161234567890", "UPS 1Z999AA10123456784",
            "EAN 4006381333931", "UPC 036000291452", "version 1.2.3", "server 192.168.0.1", "sizes 42-44",
            "postcode 12345", "valid 12/2026", "call 555-0132", "item 0815", "Größe 0151-2345x"})
    void leavesNumbersThatAreNotPhoneNumbersAlone(String text) {
        assertEquals(List.of(), Detected.in(text));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> PhoneNumbers.find(text)));
    }
}
