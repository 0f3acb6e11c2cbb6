package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A moderator opening a case of their own initiative: the decision's source is then {@code own-initiative}. */
@ApplicationScoped
@Transactional
public class CaseOpening {

    private final TenantDirectory tenants;
    private final PartyService parties;
    private final ModeratedContent content;
    private final CaseService cases;
    private final AuditLog audit;
    private final Clock clock;

    public CaseOpening(TenantDirectory tenants, PartyService parties, ModeratedContent content, CaseService cases, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.parties = parties;
        this.content = content;
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
    }

    public record Opened(UUID caseId, boolean created) {
    }

    public Opened open(Caller caller, ReportRequest.Target target) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        String type = target.type();
        if (!content.isKind(type)) {
            throw ProblemException.invalid("target.type", "must be " + content.kindList());
        }
        ModeratedContent.Target locked = content.lock(tenant.id(), type, Ids.parse(target.id(), content.kind(type).noun()));
        if ("withdrawn".equals(locked.status())) {
            throw ProblemException.conflict("The author withdrew this " + type + ".");
        }
        PartyRef moderator = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.MODERATOR);
        CaseService.Opened opened = cases.open(tenant.id(), type, locked.id().toString(), now);
        if (opened.created()) {
            audit.append(tenant.id(), new AuditLog.Actor(caller.primaryRole(), moderator.handle()), "case.taken-up", "case", opened.caseId().toString(),
                    Map.of("target", type + ":" + locked.id()), now);
        }
        return new Opened(opened.caseId(), opened.created());
    }
}
