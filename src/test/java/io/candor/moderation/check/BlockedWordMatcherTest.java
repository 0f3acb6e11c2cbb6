package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BlockedWordMatcherTest {

    private final BlockedWordMatcher matcher = BlockedWordMatcher.of(List.of("ass", "idiot", "bad word", "Scheiße", "crétin", "kill"));

    @ParameterizedTest
    @ValueSource(strings = {
            "you ass", "You ASS!", "what an ass.", "@$$", "a$$", "4ss", "a55", "aaasss", "a s s", "a.s.s", "a-s-s",
            "a. s. s.", "a*s*s", "@ $ $", "what a s s", "a s s you are"})
    void findsAWordThroughCaseStandInsStretchingAndSpacing(String text) {
        assertEquals(List.of("ass"), matcher.find(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "idiot", "IDIOT", "1d10t", "id1ot", "iiidiooot", "i d i o t", "i-d-i-o-t", "i_d_i_o_t", "ｉｄｉｏｔ",
            "what an idiot!", "(idiot)"})
    void findsALongerWordInEveryDisguise(String text) {
        assertEquals(List.of("idiot"), matcher.find(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iiiiiiiiiiiidiooooooooooooot", "1111d1000000000000t", "i.d.i.o.o.o.o.o.o.o.o.o.o.t"})
    void findsAWordHoweverFarItIsStretched(String text) {
        assertEquals(List.of("idiot"), matcher.find(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k1ll", "ki11", "k111", "KILL", "kiiiill", "k1111111111"})
    void aOneMayStandForEitherIOrL(String text) {
        assertEquals(List.of("kill"), matcher.find(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad word", "BAD  WORD", "bad-word", "bad_word", "badword", "bad, word", "b a d w o r d",
            "b.a.d w.o.r.d", "baaad woooord", "b4d w0rd"})
    void findsMultiWordEntries(String text) {
        assertEquals(List.of("bad word"), matcher.find("such a " + text + " here"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Scheiße", "scheisse", "SCHEISSE", "SCHEIẞE", "sch3iss3"})
    void foldsSharpSAndReportsTheWordAsTheTenantSpelledIt(String text) {
        assertEquals(List.of("Scheiße"), matcher.find(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"crétin", "cretin", "CRÉTIN", "cre\u0301tin", "crëtin"})
    void stripsAccentsOnBothSides(String text) {
        assertEquals(List.of("crétin"), matcher.find(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "first class service", "the assessment was fair", "passing grade", "bass guitar", "Assassin's Creed",
            "grass", "glass", "a s s e s s m e n t", "c l a s s", "asses", "idiotic", "idiots", "bad", "good words",
            "bad words", "killer deal", "skill", "Scheißegal", "cretinous", "a sort of s", "sass", "lass"})
    void respectsWordBoundariesAndLeavesOtherWordsAlone(String text) {
        assertEquals(List.of(), matcher.find(text));
    }

    @Test
    void answersEveryListedWordFoundInListOrder() {
        assertEquals(List.of("ass", "idiot", "kill"), matcher.find("kill the idiot, you ass"));
    }

    @Test
    void ignoresBlankAndRepeatedEntries() {
        BlockedWordMatcher repeated = BlockedWordMatcher.of(List.of("Idiot", " ", "", "IDIOT", "idiot", "***"));
        assertEquals(List.of("Idiot"), repeated.find("idiot"));
    }

    @Test
    void anEmptyListBlocksNothing() {
        assertEquals(List.of(), BlockedWordMatcher.of(List.of()).find("anything at all"));
    }

    @Test
    void anEntryWrittenWithStandInsMatchesTheLettersToo() {
        assertEquals(List.of("b00b"), BlockedWordMatcher.of(List.of("b00b")).find("a boob"));
    }

    @Test
    void aPunctuatedEntryMatchesWithOrWithoutItsPunctuation() {
        BlockedWordMatcher apostrophe = BlockedWordMatcher.of(List.of("don't"));
        assertEquals(List.of("don't"), apostrophe.find("I don't"));
        assertEquals(List.of("don't"), apostrophe.find("I dont"));
        assertEquals(List.of(), apostrophe.find("I do not"));
    }

    @Test
    void staysFastOnAdversarialInput() {
        BlockedWordMatcher words = BlockedWordMatcher.of(
                List.of("ass", "aaa aaa", "a s", "ill", "il1l1", "lil", "assessment", "b00b"));
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> words.find(text)));
    }
}
