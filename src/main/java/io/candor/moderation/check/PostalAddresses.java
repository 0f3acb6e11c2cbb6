package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds postal addresses only where their shape is unmistakable, preferring a miss to redacting "I waited 3 days":
 * English number, name and street type ({@code 221B Baker Street}, {@code 1600 Pennsylvania Avenue NW, Washington,
 * DC 20500}), German street and number ({@code Musterstraße 12}, {@code Hauptstr. 5a, 10115 Berlin},
 * {@code Am Markt 3}) and PO boxes. German street words that are everyday words too (Weg, Platz, Ring) need a
 * postcode and town, and a separate "Straße" a place adjective before it ("Berliner Straße 5", not "Die Straße 5").
 */
final class PostalAddresses {

    private static final String EN_NAME = "(?:[A-Z][a-z]+(?:['’-][A-Za-z]+)?|\\d{1,3}(?:st|nd|rd|th))";
    private static final String EN_STREET_TYPE =
            "(?:(?:Street|Avenue|Road|Lane|Drive|Boulevard|Way|Court|Place|Terrace|Crescent|Square)(?![\\p{L}\\p{N}])"
                    + "|(?:St|Ave|Rd|Ln|Dr|Blvd|Ct|Pl)(?![\\p{L}\\p{N}])\\.?)";
    private static final String US_CITY_STATE_ZIP = ",\\s?[A-Z][a-z]+(?: [A-Z][a-z]+){0,2},? [A-Z]{2} \\d{5}(?:-\\d{4})?";
    private static final String UK_TOWN_POSTCODE = ",\\s?(?:[A-Z][a-z]+,? )?[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}";
    private static final Pattern ENGLISH = Pattern.compile(
            "(?<![\\p{L}\\p{N}])\\d{1,5}[A-Za-z]? (?:" + EN_NAME + " ){1,3}" + EN_STREET_TYPE
                    + "(?: (?:N|S|E|W|NE|NW|SE|SW)(?![\\p{L}\\p{N}]))?"
                    + "(?:" + US_CITY_STATE_ZIP + "|" + UK_TOWN_POSTCODE + ")?(?![\\p{L}\\p{N}])");

    private static final String DE_WORD = "[A-ZÄÖÜ][a-zäöüß]+";
    private static final String DE_HOUSE_NUMBER = "\\d{1,4}[a-zA-Z]?(?:[-/]\\d{1,4}[a-zA-Z]?)?(?![\\p{L}\\p{N}])";
    private static final String DE_POSTCODE_TOWN = "(?<town>,? \\d{5} " + DE_WORD + "(?:-" + DE_WORD + ")?(?![\\p{L}\\p{N}]))?";
    private static final Pattern GERMAN_STREET = Pattern.compile(
            "(?<![\\p{L}\\p{N}-])(?:" + DE_WORD + "(?:-" + DE_WORD + "){0,4}-?"
                    + "(?<compound>[Ss]traße|[Ss]trasse|[Ss]tr\\.|[Gg]asse|[Aa]llee|[Cc]haussee|[Ww]eg|[Pp]latz|[Rr]ing|[Dd]amm|[Uu]fer)"
                    + "|[A-ZÄÖÜ][a-zäöüß]{2,}er (?<separate>Straße|Strasse|Str\\.|Gasse|Allee|Chaussee|Weg|Platz|Ring|Damm|Ufer))"
                    + " ?" + DE_HOUSE_NUMBER + DE_POSTCODE_TOWN);
    private static final Pattern GERMAN_PREPOSITIONAL = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den|Hinter der|Vor dem) "
                    + "(?<noun>" + DE_WORD + ") " + DE_HOUSE_NUMBER + DE_POSTCODE_TOWN);
    private static final Pattern PO_BOX = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:(?i:p\\.? ?o\\.? box)|Postfach) \\d{1,6}(?: \\d{2}){0,3}(?![\\p{L}\\p{N}])");

    /** "Zum Bahnhof 5 Minuten": without a town, a prepositional address must end where its number ends. */
    private static final Pattern FOLLOWED_BY_WORD = Pattern.compile(" \\p{L}");

    private static final Set<String> GERMAN_STRONG_STREET_TYPES =
            Set.of("straße", "strasse", "str.", "gasse", "allee", "chaussee");
    /** Nouns that follow "Am", "Im", "An der" in street names, unlike "Am Ende 5 Sterne". */
    private static final Set<String> GERMAN_PLACE_NOUNS = Set.of(
            "Markt", "Marktplatz", "Bahnhof", "Anger", "Berg", "Brink", "Bach", "Hafen", "Hang", "Graben", "Kanal",
            "Park", "Ring", "Wall", "Tor", "Hof", "Deich", "Damm", "Dorfplatz", "Kirchplatz", "Rathaus", "Stadtpark",
            "Wasserturm", "Weiher", "Sportplatz", "Schlosspark", "Mühlbach", "Alster", "Lindenplatz", "Gericht");

    private PostalAddresses() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        if (NationalIds.asciiDigits(text) == 0) {
            // every address here has a house number, a postcode or a box number
            return matches;
        }
        addAll(ENGLISH.matcher(text), matches);
        addAll(PO_BOX.matcher(text), matches);
        Matcher street = GERMAN_STREET.matcher(text);
        while (street.find()) {
            String type = street.group("compound") != null ? street.group("compound") : street.group("separate");
            if (GERMAN_STRONG_STREET_TYPES.contains(type.toLowerCase(Locale.ROOT)) || street.group("town") != null) {
                matches.add(new PersonalDataMatch(Kind.POSTAL_ADDRESS, street.start(), street.end()));
            }
        }
        Matcher prepositional = GERMAN_PREPOSITIONAL.matcher(text);
        while (prepositional.find()) {
            boolean town = prepositional.group("town") != null;
            if (town || GERMAN_PLACE_NOUNS.contains(prepositional.group("noun")) && !FOLLOWED_BY_WORD.matcher(text)
                    .region(prepositional.end(), text.length()).lookingAt()) {
                matches.add(new PersonalDataMatch(Kind.POSTAL_ADDRESS, prepositional.start(), prepositional.end()));
            }
        }
        return matches;
    }

    private static void addAll(Matcher matcher, List<PersonalDataMatch> matches) {
        while (matcher.find()) {
            matches.add(new PersonalDataMatch(Kind.POSTAL_ADDRESS, matcher.start(), matcher.end()));
        }
    }
}
