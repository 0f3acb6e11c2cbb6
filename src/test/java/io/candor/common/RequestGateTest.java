package io.candor.common;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's scans against the obvious definitions they replace (split on '/', a lower-cased copy). */
class RequestGateTest {

    static boolean dotSegmentBySplit(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theDotSegmentScanAgreesWithSplitting() {
        Random random = new Random(42);
        char[] alphabet = {'/', '.', 'a', '%', '2', 'f'};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder path = new StringBuilder();
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                path.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String p = path.toString();
            assertEquals(dotSegmentBySplit(p), RequestGate.hasDotSegment(p), p);
        }
    }

    @Test
    void percentDecodingAgreesWithTheJdkOnValidInput() {
        Random random = new Random(7);
        String[] pieces = {"a", "Z", "0", "-", "~", ".", "%20", "%C3%A4", "%e2%82%ac", "%F0%9F%98%80", "+", "ä", "€", "%25", "%2B"};
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = s.toString();
            assertEquals(java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8), RequestGate.decode(text, true).orElseThrow(), text);
            assertEquals(java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8),
                    RequestGate.decode(text, false).orElseThrow(), text);
        }
        for (String broken : new String[] {"%", "%2", "%zz", "a%C3", "%C3%28", "%FF", "%ED%A0%80"}) {
            assertTrue(RequestGate.decode(broken, true).isEmpty(), broken);
        }
    }

    @Test
    void refusesWhatItRefusedBefore() {
        for (String target : new String[] {"/api/v1/./x", "/api/v1/../x", "/api/v1/x/..", "/api/v1/x/.", "/.", "/..",
                "/api/v1/a%2Fb", "/api/v1/a%2fb", "/api/v1/a%5Cb", "/api/v1/a%5cb", "/api/v1/%2e%2e/x", "/api/v1/%2E/x"}) {
            assertTrue(RequestGate.check(target).isPresent(), target);
        }
        for (String target : new String[] {"/api/v1/public/t/subjects/product/sku-1/summary", "/api/v1/a.b/c..d/...", "/",
                "/api/v1/public/t/summaries?subjects=product:a,product:b", "/api/v1/a%20b", "/api/v1/x?y=%2F"}) {
            assertFalse(RequestGate.check(target).isPresent(), target);
        }
    }
}
