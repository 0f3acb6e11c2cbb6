package io.candor.moderation.check;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A tenant's blocked words (check code {@value #CHECK_CODE}), compiled once from its list and safe to share:
 * matches whole words only, so "ass" never hits "class", but sees through case, accents, digit and symbol
 * stand-ins ({@code 4ss}, {@code @$$}), stretched letters ({@code baaad}) and spaced-out letters ({@code b.a.d}).
 */
public final class BlockedWordMatcher {

    public static final String CHECK_CODE = "blocked-words";

    private static final int MAX_GAP_BETWEEN_WORDS = 3;
    /**
     * Stretches longer than this ("baaaaaad") are read as this long, so that every letter of an entry can match a
     * bounded number of characters: "1" stands for both "i" and "l", and unbounded classes that share it would
     * backtrack without end on "ill" against "1111…".
     */
    private static final int MAX_STRETCH = 3;
    /** Characters that are part of a word: letters, digits and the symbols that stand in for letters. */
    private static final String WORD = "\\p{L}\\p{N}@$";
    private static final Map<Integer, String> STAND_INS = Map.of(
            (int) 'a', "4@", (int) 'e', "3", (int) 'i', "1", (int) 'l', "1", (int) 'o', "0", (int) 's', "5$", (int) 't', "7");
    private static final Map<Integer, String> LETTERS_STOOD_FOR = Map.of(
            (int) '0', "o", (int) '1', "il", (int) '3', "e", (int) '4', "a", (int) '5', "s", (int) '7', "t",
            (int) '@', "a", (int) '$', "s");

    /** Three or more single characters with separators between them: "b a d", "b.a.d", "b-a-d". */
    private static final Pattern SPACED_OUT = Pattern.compile(
            "(?<![" + WORD + "])[" + WORD + "](?:[\\s._*~-]{1,3}+[" + WORD + "](?![" + WORD + "])){2,}+");
    private static final Pattern STRETCHED = Pattern.compile("(?s)(.)\\1{" + MAX_STRETCH + ",}+");
    private static final Pattern SPACERS = Pattern.compile("[\\s._*~-]++");
    private static final String READINGS_APART = " ".repeat(MAX_GAP_BETWEEN_WORDS + 1);
    private static final Pattern NOT_WORD = Pattern.compile("[^" + WORD + "]++");

    private record BlockedWord(String listed, Pattern pattern) {
    }

    private final List<BlockedWord> blockedWords;

    private BlockedWordMatcher(List<BlockedWord> blockedWords) {
        this.blockedWords = blockedWords;
    }

    /** A matcher for {@code words} as the tenant listed them; blank entries and repeats are ignored. */
    public static BlockedWordMatcher of(Collection<String> words) {
        Map<String, BlockedWord> byFoldedForm = new LinkedHashMap<>();
        for (String listed : words) {
            List<String> parts = NOT_WORD.splitAsStream(TextFolding.fold(listed)).filter(part -> !part.isEmpty()).toList();
            if (!parts.isEmpty()) {
                byFoldedForm.putIfAbsent(String.join(" ", parts), new BlockedWord(listed.strip(), compile(parts)));
            }
        }
        return new BlockedWordMatcher(List.copyOf(byFoldedForm.values()));
    }

    /** The listed words that occur in {@code text}, as the tenant spelled them, in list order. */
    public List<String> find(String text) {
        String folded = withStretchesShortened(withSpacedOutWordsJoined(TextFolding.fold(text)));
        return blockedWords.stream()
                .filter(word -> word.pattern().matcher(folded).find())
                .map(BlockedWord::listed)
                .toList();
    }

    private static String withStretchesShortened(String text) {
        return STRETCHED.matcher(text).replaceAll(stretch -> Matcher.quoteReplacement(stretch.group(1).repeat(MAX_STRETCH)));
    }

    private static String withSpacedOutWordsJoined(String text) {
        return SPACED_OUT.matcher(text).replaceAll(run -> Matcher.quoteReplacement(readings(run.group())));
    }

    /**
     * A spaced-out run joined up, once as one word and once with each end letter standing alone, since "a b a d"
     * may be "a bad"; readings are kept further apart than a multi-word entry's words may be.
     */
    private static String readings(String run) {
        int[] letters = SPACERS.matcher(run).replaceAll("").codePoints().toArray();
        String first = new String(letters, 0, 1);
        String middle = new String(letters, 1, letters.length - 2);
        String last = new String(letters, letters.length - 1, 1);
        return String.join(READINGS_APART, first + middle + last, first + " " + middle + last, first + middle + " " + last,
                first + " " + middle + " " + last);
    }

    /**
     * One character class per run of equal letters in the entry, repeatable up to a stretch plus stand-ins, possessive
     * wherever the next class shares no character; at most three non-word characters between the entry's words.
     */
    private static Pattern compile(List<String> parts) {
        List<List<Set<Integer>>> classesByPart = parts.stream()
                .map(part -> part.codePoints().mapToObj(BlockedWordMatcher::charactersFor).toList())
                .toList();
        StringBuilder regex = new StringBuilder("(?<![" + WORD + "])");
        for (int p = 0; p < classesByPart.size(); p++) {
            if (p > 0) {
                regex.append("[^" + WORD + "]{0," + MAX_GAP_BETWEEN_WORDS + "}+");
            }
            List<Set<Integer>> classes = classesByPart.get(p);
            int i = 0;
            while (i < classes.size()) {
                Set<Integer> current = classes.get(i);
                int runEnd = i;
                while (runEnd + 1 < classes.size() && classes.get(runEnd + 1).equals(current)) {
                    runEnd++;
                }
                Set<Integer> next = runEnd + 1 < classes.size() ? classes.get(runEnd + 1)
                        : p + 1 < classesByPart.size() ? classesByPart.get(p + 1).get(0) : Set.of();
                int repeats = runEnd - i + 1;
                regex.append(render(current)).append('{').append(repeats).append(',').append(repeats + 2 * MAX_STRETCH).append('}');
                if (next.stream().noneMatch(current::contains)) {
                    regex.append('+');
                }
                i = runEnd + 1;
            }
        }
        return Pattern.compile(regex.append("(?![" + WORD + "])").toString());
    }

    /** The characters that may stand for {@code cp} in text: the letter and its stand-ins. */
    private static Set<Integer> charactersFor(int cp) {
        Set<Integer> characters = new TreeSet<>();
        String letters = LETTERS_STOOD_FOR.getOrDefault(cp, Character.toString(cp));
        letters.codePoints().forEach(letter -> {
            characters.add(letter);
            STAND_INS.getOrDefault(letter, "").codePoints().forEach(characters::add);
        });
        characters.add(cp);
        return characters;
    }

    private static String render(Set<Integer> characters) {
        return characters.stream()
                .map(cp -> Character.isLetterOrDigit(cp) ? Character.toString(cp) : String.format("\\x{%x}", cp))
                .collect(Collectors.joining("", "[", "]"));
    }
}
