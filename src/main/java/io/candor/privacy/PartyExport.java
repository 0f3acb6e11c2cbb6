package io.candor.privacy;

import io.candor.appeal.AppealView;
import io.candor.feedback.FeedbackService;
import io.candor.moderation.ModerationRepository;
import io.candor.moderation.Notice;
import io.candor.review.ReviewQueries;
import io.candor.transaction.TransactionService;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/me/export}: everything Candor holds that is linked to the caller, in one document (GDPR
 * Art. 15 and 20). The party appears by handle; their ref is the marketplace's, and the caller knows it.
 */
public record PartyExport(Instant exportedAt, String marketplace, Party party, List<TransactionService.Participation> transactions,
                          List<ReviewQueries.ExportedReview> reviews, List<ReviewQueries.ExportedResponse> responses,
                          List<ReviewQueries.ExportedVote> votes, List<ModerationRepository.FiledReport> reports, List<AppealView> appeals,
                          List<Notice> notices, FeedbackService.Exported feedback,
                          /** Lines of the party's purchases whose anonymous-review token was issued (not which reviews those are: nothing says). */
                          List<io.candor.anonymous.AnonymousService.TokenTaken> anonymousTokens) {

    public record Party(String handle, Instant since) {
    }
}
