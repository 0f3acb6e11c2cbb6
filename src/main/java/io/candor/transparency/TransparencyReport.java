package io.candor.transparency;

import java.time.LocalDate;
import java.util.Map;

/**
 * What happened to content in a period (EU DSA Art. 15 and 24), for anyone to read. Counts of reviews are of
 * reviews written in the period, by the status they got when written; decisions and appeals are those made in
 * the period. {@code removalRateByRating} is, per star rating, the share of the period's reviews with that
 * rating that a moderator removed: the figure that shows negative reviews are not removed more often.
 */
public record TransparencyReport(LocalDate from, LocalDate to, Reviews reviews, Map<String, Long> automated, Map<String, Long> reports,
                                 Decisions decisions, Appeals appeals, Map<String, Double> removalRateByRating) {

    /**
     * {@code incentivized}: submitted reviews whose authors disclosed receiving something for them; {@code anonymous}: submitted
     * reviews written with an anonymous-review token (counted in the others too).
     */
    public record Reviews(long submitted, long published, long held, long sealed, long incentivized, long anonymous) {
    }

    public record Decisions(Map<String, Long> byAction, Map<String, Long> byPolicy, Double medianHoursToDecision, long automated) {
    }

    public record Appeals(long submitted, long upheld, long overturned, Double medianHoursToDecision) {
    }
}
