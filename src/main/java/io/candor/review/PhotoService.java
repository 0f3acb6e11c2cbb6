package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.AfterCompletion;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.TextNormalizer;
import io.candor.media.MediaConfig;
import io.candor.media.ObjectDeletionRepository;
import io.candor.media.ObjectStore;
import io.candor.media.PhotoImages;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Photos in reviews. An upload is re-encoded at once ({@link PhotoImages}: nothing but its pixels survives) and stored;
 * it waits, unseen by anyone, until its author attaches it to a review with alt text, or it expires. Removing, erasing
 * and expiring photos delete their rows and queue their objects for deletion in the same transaction
 * ({@link ObjectDeletionRepository}).
 */
@ApplicationScoped
public class PhotoService {

    private static final Logger LOG = Logger.getLogger(PhotoService.class);
    /** Uploads an author may have waiting at once. */
    static final int WAITING_LIMIT = 24;
    static final int ALT_MAX = 250;

    private final PhotoRepository repository;
    private final PhotoImages images;
    private final ObjectStore store;
    private final ObjectDeletionRepository deletions;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final AuditLog audit;
    private final MediaConfig config;
    private final Clock clock;
    private final TransactionSynchronizationRegistry transactions;

    public PhotoService(PhotoRepository repository, PhotoImages images, ObjectStore store, ObjectDeletionRepository deletions, TenantDirectory tenants,
                        PartyService parties, AuditLog audit, MediaConfig config, Clock clock, TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        this.repository = repository;
        this.images = images;
        this.store = store;
        this.deletions = deletions;
        this.tenants = tenants;
        this.parties = parties;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Checks and re-encodes an upload, outside any transaction (decoding is the slow part): what {@link #store} keeps. */
    public PhotoImages.Processed process(Caller caller, byte[] body) {
        TenantContext tenant = tenants.byId(caller.tenant());
        if (tenant.policy().maxPhotosPerReview() == 0) {
            throw ProblemException.forbidden("This marketplace does not take photos in reviews.");
        }
        return images.process(body);
    }

    /**
     * Keeps a re-encoded upload: its row, then its two objects. Should the transaction roll back after the objects
     * were written, they are deleted again. Only a process killed between writing the objects and committing leaves
     * objects no row names: nobody can address them, and docs/operations.md says how to find them.
     */
    @Transactional
    public PhotoUpload store(Caller caller, PhotoImages.Processed photo) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        UUID id = Ids.newId(now);
        PartyRef author = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.BUYER);
        if (repository.waitingUploads(tenant.id(), author.id()) >= WAITING_LIMIT) {
            throw new ProblemException(ProblemType.RATE_LIMITED, "You have " + WAITING_LIMIT + " photos waiting to be added to a review; "
                    + "add them or wait until they expire.", List.of(), Map.of("Retry-After", "3600"));
        }
        repository.insertUploaded(tenant.id(), id, author.id(), photo, now);
        List<String> keys = List.of(ObjectStore.key(tenant.id(), id, photo.display().sha256()), ObjectStore.key(tenant.id(), id, photo.thumb().sha256()));
        AfterCompletion.onRollback(transactions, () -> keys.forEach(key -> {
            try {
                store.delete(key);
            } catch (RuntimeException e) {
                LOG.warnf("an uploaded photo's object %s could not be deleted after its upload failed: %s", key, e.toString());
            }
        }));
        store.put(keys.get(0), photo.display().bytes(), photo.display().contentType());
        store.put(keys.get(1), photo.thumb().bytes(), photo.thumb().contentType());
        return new PhotoUpload(id.toString(), "uploaded", photo.display().width(), photo.display().height(),
                new PhotoUpload.Size(photo.thumb().width(), photo.thumb().height()), photo.display().bytes().length, now.plus(config.uploadExpiry()));
    }

    /** Checks, re-encodes and keeps an upload (for seeding and tests; the API goes through {@link #process} and {@link #store}). */
    public PhotoUpload upload(Caller caller, byte[] body) {
        PhotoImages.Processed photo = process(caller, body);
        return QuarkusTransaction.requiringNew().call(() -> store(caller, photo));
    }

