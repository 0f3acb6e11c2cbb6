package io.candor.moderation.check;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** The tenant's {@code blockedWords} ({@value BlockedWordMatcher#CHECK_CODE}): a match holds the text for a moderator. */
@ApplicationScoped
public class BlockedWordsCheck implements AutomatedCheck {

    static final double WEIGHT = 5.0;

    /** Compiled matchers by word list: compiling is far dearer than matching, and lists rarely change. */
    private final Cache<List<String>, BlockedWordMatcher> matchers = Caffeine.newBuilder().maximumSize(1_000).build();

    @Override
    public String code() {
        return BlockedWordMatcher.CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        List<String> words = input.tenant().policy().blockedWords();
        if (words.isEmpty()) {
            return Optional.empty();
        }
        List<String> found = matchers.get(words, BlockedWordMatcher::of).find(input.text());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Finding.hold(code(), WEIGHT, "listed words: " + String.join(", ", found)));
    }
}
