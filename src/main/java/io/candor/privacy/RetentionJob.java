package io.candor.privacy;

import io.candor.appeal.AppealService;
import io.candor.common.db.AdvisoryLocks;
import io.candor.moderation.ModerationRepository;
import io.candor.review.ReviewErasure;
import io.candor.review.ReviewRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Applies the retention periods (default daily): unlinks old moderation records from parties and deletes
 * content that erasure kept only while it could still be appealed. One instance runs it at a time.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final long LOCK_KEY = 0x43616e646f72_03L;

    private final ModerationRepository moderation;
    private final AppealService appeals;
    private final ReviewErasure reviews;
    private final RetentionConfig config;
    private final AdvisoryLocks locks;
    private final Clock clock;
    private final io.candor.moderation.DecisionService decisions;

    public RetentionJob(ModerationRepository moderation, AppealService appeals, ReviewErasure reviews, RetentionConfig config, AdvisoryLocks locks,
                        Clock clock, io.candor.moderation.DecisionService decisions) {
        this.decisions = decisions;
        this.moderation = moderation;
        this.appeals = appeals;
        this.reviews = reviews;
        this.config = config;
        this.locks = locks;
        this.clock = clock;
    }

    /** What one run did. */
    public record Result(int unlinked, int deleted) {
    }

    @Scheduled(cron = "{candor.retention.cron:0 45 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "retention")
    void scheduled() {
        runs.run(this::runNow);
    }

    private final io.candor.common.ScheduledWork runs = new io.candor.common.ScheduledWork("retention", LOG);

    private void runNow() {
        Result result = run(clock.instant());
        if (result.unlinked() + result.deleted() > 0) {
            LOG.infof("retention: %d moderation records unlinked from parties, %d erased reviews and responses deleted",
                    result.unlinked(), result.deleted());
        }
    }

    /** One run as of {@code now}; skipped (nothing done) while another instance runs. */
    public Result run(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean mine = locks.tryForTransaction(LOCK_KEY);
            if (!mine) {
                return new Result(0, 0);
            }
            int unlinked = moderation.unlinkExpired(now.minus(config.reportLinks()), now.minus(config.noticeLinks()), now.minus(config.appealLinks()), now)
                    + appeals.unlinkDecidedBefore(now.minus(config.appealLinks()));
            int deleted = 0;
            for (ReviewRepository.Unlinked item : reviews.unlinkedDue(now)) {
                if (!appeals.pendingOn(item.tenantId(), item.type(), item.id(), null)) {
                    deleted += reviews.deleteUnlinked(item, now);
                }
            }
            deleted += reviews.deleteRemovedPhotos(now, (tenantId, photoId) -> decisions.appealableUntil(tenantId, "photo", photoId, now)
                    .or(() -> appeals.pendingOn(tenantId, "photo", photoId, null) ? Optional.of(now) : Optional.empty()));
            return new Result(unlinked, deleted);
        });
    }
}
