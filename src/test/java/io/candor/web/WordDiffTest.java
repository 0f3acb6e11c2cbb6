package io.candor.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordDiffTest {

    @Test
    void changedWordsAreMarkedAndTheRestStaysInPlace() {
        List<WordDiff.Segment> diff = WordDiff.between("Bright lamp, the cable is short.", "Bright lamp, but the cable is far too short and flimsy.");
        assertEquals("same:Bright lamp, ", diff.get(0).kind() + ":" + diff.get(0).text());
        assertTrue(diff.stream().anyMatch(s -> s.inserted() && s.text().strip().equals("but")), diff.toString());
        assertTrue(diff.stream().anyMatch(s -> s.inserted() && s.text().contains("far too")), diff.toString());
        assertTrue(diff.stream().anyMatch(s -> s.deleted() && s.text().strip().equals("short.")), diff.toString());
        assertTrue(diff.stream().anyMatch(s -> s.same() && s.text().contains("the cable is")), "unchanged words stay one run: " + diff);
        String after = String.join("", diff.stream().filter(s -> !s.deleted()).map(WordDiff.Segment::text).toList());
        String before = String.join("", diff.stream().filter(s -> !s.inserted()).map(WordDiff.Segment::text).toList());
        assertEquals("Bright lamp, but the cable is far too short and flimsy.", after, "the later version reads back without the deletions");
        assertEquals("Bright lamp, the cable is short.", before, "the earlier version reads back without the insertions");
    }

    @Test
    void aMissingTextIsEmptyAndIdenticalTextsAreOneRun() {
        assertEquals(List.of(new WordDiff.Segment("ins", "New title")), WordDiff.between(null, "New title"));
        assertEquals(List.of(new WordDiff.Segment("same", "Kept as it was.")), WordDiff.between("Kept as it was.", "Kept as it was."));
        assertFalse(WordDiff.changed(null, ""));
        assertTrue(WordDiff.changed("a", "b"));
        assertEquals(List.of(new WordDiff.Segment("same", "Line one\n"), new WordDiff.Segment("del", "line"), new WordDiff.Segment("ins", "row"),
                new WordDiff.Segment("same", " two")), WordDiff.between("Line one\nline two", "Line one\nrow two"), "line breaks are kept");
    }
}
