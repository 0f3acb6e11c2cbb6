package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds e-mail addresses, including the usual disguises: {@code name (at) example (dot) com},
 * {@code name[at]example.com} and {@code name at example dot com} (a bare "at" only together with a
 * spelled-out "dot", so that "arrived at home.It was" stays text).
 */
final class EmailAddresses {

    /**
     * Possessive: nothing that starts an "at" can be part of a local part, so giving characters back never
     * helps, and a run of dotted words costs one pass instead of one per word.
     */
    private static final String LOCAL_PART = "(?<![\\p{L}\\p{N}_%+-])[\\p{L}\\p{N}_%+-][\\p{L}\\p{N}._%+-]{0,63}+";
    private static final String AT = "(?:@|\\s*+[(\\[{<]\\s*+(?:(?i:at)|@)\\s*+[)\\]}>]\\s*+|(?<bareAt>\\s++(?i:at)\\s++))";
    private static final String DOT = "(?:\\.|\\s*+[(\\[{<]\\s*+(?:(?i:dot)|\\.)\\s*+[)\\]}>]\\s*+|\\s++(?i:dot)\\s++)";
    private static final Pattern ADDRESS = Pattern.compile(
            LOCAL_PART + AT + "(?<domain>(?:" + LinkDetector.LABEL + DOT + "){1," + LinkDetector.MAX_LABELS + "}\\p{L}{2,24})"
                    + "(?![\\p{L}\\p{N}-])");

    private EmailAddresses() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        Matcher address = ADDRESS.matcher(text);
        int from = 0;
        while (from < text.length() && address.find(from)) {
            if (address.group("bareAt") == null || spellsOutDot(address.group("domain"))) {
                matches.add(new PersonalDataMatch(Kind.EMAIL, address.start(), address.end()));
                from = address.end();
            } else {
                // "me at buyer.pi" is no address, but "buyer.pi@example.com" may start where its domain does: look again there
                from = address.start("domain");
            }
        }
        return matches;
    }

    private static boolean spellsOutDot(String domain) {
        return domain.chars().anyMatch(c -> !Character.isLetterOrDigit(c) && c != '.' && c != '-');
    }
}