    /**
     * Sets a review's photos to {@code wanted}, in that order, with their alt text: new uploads of the author are
     * attached; the review's photos left out are deleted (the author took them out); a photo a moderator removed
     * cannot come back this way. Runs in the review's transaction, with the review locked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void setPhotos(TenantContext tenant, UUID reviewId, UUID authorPartyId, List<PhotoInput> wanted, AuditLog.Actor actor, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        int max = tenant.policy().maxPhotosPerReview();
        if (wanted.size() > max) {
            errors.add(new FieldError("photos", max == 0 ? "this marketplace does not take photos in reviews" : "at most " + max + " photos"));
            throw ProblemException.validation(errors);
        }
        List<UUID> ids = new ArrayList<>();
        List<String> alts = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < wanted.size(); i++) {
            PhotoInput input = wanted.get(i);
            UUID id = parseId(input.id());
            if (id == null) {
                errors.add(new FieldError("photos[" + i + "].id", "must be the id of a photo you uploaded"));
            } else if (!seen.add(id)) {
                errors.add(new FieldError("photos[" + i + "].id", "is listed twice"));
            }
            ids.add(id);
            String alt = TextNormalizer.normalizeLine(input.alt());
            if (alt == null || alt.isEmpty() || TextNormalizer.length(alt) > ALT_MAX) {
                errors.add(new FieldError("photos[" + i + "].alt", "must describe the photo in 1.." + ALT_MAX + " characters"));
            }
            alts.add(alt);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        List<PhotoRepository.PhotoRow> current = repository.ofReview(tenant.id(), reviewId);
        Map<UUID, PhotoRepository.PhotoRow> rows = new LinkedHashMap<>();
        repository.lock(tenant.id(), ids).forEach(r -> rows.put(r.id(), r));
        for (int i = 0; i < ids.size(); i++) {
            PhotoRepository.PhotoRow row = rows.get(ids.get(i));
            boolean mine = row != null && authorPartyId.equals(row.authorPartyId())
                    && (row.reviewId() == null || row.reviewId().equals(reviewId));
            if (!mine) {
                errors.add(new FieldError("photos[" + i + "].id", "must be the id of a photo you uploaded"));
            } else if ("removed".equals(row.status())) {
                errors.add(new FieldError("photos[" + i + "].id", "a moderator removed this photo; appeal the decision to bring it back"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        List<UUID> dropped = current.stream().filter(p -> !seen.contains(p.id()) && !"removed".equals(p.status())).map(PhotoRepository.PhotoRow::id)
                .toList();
        if (!dropped.isEmpty()) {
            deletions.queue(tenant.id(), repository.delete(tenant.id(), dropped), now);
        }
        int added = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (rows.get(ids.get(i)).reviewId() == null) {
                added++;
            }
            repository.attach(tenant.id(), ids.get(i), reviewId, i, alts.get(i), now);
        }
        repository.refresh(tenant.id(), tenant.slug(), reviewId);
        if (added > 0 || !dropped.isEmpty()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("added", added);
            data.put("removedByAuthor", dropped.size());
            audit.append(tenant.id(), actor, "review.photos-changed", "review", reviewId.toString(), data, now);
        }
    }

    private static UUID parseId(String raw) {
        try {
            return raw == null ? null : UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The review's published photos as the public lists show them (JSON). */
    @Transactional(Transactional.TxType.MANDATORY)
    String publishedJson(long tenantId, UUID reviewId) {
        return repository.publishedJson(tenantId, reviewId);
    }

    /** Deletes a review's photos before the review itself goes (erasure, retention). */
    @Transactional(Transactional.TxType.MANDATORY)
    void deleteOfReview(long tenantId, UUID reviewId, Instant now) {
        List<String> keys = repository.deleteOfReview(tenantId, reviewId);
        if (!keys.isEmpty()) {
            deletions.queue(tenantId, keys, now);
        }
    }

    /**
     * An erased party's uploads that were never attached go; photos of their reviews that are kept while a decision can
     * be appealed lose their author (done here, not by the foreign key's action, which Citus cannot run).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int eraseUploadsOf(long tenantId, UUID partyId, Instant now) {
        List<String> keys = repository.deleteUploadsOf(tenantId, partyId);
        repository.unlinkAuthor(tenantId, partyId);
        deletions.queue(tenantId, keys, now);
        return keys.size() / 2;
    }

    /** The bytes of a rendition the public may see; empty when the photo, its review or the rendition is not public. */
    public Optional<byte[]> publicBytes(TenantContext tenant, UUID photoId, String sha256) {
        return repository.publicKey(tenant.id(), photoId, sha256).flatMap(store::get);
    }

    /** The bytes of any rendition of the tenant's photos, for moderators. */
    public Optional<byte[]> moderatorBytes(TenantContext tenant, UUID photoId, String sha256) {
        return repository.anyKey(tenant.id(), photoId, sha256).flatMap(store::get);
    }

    /** Deletes uploads never attached within {@code candor.photos.upload-expiry}. */
    @Scheduled(every = "{candor.photos.cleanup-interval:1m}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "photo-upload-expiry")
    void expireScheduled() {
        expiryRuns.run(this::expireUploads);
    }

    private final io.candor.common.ScheduledWork expiryRuns = new io.candor.common.ScheduledWork("expiring photo uploads", LOG);

    /** One pass, tenant by tenant (a transaction each, up to 500 uploads); answers how many uploads expired. */
    public int expireUploads() {
        Instant before = clock.instant().minus(config.uploadExpiry());
        int expiredCount = 0;
        for (long tenantId : repository.tenantsWithExpiredUploads(before)) {
            expiredCount += QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                List<PhotoRepository.PhotoRow> expired = repository.lockExpiredUploads(tenantId, before, 500);
                for (PhotoRepository.PhotoRow row : expired) {
                    deletions.queue(row.tenantId(), repository.delete(row.tenantId(), List.of(row.id())), now);
                }
                return expired.size();
            });
        }
        return expiredCount;
    }

    /**
     * Photos a moderator removed whose decision nobody can appeal any more ({@code appealable} answers until when
     * someone still can), deleted for good with their objects. Called by retention.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteRemovedDue(long tenantId, Instant now, java.util.function.BiFunction<Long, UUID, Optional<Instant>> appealable) {
        int deleted = 0;
        for (PhotoRepository.PhotoRow row : repository.removedBefore(tenantId, now.minus(Duration.ofDays(1)), 1000)) {
            TenantContext tenant = tenants.byId(row.tenantId());
            if (appealable.apply(row.tenantId(), row.id()).isPresent()) {
                continue;
            }
            if (repository.lockOne(row.tenantId(), row.id()).filter(r -> "removed".equals(r.status())).isEmpty()) {
                continue;
            }
            deletions.queue(row.tenantId(), repository.delete(row.tenantId(), List.of(row.id())), now);
            repository.refresh(row.tenantId(), tenant.slug(), row.reviewId());
            deleted++;
        }
        return deleted;
    }
}
