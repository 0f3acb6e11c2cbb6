package io.candor.moderation.check;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Published test vectors for each algorithm, so a wrong weight or offset shows here before it shows as a miss. */
class ChecksumsTest {

    @Test
    void luhn() {
        assertTrue(Checksums.luhn("4111111111111111"));
        assertTrue(Checksums.luhn("378282246310005"));
        assertTrue(Checksums.luhn("79927398713"));
        assertFalse(Checksums.luhn("79927398710"));
        assertFalse(Checksums.luhn("4111111111111112"));
    }

    @Test
    void gtin() {
        assertTrue(Checksums.gtin("4006381333931"));
        assertTrue(Checksums.gtin("036000291452"));
        assertTrue(Checksums.gtin("5901234123457"));
        assertFalse(Checksums.gtin("5901234123458"));
    }

    @Test
    void ibanMod97() {
        assertTrue(Checksums.ibanMod97("GB82WEST12345698765432"));
        assertTrue(Checksums.ibanMod97("DE89370400440532013000"));
        assertTrue(Checksums.ibanMod97("FR1420041010050500013M02606"));
        assertFalse(Checksums.ibanMod97("GB82WEST12345698765433"));
        assertFalse(Checksums.ibanMod97("GB28WEST12345698765432"));
    }

    @Test
    void chinaIdCheckChar() {
        assertEquals('X', Checksums.chinaIdCheckChar("11010519491231002"));
        assertEquals('3', Checksums.chinaIdCheckChar("44030419900101123"));
    }

    @Test
    void germanTaxIdCheckDigit() {
        assertEquals(9, Checksums.germanTaxIdCheckDigit("8609574271"));
        assertEquals(5, Checksums.germanTaxIdCheckDigit("1234567899"));
    }

    @Test
    void bsnElevenProof() {
        assertTrue(Checksums.bsnElevenProof("111222333"));
        assertTrue(Checksums.bsnElevenProof("123456782"));
        assertFalse(Checksums.bsnElevenProof("123456789"));
    }

    @Test
    void dniLetter() {
        assertEquals('Z', Checksums.dniLetter(12345678));
        assertEquals('L', Checksums.dniLetter(1234567));
        assertEquals('T', Checksums.dniLetter(0));
    }
}
