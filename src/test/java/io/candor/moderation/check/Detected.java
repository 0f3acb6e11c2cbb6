package io.candor.moderation.check;

import java.util.List;

/** What {@link PersonalDataDetector#find} reports, as "KIND:matched text", so a failing test shows the spans. */
final class Detected {

    private Detected() {
    }

    static List<String> in(String text) {
        return PersonalDataDetector.find(text).stream()
                .map(match -> match.kind() + ":" + text.substring(match.start(), match.end()))
                .toList();
    }
}
