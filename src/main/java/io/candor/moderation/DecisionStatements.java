package io.candor.moderation;

import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The statements of reasons a decision sends (DSA Art. 17): one to the author, one to each reporter, in the tenant's
 * notice language ({@link NoticeWording}), each with the facts the decision rested on.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DecisionStatements {

    private final ModeratedContent content;
    private final NoticeService notices;

    public DecisionStatements(ModeratedContent content, NoticeService notices) {
        this.content = content;
        this.notices = notices;
    }

    void issue(TenantContext tenant, DecisionRecord decision, ModeratedContent.Target target, List<ReportRepository.Pending> reports,
                               List<String> checks, Instant now) {
        NoticeWording words = NoticeWording.of(tenant);
        boolean rates = content.kind(target.type()).countsTowardsRating();
        Map<String, Object> about = Map.of("what", words.kind(target.type()), "subject", words.subject(target.subjectType(), target.subjectRef()));
        String facts = facts(words, reports, checks);
        boolean removes = !"keep".equals(decision.action());
        NoticeService.Wording forAuthor = switch (decision.action()) {
            case "keep" -> new NoticeService.Wording("keep", words.text("held".equals(decision.previousStatus()) ? "author.keep.held" : "author.keep",
                    about), words.text("author.keep.duration"), facts);
            case "remove" -> new NoticeService.Wording("remove", words.text("author.remove", with(about, "rating", rates ? words.text("author.remove.rating") : "")),
                    words.text("author.remove.duration", Map.of("until", words.date(decision.appealUntil()))), facts);
            default -> new NoticeService.Wording("redact", words.text("author.redact", with(about, "removed", ModeratedContent.REMOVED_TEXT)),
                    words.text("author.redact.duration"), facts);
        };
        if (target.authorPartyId() != null) {
            notices.issue(tenant, decision, target.authorPartyId(), "author", forAuthor, removes, null, now);
        }
        Set<UUID> reporters = new LinkedHashSet<>();
        reports.stream().map(ReportRepository.Pending::reporter).filter(r -> r != null && !r.equals(target.authorPartyId())).forEach(reporters::add);
        for (UUID reporter : reporters) {
            String reasons = reports.stream().filter(r -> reporter.equals(r.reporter())).map(ReportRepository.Pending::reason).distinct()
                    .collect(Collectors.joining(", "));
            Map<String, Object> report = with(with(about, "reasons", reasons), "outcome", words.text("reporter." + decision.action()));
            NoticeService.Wording forReporter = new NoticeService.Wording(decision.action(), words.text("reporter", report),
                    words.text(removes ? "reporter.duration.removed" : "reporter.duration.kept"), facts);
            notices.issue(tenant, decision, reporter, "reporter", forReporter, !removes, null, now);
        }
    }

    static String facts(NoticeWording words, List<ReportRepository.Pending> reports, List<String> checks) {
        List<String> parts = new ArrayList<>();
        if (!reports.isEmpty()) {
            Map<String, Long> byReason = reports.stream().collect(Collectors.groupingBy(ReportRepository.Pending::reason, LinkedHashMap::new, Collectors.counting()));
            String reasons = byReason.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
                    .collect(Collectors.joining(", "));
            parts.add(words.text(reports.size() == 1 ? "facts.reported.one" : "facts.reported.many", Map.of("count", reports.size(), "reasons", reasons)));
        }
        if (!checks.isEmpty()) {
            parts.add(words.text("facts.checks", Map.of("checks", String.join(", ", checks))));
        }
        if (parts.isEmpty()) {
            parts.add(words.text("facts.own-initiative"));
        }
        parts.add(words.text("facts.decided"));
        return String.join(" ", parts);
    }

    static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(values);
        more.put(key, value);
        return more;
    }
}
