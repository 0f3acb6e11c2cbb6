package io.candor.moderation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** What the moderation API shows of cases: a queue item, and the whole case. */
public final class CaseView {

    private CaseView() {
    }

    /** The signals of one source on a case, summed: {@code check:links}, {@code report:spam}. */
    public record SignalTotal(String source, int count, double weight) {
    }

    /** A case in the queue. {@code assignee} is a moderator's handle. */
    @Schema(name = "CaseItem")
    public record Item(String id, Notice.Target target, String status, double priority, List<SignalTotal> signals, int reportCount,
                       Instant openedAt, Instant closedAt, String assignee, boolean hiddenByReports) {
    }

    /** What a queue entry shows of its content: the subject, the stars of a review, the start of the text. */
    public record Preview(String subject, Integer rating, String excerpt) {
    }

    /** The first {@code length} characters of a text, with an ellipsis when there was more. */
    public static String excerpt(String text, int length) {
        return text.length() > length ? text.substring(0, length - 1).stripTrailing() + "…" : text;
    }

    /** One signal as it came in. */
    @Schema(name = "CaseSignal")
    public record Signal(String source, double weight, String detail, Notice.Target item, Instant at) {
    }

    /** A report as moderators see it: the reporter by handle only, or none for the public endpoint. */
    @Schema(name = "CaseReport")
    public record Report(String id, Notice.Target target, String reason, String details, Reporter reporter, boolean viaPublic,
                         boolean bySubjectSeller, double weight, String outcome, Instant createdAt) {
    }

    /** The reporter's handle and track record. */
    public record Reporter(String handle) {
    }

    /**
     * A whole case: the content with its history ({@code items} holds each review of a surge), every signal and report,
     * and every decision ever made on the content, this case's included.
     */
    @Schema(name = "CaseDetail")
    public record Detail(String id, Notice.Target target, String status, double priority, List<SignalTotal> signalTotals, int reportCount,
                         Instant openedAt, Instant closedAt, String assignee, boolean hiddenByReports, ModeratedContent.View content,
                         List<ModeratedContent.View> items, List<Signal> signals, List<Report> reports, List<DecisionView> decisions) {
    }
}
