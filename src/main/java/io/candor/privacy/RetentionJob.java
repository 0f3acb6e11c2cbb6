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
    /** The advisory lock space of retention: one lock per tenant ("Rete"). */
    private static final int LOCK_SPACE = 0x52657465;

    private final ModerationRepository moderation;
    private final AppealService appeals;
    private final ReviewErasure reviews;
    private final RetentionConfig config;
    private final AdvisoryLocks locks;
    private final Clock clock;
    private final io.candor.moderation.DecisionService decisions;
    private final io.candor.tenant.TenantDirectory tenants;

    public RetentionJob(ModerationRepository moderation, AppealService appeals, ReviewErasure reviews, RetentionConfig config, AdvisoryLocks locks,
                        Clock clock, io.candor.moderation.DecisionService decisions, io.candor.tenant.TenantDirectory tenants) {
        this.decisions = decisions;
        this.tenants = tenants;
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

    /**
     * One run as of {@code now}, tenant by tenant, a transaction each (on Citus each runs on that tenant's shard group);
     * a tenant another instance is working on is skipped (nothing done for it here).
     */
    public Result run(Instant now) {
        int unlinked = 0;
        int deleted = 0;
        for (long tenantId : tenants.allIds()) {
            Result one = QuarkusTransaction.requiringNew().call(() -> runFor(tenantId, now));
            unlinked += one.unlinked();
            deleted += one.deleted();
        }
        return new Result(unlinked, deleted);
    }

    private Result runFor(long tenantId, Instant now) {
        if (!locks.tryForTransaction(LOCK_SPACE, Long.hashCode(tenantId))) {
            return new Result(0, 0);
        }
        int unlinked = moderation.unlinkExpired(tenantId, now.minus(config.reportLinks()), now.minus(config.noticeLinks()),
                now.minus(config.appealLinks()), now) + appeals.unlinkDecidedBefore(tenantId, now.minus(config.appealLinks()));
        int deleted = 0;
        for (ReviewRepository.Unlinked item : reviews.unlinkedDue(tenantId, now)) {
            if (!appeals.pendingOn(item.tenantId(), item.type(), item.id(), null)) {
                deleted += reviews.deleteUnlinked(item, now);
            }
        }
        deleted += reviews.deleteRemovedPhotos(tenantId, now, (t, photoId) -> decisions.appealableUntil(t, "photo", photoId, now)
                .or(() -> appeals.pendingOn(t, "photo", photoId, null) ? Optional.of(now) : Optional.empty()));
        return new Result(unlinked, deleted);
    }
}
