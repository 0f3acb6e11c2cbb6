package io.candor.moderation.check;

/**
 * The check-digit algorithms that separate real identifiers from look-alike numbers, so that an order
 * number or a price is never redacted just because it has the right number of digits.
 */
final class Checksums {

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final int[] CHINA_ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHINA_ID_CHECK_CHARS = "10X98765432";

    private Checksums() {
    }

    /** The ASCII digits of {@code text} in order, without the spaces, dots and dashes people group them with. */
    static String digitsOf(CharSequence text) {
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /** Luhn (ISO/IEC 7812-1), used by every payment card scheme; {@code digits} holds ASCII digits only. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** GS1 mod-10 (EAN-13, GTIN-14, UPC-A): weights 3 and 1 alternating from the right of the payload. */
    static boolean gtin(CharSequence digits) {
        int sum = 0;
        for (int i = digits.length() - 1, fromRight = 0; i >= 0; i--, fromRight++) {
            int digit = digits.charAt(i) - '0';
            sum += fromRight % 2 == 1 ? 3 * digit : digit;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 / ISO 7064 MOD 97-10 on an IBAN of upper-case letters and digits, spaces removed. */
    static boolean ibanMod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return remainder == 1;
    }

    /** ISO 7064 MOD 11-2 check character of a Chinese resident ID ({@code X} stands for 10). */
    static char chinaIdCheckChar(CharSequence first17Digits) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17Digits.charAt(i) - '0') * CHINA_ID_WEIGHTS[i];
        }
        return CHINA_ID_CHECK_CHARS.charAt(sum % 11);
    }

    /** ISO 7064 MOD 11,10 check digit, as used by the German tax ID over its first ten digits. */
    static int germanTaxIdCheckDigit(CharSequence digits) {
        int product = 10;
        for (int i = 0; i < digits.length(); i++) {
            int sum = (digits.charAt(i) - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        return check == 10 ? 0 : check;
    }

    /** The Dutch "elfproef" for a 9-digit BSN: weights 9..2 and -1 must sum to a multiple of 11. */
    static boolean bsnElevenProof(CharSequence nineDigits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (nineDigits.charAt(i) - '0');
        }
        sum -= nineDigits.charAt(8) - '0';
        return sum % 11 == 0;
    }

    /** The control letter of a Spanish DNI or NIE: the number modulo 23 indexes a fixed alphabet. */
    static char dniLetter(int number) {
        return DNI_LETTERS.charAt(number % 23);
    }
}
