package io.candor.review;

import io.candor.transaction.Incentive;

import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.summary.Contribution;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A buyer's review of a product or seller. It guards its own life cycle: which status changes are
 * possible, whether it may still be edited, and what it contributes to its subject's summary.
 */
@Entity
@Table(name = "review")
@IdClass(Review.Key.class)
public class Review {

    /** The primary key, {@code (tenant_id, review_id)}: every lookup and lock names the tenant. */
    public static final class Key implements Serializable {
        private long tenantId;
        private UUID id;

        protected Key() {
        }

        public Key(long tenantId, UUID id) {
            this.tenantId = tenantId;
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.tenantId == tenantId && Objects.equals(k.id, id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, id);
        }
    }

    @Id
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private long tenantId;

    @Id
    @Column(name = "review_id")
    private UUID id;

    @Column(name = "subject_type", nullable = false, updatable = false)
    private String subjectType;

    @Column(name = "subject_ref", nullable = false, updatable = false)
    private String subjectRef;

    @Column(name = "transaction_id")
    private UUID transactionId;

    /** Null only after the author's erasure, while a decision on the review can still be appealed by others. */
    @Column(name = "author_party_id")
    private UUID authorPartyId;

    @Column(name = "seller_party_id")
    private UUID sellerPartyId;

    /** While sealed: when the double-blind window of its transaction ends and it is revealed at the latest. */
    @Column(name = "reveal_by")
    private Instant revealBy;

    /** For an anonymous review: the month of its token, whose anonymity set decides when it is published. */
    @Column(name = "anonymous_epoch", updatable = false)
    private String anonymousEpoch;

    /** Set by erasure: when the unlinked review is deleted for good. */
    @Column(name = "erase_after")
    private Instant eraseAfter;

    @Column(nullable = false)
    private short rating;

    private String title;

    @Column(nullable = false)
    private String body;

    @Column(name = "aspect_as_described")
    private Short asDescribed;

    @Column(name = "aspect_communication")
    private Short communication;

    @Column(name = "aspect_delivery")
    private Short delivery;

    @Column(nullable = false)
    private String status;

    @Column(nullable = false, updatable = false)
    private boolean verified;

    @Column(nullable = false)
    private boolean redacted;

    @Column(nullable = false)
    private boolean answered;

    /** What the author received for the review (see {@link Incentive}). */
    @Column(nullable = false)
    private String incentive = Incentive.NONE.code();

