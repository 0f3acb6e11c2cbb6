package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmailAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "buyer.one@example.com", "buyer.one+reviews@mail.example.co.uk", "j_d-1%x@sub-domain.example.org",
            "josé@exämple.de", "name (at) example (dot) com", "name(at)example(dot)com", "name[at]example.com",
            "name [at] example [dot] com", "name {at} example {dot} org", "name <at> example <dot> net",
            "name (@) example (.) com", "name at example dot com", "NAME AT EXAMPLE DOT COM", "Name At Example Dot Com"})
    void findsAddressesAndTheirDisguises(String address) {
        assertEquals(List.of("EMAIL:" + address), Detected.in("Write to " + address + " for details"));
    }

    @Test
    void aSentencesFullStopIsNotPartOfTheAddress() {
        assertEquals(List.of("EMAIL:shopper@example.com"), Detected.in("Write to shopper@example.com."));
        assertEquals(List.of("EMAIL:shopper@example.com"), Detected.in("(shopper@example.com)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "thanks @shopper for the tip", "we arrived at home.It was late", "look at example.com",
            "5 stars @ amazon.de", "price@ 20 euros", "mail a@b", "root@localhost", "meet me at the station dot",
            "shopper@example.c0m"})
    void leavesTextThatOnlyLooksLikeAnAddressAlone(String text) {
        assertEquals(List.of(), Detected.in(text));
    }

    @Test
    void findsAnAddressRightAfterTheWordAt() {
        // "me at buyer.pi" looks like a spelled-out address until it lacks a spelled-out dot; the real one follows it
        assertEquals(List.of("EMAIL:buyer.pi@example.com"), Detected.in("Ask me at buyer.pi@example.com"));
        assertEquals(List.of("EMAIL:shop.help@example.com"), Detected.in("write at shop.help@example.com or call"));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> EmailAddresses.find(text)));
    }
}
