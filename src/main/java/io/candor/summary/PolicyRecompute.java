package io.candor.summary;

import io.candor.tenant.TenantDirectory;
import io.candor.tenant.TenantPolicyChanged;
import io.candor.tenant.TenantPolicy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Recomputes a tenant's summaries once a policy change that decides what they count has committed: whether
 * incentivised reviews count, or the length of the recent window. It runs on a thread of its own (a large tenant
 * takes a while, and the operator's request should not wait for it), one tenant after another; until it reaches a
 * subject, that subject's summary still shows the figures of the previous policy, and the nightly recompute
 * catches anything a write in flight during the change added under the previous rules.
 */
@ApplicationScoped
public class PolicyRecompute {

    private static final Logger LOG = Logger.getLogger(PolicyRecompute.class);

    private final SummaryRecompute recompute;
    private final TenantDirectory tenants;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "candor-policy-recompute");
        thread.setDaemon(true);
        return thread;
    });

    public PolicyRecompute(SummaryRecompute recompute, TenantDirectory tenants) {
        this.recompute = recompute;
        this.tenants = tenants;
    }

    /** Whether a change from one policy to the other changes what summaries count. */
    static boolean changesCounts(TenantPolicy before, TenantPolicy after) {
        return !before.countIncentivizedReviews().equals(after.countIncentivizedReviews())
                || !before.recentWindowDays().equals(after.recentWindowDays());
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) TenantPolicyChanged change) {
        if (!changesCounts(change.before(), change.after())) {
            return;
        }
        worker.submit(() -> {
            try {
                SummaryRecompute.Result result = recompute.recomputeTenant(tenants.byId(change.tenantId()));
                LOG.infof("summaries of tenant %d recomputed after a policy change: %d subjects, %d changed", change.tenantId(),
                        result.subjects(), result.drifted());
            } catch (RuntimeException e) {
                LOG.warnf("recomputing the summaries of tenant %d after a policy change failed (the nightly recompute will): %s",
                        change.tenantId(), e.toString());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }
}
