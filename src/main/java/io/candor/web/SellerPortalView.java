package io.candor.web;

import io.candor.review.InboxReview;
import io.candor.review.PublicReview;
import io.candor.summary.SummaryView;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The seller portal's figures and reviews, put into words and numbers the templates show as they are. */
public final class SellerPortalView {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private SellerPortalView() {
    }

    /** One subject's summary on the dashboard. */
    public record SummaryCard(String ref, String average, String weighted, String recent, int count, String countText,
                              List<Aspect> aspects, Charts.Histogram histogram) {
    }

    public record Aspect(String name, String value) {
    }

    /** One review in the inbox with the seller's answer and, after a submission, what became of it. */
    public record InboxCard(String id, String subject, int rating, String stars, String title, String body, String author, String date,
                            List<String> labels, String status, boolean answered, String responseBody, String responseDate,
                            String notice, String error, String draft, List<PublicReview.Photo> photos) {

        InboxCard after(String notice, String error, String draft) {
            return new InboxCard(id, subject, rating, stars, title, body, author, date, labels, status, answered, responseBody,
                    responseDate, notice, error, draft, photos);
        }
    }

    static SummaryCard card(SummaryView s) {
        List<Aspect> aspects = new ArrayList<>();
        if (s.aspects() != null) {
            addAspect(aspects, "Item as described", s.aspects().asDescribed());
            addAspect(aspects, "Communication", s.aspects().communication());
            addAspect(aspects, "Delivery", s.aspects().delivery());
        }
        return new SummaryCard(s.subject().ref(), number(s.average()), number(s.weightedAverage()),
                s.recent().count() + " in the last " + s.recent().days() + " days" + (s.recent().average() == null ? "" : ", average " + number(s.recent().average())),
                s.count(), s.count() == 1 ? "1 review" : s.count() + " reviews", aspects, Charts.histogram(s.histogram()));
    }

    static InboxCard card(InboxReview r) {
        PublicReview review = r.review();
        List<String> labels = new ArrayList<>();
        for (String label : review.labels()) {
            labels.add(switch (label) {
                case "verified-purchase" -> "Verified purchase";
                case "edited" -> "Edited";
                case "redacted" -> "Redacted";
                case "incentivized" -> ConsoleView.incentive(review.incentive());
                default -> label;
            });
        }
        PublicReview.Response response = review.response();
        return new InboxCard(review.id(), review.subject().type() + ":" + review.subject().ref(), review.rating(), stars(review.rating()),
                review.title(), review.body(), review.author().handle(), date(review.createdAt()), labels, r.status(), r.answered(),
                response == null ? null : response.body(), response == null ? null : date(response.editedAt() != null ? response.editedAt() : response.createdAt()),
                null, null, response == null ? "" : response.body(), "published".equals(r.status()) ? review.photoList() : List.of());
    }

    static String stars(int rating) {
        return "★".repeat(rating) + "☆".repeat(5 - rating);
    }

    static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    private static String number(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static void addAspect(List<Aspect> aspects, String name, Double value) {
        if (value != null) {
            aspects.add(new Aspect(name, number(value)));
        }
    }
}