    /** Whether the incentive was declared by the author or, on the transaction, by the marketplace. */
    @Column(name = "incentive_declared_by", nullable = false)
    private String incentiveDeclaredBy = "author";

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "edited_at")
    private Instant editedAt;

    @Column(name = "status_changed_at", nullable = false)
    private Instant statusChangedAt;

    @Column(name = "helpful_up", insertable = false, updatable = false)
    private int helpfulUp;

    @Column(name = "helpful_down", insertable = false, updatable = false)
    private int helpfulDown;

    /** What the duplicate-text check compares; null for texts too short to be anyone's own words. */
    @Column(name = "text_fingerprint")
    private String textFingerprint;

    /** Counts edits, for ETags; not a JPA version, because votes change the row too. */
    @Column(nullable = false)
    private int version;

    protected Review() {
    }

    /** What a review says, and the fingerprint of its body for the duplicate-text check. */
    public record Content(int rating, String title, String body, Aspects aspects, String fingerprint) {
    }

    static Review create(UUID id, long tenantId, String subjectType, String subjectRef, UUID transactionId, UUID authorPartyId,
                         UUID sellerPartyId, boolean verified, Content content, ReviewStatus status, Instant revealBy, boolean redacted, Instant now) {
        Review review = new Review();
        review.id = id;
        review.tenantId = tenantId;
        review.subjectType = subjectType;
        review.subjectRef = subjectRef;
        review.transactionId = transactionId;
        review.authorPartyId = authorPartyId;
        review.sellerPartyId = sellerPartyId;
        review.verified = verified;
        review.setContent(content);
        review.status = status.code();
        review.revealBy = status == ReviewStatus.SEALED ? revealBy : null;
        review.redacted = redacted;
        review.createdAt = now;
        review.statusChangedAt = now;
        review.version = 1;
        return review;
    }

    /** The columns a new review's row is written with, in the order of {@link #insertValues()} (not the counters'). */
    static final String INSERT_COLUMNS = "tenant_id, review_id, subject_type, subject_ref, transaction_id, author_party_id, seller_party_id, "
            + "reveal_by, anonymous_epoch, erase_after, rating, title, body, aspect_as_described, aspect_communication, aspect_delivery, "
            + "status, verified, redacted, answered, incentive, incentive_declared_by, created_at, edited_at, status_changed_at, "
            + "text_fingerprint, version";

    /** The values of a new review's row, in the order of {@link #INSERT_COLUMNS}. */
    java.util.List<Object> insertValues() {
        return java.util.Arrays.asList(tenantId, id, subjectType, subjectRef, transactionId, authorPartyId, sellerPartyId,
                revealBy, anonymousEpoch, eraseAfter, rating, title, body, asDescribed, communication, delivery,
                status, verified, redacted, answered, incentive, incentiveDeclaredBy, createdAt, editedAt, statusChangedAt,
                textFingerprint, version);
    }

    /** An anonymous review: verified by its token, with no transaction, waiting (sealed) until its anonymity set is reached. */
    static Review anonymous(UUID id, long tenantId, String subjectType, String subjectRef, UUID authorPartyId, UUID sellerPartyId,
                            Content content, ReviewStatus status, String epoch, boolean redacted, Instant now) {
        Review review = create(id, tenantId, subjectType, subjectRef, null, authorPartyId, sellerPartyId, true, content, status, null, redacted, now);
        review.anonymousEpoch = epoch;
        return review;
    }

    public String anonymousEpoch() {
        return anonymousEpoch;
    }

    private void setContent(Content content) {
        this.rating = (short) content.rating();
        this.title = content.title();
        this.body = content.body();
        this.textFingerprint = content.fingerprint();
        Aspects a = content.aspects();
        this.asDescribed = a == null || a.asDescribed() == null ? null : a.asDescribed().shortValue();
        this.communication = a == null || a.communication() == null ? null : a.communication().shortValue();
        this.delivery = a == null || a.delivery() == null ? null : a.delivery().shortValue();
    }

    /** The author changes what the review says, within the tenant's edit window; held and sealed reviews may be edited too. */
    void edit(Content content, boolean redactedByChecks, Instant now, int editWindowDays) {
        ReviewStatus current = status();
        if (current == ReviewStatus.REMOVED || current == ReviewStatus.WITHDRAWN) {
            throw ProblemException.conflict("A " + current.code() + " review cannot be edited.");
        }
        if (now.isAfter(editableUntil(editWindowDays))) {
            throw ProblemException.of(ProblemType.WINDOW_CLOSED, "Reviews can be edited for " + editWindowDays + " days after they are written.");
        }
        setContent(content);
        this.redacted = this.redacted || redactedByChecks;
        this.editedAt = now;
        this.version++;
    }

    public Instant editableUntil(int editWindowDays) {
        return createdAt.plus(Duration.ofDays(editWindowDays));
    }

    /**
     * Moves to another status. Only {@link ReviewTransitions} calls this, after checking the transition table;
     * {@code revealBy} is when a sealed review is revealed at the latest.
     */
    void moveTo(ReviewStatus next, Instant revealBy, Instant now) {
        this.status = next.code();
        this.revealBy = next == ReviewStatus.SEALED ? revealBy : this.revealBy;
        this.statusChangedAt = now;
    }

    /** A moderator replaced parts of the text; the review is labelled, and the earlier version is kept in its history. */
    void redact(String title, String body) {
        this.title = title;
        this.body = body;
        this.redacted = true;
        this.version++;
    }

    /** An appeal overturned a redaction: the text as it read before comes back. */
    void restore(String title, String body, boolean stillRedacted) {
        this.title = title;
        this.body = body;
        this.redacted = stillRedacted;
        this.version++;
    }

    /**
     * The author was erased while someone else can still appeal a decision on this review: it leaves every view and
     * every summary now, loses its link to the author and its transaction, and is deleted after {@code eraseAfter}.
     */
    void unlinkForErasure(Instant eraseAfter) {
        this.authorPartyId = null;
        this.transactionId = null;
        this.eraseAfter = eraseAfter;
    }

    public Incentive incentive() {
        return Incentive.parse(incentive).orElse(Incentive.NONE);
    }

    /** Whether the marketplace declared the incentive on the transaction (then the author cannot change it). */
    public boolean incentiveDeclaredByMarketplace() {
        return "marketplace".equals(incentiveDeclaredBy);
    }

    /**
     * Declares what the author received: what the marketplace declared on the transaction when it gave something,
     * otherwise what the author says. The author can always disclose more, never less than the marketplace.
     */
    void declareIncentive(Incentive byAuthor, Incentive byMarketplace) {
        if (byMarketplace != null && byMarketplace.given()) {
            this.incentive = byMarketplace.code();
            this.incentiveDeclaredBy = "marketplace";
        } else {
            this.incentive = (byAuthor == null ? Incentive.NONE : byAuthor).code();
            this.incentiveDeclaredBy = "author";
        }
    }

    void markAnswered(boolean answered) {
        this.answered = answered;
    }

    /** What this review adds to its summary: only published reviews by verified buyers count. */
    public Contribution contribution() {
        if (status() != ReviewStatus.PUBLISHED || !verified) {
            return null;
        }
        return new Contribution(subjectType, subjectRef, sellerPartyId, rating,
                asDescribed == null ? null : (int) asDescribed, communication == null ? null : (int) communication,
                delivery == null ? null : (int) delivery, createdAt, incentive().given());
    }

    public UUID id() {
        return id;
    }

    public long tenantId() {
        return tenantId;
    }

    public String subjectType() {
        return subjectType;
    }

    public String subjectRef() {
        return subjectRef;
    }

    public UUID transactionId() {
        return transactionId;
    }

    public UUID authorPartyId() {
        return authorPartyId;
    }

    public UUID sellerPartyId() {
        return sellerPartyId;
    }

    public int rating() {
        return rating;
    }

    public String title() {
        return title;
    }

    public String body() {
        return body;
    }

    public Aspects aspects() {
        if (!"seller".equals(subjectType)) {
            return null;
        }
        return new Aspects(asDescribed == null ? null : (int) asDescribed, communication == null ? null : (int) communication,
                delivery == null ? null : (int) delivery);
    }

    public ReviewStatus status() {
        return ReviewStatus.of(status);
    }

    public boolean verified() {
        return verified;
    }

    public boolean redacted() {
        return redacted;
    }

    public boolean answered() {
        return answered;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant editedAt() {
        return editedAt;
    }

    public int helpfulUp() {
        return helpfulUp;
    }

    public int helpfulDown() {
        return helpfulDown;
    }

    public int version() {
        return version;
    }
}
