package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PostalAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "221B Baker Street", "221B Baker Street, London NW1 6XE", "1600 Pennsylvania Avenue NW, Washington, DC 20500",
            "742 Evergreen Terrace", "120 5th Avenue", "4 Privet Drive", "12 St Johns Road",
            "Musterstraße 12", "Musterstrasse 12b", "Hauptstr. 5a, 10115 Berlin", "Hauptstr.5", "Karl-Marx-Allee 34",
            "Berliner Straße 5", "Kölner Str. 12-14", "Lindenallee 4", "Birkenweg 5, 12345 Musterstadt",
            "Am Markt 3", "An der Alster 12", "Am Ende 5, 12345 Musterstadt", "PO Box 1234", "P.O. Box 77",
            "Postfach 10 20 30"})
    void findsAddressesWhoseShapeIsUnmistakable(String address) {
        assertEquals(List.of("POSTAL_ADDRESS:" + address), Detected.in("Send it to " + address + ". Thanks!"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10 Downing St", "12 Main St.", "31 Spooner Rd", "2 Willow Ln", "77 Sunset Blvd", "5 Elm Ave."})
    void findsAbbreviatedStreetTypesWithTheirFullStop(String address) {
        assertEquals(List.of("POSTAL_ADDRESS:" + address), Detected.in("Send it to " + address + " today"));
    }

    @Test
    void findsAnAddressInTheMiddleOfASentence() {
        assertEquals(List.of("POSTAL_ADDRESS:Musterstraße 12"), Detected.in("Ich wohne in der Musterstraße 12 in Berlin"));
        assertEquals(List.of("POSTAL_ADDRESS:221B Baker Street"), Detected.in("Come by 221B Baker Street any time"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "I waited 3 days", "Great road trip with 4 friends", "Street food for 5 people", "Top 3 features",
            "5 stars, would buy again", "We drove along Route 66", "Am Ende 5 Sterne", "Im Jahr 2020 gekauft",
            "Zum Bahnhof 5 Minuten zu Fuß", "Am Markt 3 Stände weiter", "Die Straße 5 Minuten entfernt",
            "Sitzplatz 12 war kaputt", "Der Ehering 2 mal getragen", "Birkenweg 5", "Marktplatz 3",
            "a street 5 blocks away", "lane 3 of the pool", "Ring 7 passt"})
    void leavesEverydayTextAlone(String text) {
        assertEquals(List.of(), Detected.in(text));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> PostalAddresses.find(text)));
    }
}
