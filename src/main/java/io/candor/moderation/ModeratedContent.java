package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Content under moderation, whatever its kind: the engine's one entry point to the {@link ModeratedKind}s that the
 * features register. Cases, reports, decisions and appeals reach content only through here, by type and id.
 */
@ApplicationScoped
public class ModeratedContent {

    /** What a moderator's redaction leaves in place of the removed text. */
    public static final String REMOVED_TEXT = "[removed by a moderator]";

    private final Map<String, ModeratedKind> kinds;

    public ModeratedContent(Instance<ModeratedKind> registered) {
        this.kinds = registered.stream().sorted(Comparator.comparingInt(ModeratedKind::order))
                .collect(Collectors.toMap(ModeratedKind::type, k -> k, (a, b) -> {
                    throw new IllegalStateException("two moderated kinds named " + a.type());
                }, LinkedHashMap::new));
    }

    /**
     * A piece of content, locked for a change: what moderation needs to decide and to address the notices.
     *
     * @param sellerPartyId the seller of the subject the content is about (for a seller's response: its author)
     * @param parentId      the content it belongs to (a response's review), or its own id
     * @param rating        the stars it gives, for content that rates; null otherwise
     */
    public record Target(String type, UUID id, String status, UUID authorPartyId, UUID sellerPartyId, String subjectType, String subjectRef,
                         Integer rating, UUID parentId, int version) {

        public boolean isPublic() {
            return "published".equals(status);
        }
    }

    /** One version in a content's history. */
    @Schema(name = "ContentVersion")
    public record Version(int version, Integer rating, String title, String body, String cause, Instant at) {
    }

    /** What the content is about; the API documents it as the reviews' {@code Subject} (same fields). */
    public record Subject(String type, String ref) {
    }

    /** Its author, by handle only. */
    public record Author(String handle) {
    }

    /** Seller review aspects, each 1..5. */
    public record Aspects(Integer asDescribed, Integer communication, Integer delivery) {
    }

    /** The content as a moderator sees it, with every earlier version. */
    @Schema(name = "ModeratedContent")
    public record View(String type, String id, String status, @Schema(ref = "Subject") Subject subject, Integer rating, String title, String body,
                       @Schema(ref = "Aspects") Aspects aspects, @Schema(ref = "Author") Author author, boolean verifiedPurchase, Instant createdAt,
                       Instant editedAt, List<String> labels, String review, List<Version> history, List<Photo> photos) {

        public View(String type, String id, String status, Subject subject, Integer rating, String title, String body, Aspects aspects, Author author,
                    boolean verifiedPurchase, Instant createdAt, Instant editedAt, List<String> labels, String review, List<Version> history) {
            this(type, id, status, subject, rating, title, body, aspects, author, verifiedPurchase, createdAt, editedAt, labels, review, history,
                    List.of());
        }

        public View withHistory(List<Version> versions) {
            return new View(type, id, status, subject, rating, title, body, aspects, author, verifiedPurchase, createdAt, editedAt, labels, review,
                    versions, photos);
        }

        public View withPhotos(List<Photo> shown) {
            return new View(type, id, status, subject, rating, title, body, aspects, author, verifiedPurchase, createdAt, editedAt, labels, review,
                    history, shown);
        }
    }

    /**
     * A photo as a moderator sees it, whatever its status; its addresses need a moderator's credentials.
     *
     * @param thumb   the thumbnail's address
     * @param display the display size's address
     */
    @Schema(name = "ModeratedPhoto")
    public record Photo(String id, String status, String alt, int width, int height, String thumb, String display) {

        /** The thumbnail's address for the moderation console's pages (cookie-authenticated). */
        public String consoleThumb() {
            return thumb.replace("/api/v1/moderation/", "/moderation/");
        }

        /** The display size's address for the console's pages. */
        public String consoleDisplay() {
            return display.replace("/api/v1/moderation/", "/moderation/");
        }
    }

    /** Text a moderator removes from one field. */
    public record TextRedaction(String field, String text) {
    }

    /** Whether reports and cases may target this type. */
    public boolean isKind(String type) {
        return type != null && kinds.containsKey(type);
    }

    /** "review or response": the kinds, for validation messages. */
    public String kindList() {
        List<String> names = List.copyOf(kinds.keySet());
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The kind; a 404 problem for a type no feature registered. */
    public ModeratedKind kind(String type) {
        ModeratedKind kind = type == null ? null : kinds.get(type);
        if (kind == null) {
            throw ProblemException.notFound("Target");
        }
        return kind;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Target lock(long tenantId, String type, UUID id) {
        return kind(type).lock(tenantId, id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Target> tryLock(long tenantId, String type, UUID id) {
        return kind(type).tryLock(tenantId, id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Target moveTo(TenantContext tenant, Target target, String status, AuditLog.Actor actor, String action, Map<String, ?> details,
                         Instant now) {
        return kind(target.type()).moveTo(tenant, target, status, actor, action, details, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int redact(TenantContext tenant, Target target, List<TextRedaction> redactions, AuditLog.Actor actor, Map<String, ?> details,
                      Instant now) {
        return kind(target.type()).redact(tenant, target, redactions, actor, details, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(TenantContext tenant, Target target, int version, int redactedVersion, AuditLog.Actor actor, Map<String, ?> details,
                           Instant now) {
        return kind(target.type()).restore(tenant, target, version, redactedVersion, actor, details, now);
    }

    public Optional<View> view(long tenantId, String type, UUID id) {
        return kind(type).view(tenantId, id);
    }

    /** Previews by id, for content of several kinds: one call per kind. */
    public Map<UUID, CaseView.Preview> previews(long tenantId, Map<String, ? extends Collection<UUID>> idsByType, int excerpt) {
        Map<UUID, CaseView.Preview> previews = new LinkedHashMap<>();
        idsByType.forEach((type, ids) -> {
            if (!ids.isEmpty() && kinds.containsKey(type)) {
                previews.putAll(kinds.get(type).previews(tenantId, ids, excerpt));
            }
        });
        return previews;
    }
}
