package io.candor.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word diff of two versions of a text, computed on the server so that the console needs no script to show
 * what an edit changed: runs of words that stayed, were removed or were added, in reading order.
 */
public final class WordDiff {

    /** Words and the whitespace between them are separate tokens, so a changed word never drags its neighbours along. */
    private static final Pattern TOKEN = Pattern.compile("\\s+|\\S+");

    private WordDiff() {
    }

    /** A run of text: {@code same}, {@code del} (only in the earlier version) or {@code ins} (only in the later one). */
    public record Segment(String kind, String text) {

        public boolean same() {
            return "same".equals(kind);
        }

        public boolean deleted() {
            return "del".equals(kind);
        }

        public boolean inserted() {
            return "ins".equals(kind);
        }
    }

    public static List<Segment> between(String before, String after) {
        List<String> from = tokens(before);
        List<String> to = tokens(after);
        List<Segment> segments = new ArrayList<>();
        int position = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(from, to).getDeltas()) {
            int start = delta.getSource().getPosition();
            append(segments, "same", from.subList(position, start));
            append(segments, "del", delta.getSource().getLines());
            append(segments, "ins", delta.getTarget().getLines());
            position = start + delta.getSource().size();
        }
        append(segments, "same", from.subList(position, from.size()));
        return segments;
    }

    /** Whether the two texts differ at all (both absent counts as equal). */
    public static boolean changed(String before, String after) {
        return !(before == null ? "" : before).equals(after == null ? "" : after);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static void append(List<Segment> segments, String kind, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = String.join("", tokens);
        if (!segments.isEmpty() && segments.get(segments.size() - 1).kind().equals(kind)) {
            Segment last = segments.remove(segments.size() - 1);
            segments.add(new Segment(kind, last.text() + text));
        } else {
            segments.add(new Segment(kind, text));
        }
    }
}
