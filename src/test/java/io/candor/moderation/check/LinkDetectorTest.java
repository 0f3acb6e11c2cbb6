package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkDetectorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://shop.example/x?y=1                 | shop.example",
            "http://shop.example                        | shop.example",
            "HTTP://User:Pw@Shop.Example:8443/x         | shop.example",
            "ftp://files.example/pub                    | files.example",
            "http://192.168.0.1/admin                   | 192.168.0.1",
            "http://[::1]:8080/                         | [::1]",
            "http://localhost:8080/                     | localhost",
            "https://bücher.de/angebote                 | xn--bcher-kva.de",
            "www.example.com                            | www.example.com",
            "WWW.Example.COM/path                       | www.example.com",
            "www.example.it                             | www.example.it",
            "shop.example/x                             | shop.example",
            "amazon.de                                  | amazon.de",
            "Amazon.com                                 | amazon.com",
            "AMAZON.DE                                  | amazon.de",
            "bit.ly/3xYz                                | bit.ly",
            "negozio.it/offerte                         | negozio.it",
            "shop.example.it                            | shop.example.it",
            "example.no:8080                            | example.no",
            "my-shop.co.uk/sale?x=1#top                 | my-shop.co.uk"})
    void findsLinksAndTheirHosts(String link, String host) {
        String text = "Cheaper at " + link + " honestly";
        List<Link> links = LinkDetector.find(text);
        assertEquals(1, links.size(), () -> links.toString());
        assertEquals(link, text.substring(links.get(0).start(), links.get(0).end()));
        assertEquals(host, links.get(0).host());
    }

    @Test
    void aLinkEndsBeforeTheSentencesPunctuationAndClosingBracket() {
        assertEquals(List.of("https://shop.example/x?y=1"), linked("See https://shop.example/x?y=1."));
        assertEquals(List.of("https://shop.example/a_(b)"), linked("(see https://shop.example/a_(b))"));
        assertEquals(List.of("shop.example/x"), linked("Try shop.example/x, it works!"));
        assertEquals(List.of("shop.example"), linked("Bought at shop.example.Thanks"));
        assertEquals(List.of("https://a.example", "www.b.example", "c.example"),
                linked("https://a.example and www.b.example or c.example?"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "e.g. this one", "i.e. the blue one", "Vol.Two covers it", "vol.two covers it", "v1.2.3 fixed it",
            "costs 3.50 EUR", "see file.pdf", "built on Node.js", "made in the U.S.A.", "great.It works",
            "Fast delivery.no complaints", "it was great.it broke", "open 9 a.m. to 5", "St.Louis store",
            "shopper@example.com", "No.5 perfume", "www. is not a host", "ASP.Net developer", "https:// nothing"})
    void leavesTextThatIsNotALinkAlone(String text) {
        assertEquals(List.of(), LinkDetector.find(text));
    }

    @Test
    void answersEachHostOnceInOrderOfAppearance() {
        assertEquals(List.of("b.example", "a.example"),
                LinkDetector.hosts("https://b.example/1 then a.example and again https://B.example/2"));
        assertEquals(List.of(), LinkDetector.hosts("no links here"));
    }

    @Test
    void externalHostsAreThoseNeitherAllowedNorUnderAnAllowedDomain() {
        String text = "https://example.com/a https://shop.example.com/b https://example.com.evil.test/ "
                + "https://notexample.com www.evil.test";
        assertEquals(List.of("example.com.evil.test", "notexample.com", "www.evil.test"),
                LinkDetector.externalHosts(text, Set.of("example.com")));
        assertEquals(List.of("example.com", "shop.example.com", "example.com.evil.test", "notexample.com", "www.evil.test"),
                LinkDetector.externalHosts(text, Set.of()));
        assertEquals(List.of(), LinkDetector.externalHosts(text, Set.of("example.com", "evil.test", "notexample.com")));
    }

    @Test
    void anInternationalisedAllowedDomainCoversItsAsciiForm() {
        assertEquals(List.of(), LinkDetector.externalHosts("https://xn--bcher-kva.de/x and bücher.de", Set.of("bücher.de")));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> LinkDetector.externalHosts(text, Set.of("a.example"))));
    }

    private static List<String> linked(String text) {
        return LinkDetector.find(text).stream().map(link -> text.substring(link.start(), link.end())).toList();
    }
}
