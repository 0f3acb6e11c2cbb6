package io.candor.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.candor.common.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A marketplace's rules. In a request every field is optional and only the given ones change; stored
 * and answered, every field is set ({@link #DEFAULTS} fill the gaps).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantPolicy(
        Boolean requireVerifiedPurchase,
        Integer reviewWindowDays,
        Integer editWindowDays,
        Integer mutualRevealDays,
        Integer recentWindowDays,
        Double priorWeight,
        Double priorMean,
        Integer minReviewsForAverage,
        Integer appealWindowDays,
        List<String> blockedWords,
        List<String> allowedLinkDomains,
        Integer unverifiedReviewsPerWeek,
        Integer burstFloor,
        Double burstMultiple,
        String noticeLanguage,
        /** Whether reviews whose authors received something for them count in summaries (they are always shown, with a badge). */
        Boolean countIncentivizedReviews,
        /** Days after a transaction completes that its lines' review invitations are due; 0 = no invitations. */
        Integer invitationDelayDays,
        /** Days after an invitation that its one reminder is due; 0 = no reminder. */
        Integer invitationReminderDays,
        /** The storefront page an invitation links to (https); the invitation's token is added as {@code candor_invitation}. */
        String invitationLink,
        /** How many photos a review may carry (0 = no photos). */
        Integer maxPhotosPerReview,
        /**
         * k of anonymous reviews: a subject's anonymous reviews of a month are published only once at least this many
         * anonymous-review tokens have been issued for it that month (docs/anonymous-reviews.md).
         */
        Integer anonymitySetSize) {

    /** The most photos any policy allows a review. */
    public static final int PHOTOS_LIMIT = 6;

    public static final TenantPolicy DEFAULTS = new TenantPolicy(true, 90, 60, 14, 365, 7.0, 3.5, 3, 183, List.of(), List.of(), 3, 20, 10.0, "en", false, 0, 0, "", PHOTOS_LIMIT, 10);

    /** The languages statements of reasons can be written in (moderation/NoticeWording has the words). */
    public static final List<String> NOTICE_LANGUAGES = List.of("en", "de");

    /** The EU Digital Services Act (Art. 20) gives at least six months to complain about a decision. */
    public static final int MIN_APPEAL_WINDOW_DAYS = 183;
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    /**
     * When a transaction completed at {@code completedAt} has its sealed review and feedback revealed at the latest
     * (double-blind); empty when double-blind is off.
     */
    public java.util.Optional<java.time.Instant> revealBy(java.time.Instant completedAt) {
        int days = mutualRevealDays == null ? DEFAULTS.mutualRevealDays : mutualRevealDays;
        return days == 0 ? java.util.Optional.empty() : java.util.Optional.of(completedAt.plus(java.time.Duration.ofDays(days)));
    }

    /** This policy with every field that {@code patch} sets replaced. */
    public TenantPolicy merge(TenantPolicy patch) {
        if (patch == null) {
            return this;
        }
        return new TenantPolicy(
                pick(patch.requireVerifiedPurchase, requireVerifiedPurchase),
                pick(patch.reviewWindowDays, reviewWindowDays),
                pick(patch.editWindowDays, editWindowDays),
                pick(patch.mutualRevealDays, mutualRevealDays),
                pick(patch.recentWindowDays, recentWindowDays),
                pick(patch.priorWeight, priorWeight),
                pick(patch.priorMean, priorMean),
                pick(patch.minReviewsForAverage, minReviewsForAverage),
                pick(patch.appealWindowDays, appealWindowDays),
                patch.blockedWords == null ? blockedWords : normalizedWords(patch.blockedWords),
                patch.allowedLinkDomains == null ? allowedLinkDomains : normalizedDomains(patch.allowedLinkDomains),
                pick(patch.unverifiedReviewsPerWeek, unverifiedReviewsPerWeek),
                pick(patch.burstFloor, burstFloor),
                pick(patch.burstMultiple, burstMultiple),
                patch.noticeLanguage == null ? noticeLanguage : patch.noticeLanguage.strip().toLowerCase(Locale.ROOT),
                pick(patch.countIncentivizedReviews, countIncentivizedReviews),
                pick(patch.invitationDelayDays, invitationDelayDays),
                pick(patch.invitationReminderDays, invitationReminderDays),
                patch.invitationLink == null ? invitationLink : patch.invitationLink.strip(),
                pick(patch.maxPhotosPerReview, maxPhotosPerReview),
                pick(patch.anonymitySetSize, anonymitySetSize));
    }

    private static <T> T pick(T given, T current) {
        return given != null ? given : current;
    }

    private static List<String> normalizedWords(List<String> words) {
        return words.stream().map(w -> w == null ? null : w.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    private static List<String> normalizedDomains(List<String> domains) {
        return domains.stream().map(d -> d == null ? null : d.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** An https URL (http only for localhost, for development) without user info, query or fragment. */
    static boolean validLink(String link) {
        if (link.length() > 500) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(link);
            String host = uri.getHost();
            boolean local = "localhost".equals(host) || "127.0.0.1".equals(host);
            return host != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && ("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && local));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Whether review invitations are sent. */
    public boolean invitationsOn() {
        return invitationDelayDays != null && invitationDelayDays > 0;
    }

    /** Range checks of a complete policy; field names are prefixed with {@code policy.}. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        range(errors, "reviewWindowDays", reviewWindowDays, 1, 3650);
        range(errors, "editWindowDays", editWindowDays, 0, 3650);
        range(errors, "mutualRevealDays", mutualRevealDays, 0, 60);
        range(errors, "recentWindowDays", recentWindowDays, 1, 3650);
        range(errors, "minReviewsForAverage", minReviewsForAverage, 0, 1000);
        range(errors, "appealWindowDays", appealWindowDays, MIN_APPEAL_WINDOW_DAYS, 3650);
        range(errors, "unverifiedReviewsPerWeek", unverifiedReviewsPerWeek, 0, 100);
        range(errors, "burstFloor", burstFloor, 1, 1_000_000);
        range(errors, "invitationDelayDays", invitationDelayDays, 0, 365);
        range(errors, "invitationReminderDays", invitationReminderDays, 0, 60);
        range(errors, "maxPhotosPerReview", maxPhotosPerReview, 0, PHOTOS_LIMIT);
        range(errors, "anonymitySetSize", anonymitySetSize, 2, 10_000);
        if (!invitationLink.isEmpty() && !validLink(invitationLink)) {
            errors.add(new FieldError("policy.invitationLink", "must be an https URL without a query or fragment, such as https://shop.example/review"));
        }
        if (noticeLanguage == null || !NOTICE_LANGUAGES.contains(noticeLanguage)) {
            errors.add(new FieldError("policy.noticeLanguage", "must be one of " + String.join(", ", NOTICE_LANGUAGES)));
        }
        if (burstMultiple.isNaN() || burstMultiple < 1 || burstMultiple > 1000) {
            errors.add(new FieldError("policy.burstMultiple", "must be between 1 and 1000"));
        }
        if (priorWeight.isNaN() || priorWeight < 0 || priorWeight > 1000) {
            errors.add(new FieldError("policy.priorWeight", "must be between 0 and 1000"));
        }
        if (priorMean.isNaN() || priorMean < 1 || priorMean > 5) {
            errors.add(new FieldError("policy.priorMean", "must be between 1 and 5"));
        }
        if (blockedWords.size() > 1000) {
            errors.add(new FieldError("policy.blockedWords", "at most 1000 entries"));
        }
        for (int i = 0; i < blockedWords.size(); i++) {
            String w = blockedWords.get(i);
            if (w == null || w.isEmpty() || w.length() > 64) {
                errors.add(new FieldError("policy.blockedWords[" + i + "]", "must be 1..64 characters"));
            }
        }
        if (allowedLinkDomains.size() > 200) {
            errors.add(new FieldError("policy.allowedLinkDomains", "at most 200 entries"));
        }
        for (int i = 0; i < allowedLinkDomains.size(); i++) {
            String d = allowedLinkDomains.get(i);
            if (d == null || !DOMAIN.matcher(d).matches()) {
                errors.add(new FieldError("policy.allowedLinkDomains[" + i + "]", "must be a domain name such as shop.example"));
            }
        }
        return errors;
    }

    private static void range(List<FieldError> errors, String field, Integer value, int min, int max) {
        if (value < min || value > max) {
            errors.add(new FieldError("policy." + field, "must be between " + min + " and " + max));
        }
    }
}
