package io.candor.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.Ids;
import io.candor.common.Page;
import io.candor.common.TimeKeyset;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Statements of reasons: one per affected party and decision, kept as sent, readable at {@code /me/notices}
 * and delivered to the marketplace as {@code notice.issued} so it can reach its user however it likes.
 */
@ApplicationScoped
public class NoticeService {

    public static final String APPEAL_ENDPOINT = "/api/v1/appeals";

    private final NoticeRepository repository;
    private final ObjectMapper mapper;
    private final PartyService parties;
    private final Outbox outbox;

    public NoticeService(NoticeRepository repository, ObjectMapper mapper, PartyService parties, Outbox outbox) {
        this.repository = repository;
        this.mapper = mapper;
        this.parties = parties;
        this.outbox = outbox;
    }

    /**
     * What the notice says beyond the decision itself.
     *
     * @param statement the reasons, when they are not the decision's own (an appeal's outcome); else null
     */
    public record Wording(String action, String scope, String duration, String facts, String statement) {

        public Wording(String action, String scope, String duration, String facts) {
            this(action, scope, duration, facts, null);
        }
    }

    /**
     * Issues a notice about {@code decision} to one party.
     *
     * @param appealAllowed whether this recipient may appeal the decision
     * @param outcome       set for a notice about an appeal's outcome
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notice issue(TenantContext tenant, DecisionRecord decision, UUID recipient, String role, Wording wording, boolean appealAllowed,
                        Notice.AppealOutcome outcome, Instant now) {
        UUID id = Ids.newId(now);
        PolicyCatalog.Policy policy = decision.policy();
        Notice notice = new Notice(id.toString(), decision.id().toString(), wording.action(), wording.scope(), wording.duration(), wording.facts(),
                decision.source(), decision.automatedDetection(), decision.automatedDecision(),
                new Notice.PolicyRef(policy.code(), policy.version(), policy.title()),
                wording.statement() == null ? decision.statement() : wording.statement(),
                new Notice.Appeal(appealAllowed, appealAllowed ? decision.appealUntil() : null, appealAllowed ? APPEAL_ENDPOINT : null),
                new Notice.Target(decision.targetType(), decision.targetId().toString()), role, now, outcome);
        String json;
        try {
            json = mapper.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        repository.insert(tenant.id(), id, decision.id(), outcome == null ? null : UUID.fromString(outcome.appeal()), recipient, role, json, now);
        // The marketplace relays notices to its users; to it, the party ref is its own identifier.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("recipient", parties.byId(tenant.id(), recipient).map(p -> p.ref()).orElse(null));
        data.put("notice", notice);
        outbox.enqueue(tenant.id(), "notice.issued", decision.targetId().toString(), data, now);
        return notice;
    }

    /** The party's notices, newest first. */
    public Page<Notice> received(TenantContext tenant, UUID partyId, int limit, String cursor) {
        String scope = "notices|" + partyId;
        List<Object> params = new ArrayList<>(List.of(tenant.id(), partyId));
        Optional<TimeKeyset.Key> after = TimeKeyset.after(tenant.secret(), scope, cursor);
        after.ifPresent(key -> params.addAll(List.of(key.at(), key.id())));
        params.add(limit + 1);
        record Row(UUID id, Instant at, Notice notice) {
        }
        // notice_recipient index
        List<Row> rows = repository.page(params, after.isPresent()).stream().map(r -> new Row(r.id(), r.at(), read(r.json()))).toList();
        Page<Row> page = TimeKeyset.page(rows, limit, tenant.secret(), scope, Row::at, Row::id);
        return new Page<>(page.items().stream().map(Row::notice).toList(), page.nextCursor());
    }

    /** Every notice the party received, newest first, for an export. */
    public List<Notice> allReceived(long tenantId, UUID partyId) {
        return repository.allOf(tenantId, partyId).stream().map(this::read).toList();
    }

    private Notice read(String json) {
        try {
            return mapper.readValue(json, Notice.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notice is not readable", e);
        }
    }
}
