package io.candor.review;

import io.candor.common.Jdbc;
import io.candor.media.ObjectStore;
import io.candor.media.PhotoImages;
import io.candor.moderation.ModeratedContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code review_photo} table and the {@code review.photos} list that public reads render from. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PhotoRepository {

    static final String COLUMNS = "tenant_id, photo_id, author_party_id, review_id, position, status, alt, width, height, display_sha256, "
            + "display_bytes, thumb_width, thumb_height, thumb_sha256, created_at ";

    private final Jdbc jdbc;

    public PhotoRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** One photo row. */
    record PhotoRow(long tenantId, UUID id, UUID authorPartyId, UUID reviewId, Integer position, String status, String alt, int width, int height,
                    String displaySha, int displayBytes, int thumbWidth, int thumbHeight, String thumbSha, Instant createdAt) {

        List<String> keys() {
            return List.of(ObjectStore.key(tenantId, id, displaySha), ObjectStore.key(tenantId, id, thumbSha));
        }
    }

    private static PhotoRow read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PhotoRow(rs.getLong("tenant_id"), rs.getObject("photo_id", UUID.class), rs.getObject("author_party_id", UUID.class),
                rs.getObject("review_id", UUID.class), Jdbc.integer(rs, "position"), rs.getString("status"), rs.getString("alt"), rs.getInt("width"),
                rs.getInt("height"), rs.getString("display_sha256"), rs.getInt("display_bytes"), rs.getInt("thumb_width"), rs.getInt("thumb_height"),
                rs.getString("thumb_sha256"), Jdbc.instant(rs, "created_at"));
    }

    void insertUploaded(long tenantId, UUID id, UUID authorPartyId, PhotoImages.Processed photo, Instant now) {
        jdbc.update("INSERT INTO review_photo (tenant_id, photo_id, author_party_id, status, width, height, display_sha256, display_bytes, "
                        + "thumb_width, thumb_height, thumb_sha256, created_at, status_changed_at) VALUES (?, ?, ?, 'uploaded', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                List.of(tenantId, id, authorPartyId, photo.display().width(), photo.display().height(), photo.display().sha256(),
                        photo.display().bytes().length, photo.thumb().width(), photo.thumb().height(), photo.thumb().sha256(), now, now));
    }

    /** How many uploads of an author wait to be attached. */
    int waitingUploads(long tenantId, UUID authorPartyId) {
        return jdbc.query("SELECT count(*) FROM review_photo WHERE tenant_id = ? AND author_party_id = ? AND status = 'uploaded'",
                List.of(tenantId, authorPartyId), rs -> rs.getInt(1)).get(0);
    }

    /** The photos with these ids, locked, in id order. */
    List<PhotoRow> lock(long tenantId, Collection<UUID> ids) {
        return jdbc.query("SELECT " + COLUMNS + "FROM review_photo WHERE tenant_id = ? AND photo_id = ANY (?) ORDER BY photo_id FOR UPDATE",
                List.of(tenantId, ids.toArray(UUID[]::new)), PhotoRepository::read);
    }

    /** Every photo of a review (any status), in position order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<PhotoRow> ofReview(long tenantId, UUID reviewId) {
        return jdbc.query("SELECT " + COLUMNS + "FROM review_photo WHERE tenant_id = ? AND review_id = ? ORDER BY position, photo_id",
                List.of(tenantId, reviewId), PhotoRepository::read);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<PhotoRow> find(long tenantId, UUID id) {
        return jdbc.query("SELECT " + COLUMNS + "FROM review_photo WHERE tenant_id = ? AND photo_id = ?", List.of(tenantId, id), PhotoRepository::read)
                .stream().findFirst();
    }

    Optional<PhotoRow> lockOne(long tenantId, UUID id) {
        return jdbc.query("SELECT " + COLUMNS + "FROM review_photo WHERE tenant_id = ? AND photo_id = ? FOR UPDATE", List.of(tenantId, id),
                PhotoRepository::read).stream().findFirst();
    }

    void attach(long tenantId, UUID id, UUID reviewId, int position, String alt, Instant now) {
        jdbc.update("UPDATE review_photo SET review_id = ?, position = ?, alt = ?, status = CASE WHEN status = 'uploaded' THEN 'published' ELSE status END, "
                        + "attached_at = coalesce(attached_at, ?), status_changed_at = CASE WHEN status = 'uploaded' THEN ? ELSE status_changed_at END "
                        + "WHERE tenant_id = ? AND photo_id = ?",
                List.of(reviewId, position, alt, now, now, tenantId, id));
    }

    void setStatus(long tenantId, UUID id, String status, Instant now) {
        jdbc.update("UPDATE review_photo SET status = ?, status_changed_at = ? WHERE tenant_id = ? AND photo_id = ?", List.of(status, now, tenantId, id));
    }

    /** Deletes the rows; answers the object keys they named, which the caller queues for deletion. */
    List<String> delete(long tenantId, Collection<UUID> ids) {
        List<String> keys = new ArrayList<>();
        if (ids.isEmpty()) {
            return keys;
        }
        jdbc.query("DELETE FROM review_photo WHERE tenant_id = ? AND photo_id = ANY (?) RETURNING photo_id, display_sha256, thumb_sha256",
                List.of(tenantId, ids.toArray(UUID[]::new)), rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    keys.add(ObjectStore.key(tenantId, id, rs.getString(2)));
                    keys.add(ObjectStore.key(tenantId, id, rs.getString(3)));
                    return id;
                });
        return keys;
    }

    /** Deletes every photo of a review; answers their object keys. */
    List<String> deleteOfReview(long tenantId, UUID reviewId) {
        return delete(tenantId, ofReview(tenantId, reviewId).stream().map(PhotoRow::id).toList());
    }

    /** The photos that stay after their author's erasure (kept with a review while it can be appealed) name no one. */
    void unlinkAuthor(long tenantId, UUID authorPartyId) {
        jdbc.update("UPDATE review_photo SET author_party_id = NULL WHERE tenant_id = ? AND author_party_id = ?", List.of(tenantId, authorPartyId));
    }

    /** Deletes an author's photos that wait to be attached; answers their object keys. */
    List<String> deleteUploadsOf(long tenantId, UUID authorPartyId) {
        List<UUID> ids = jdbc.query("SELECT photo_id FROM review_photo WHERE tenant_id = ? AND author_party_id = ? AND status = 'uploaded'",
                List.of(tenantId, authorPartyId), rs -> rs.getObject(1, UUID.class));
        return delete(tenantId, ids);
    }

    /** The tenants with uploads never attached since {@code before} (a read, no lock). */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<Long> tenantsWithExpiredUploads(Instant before) {
        return jdbc.query("SELECT DISTINCT tenant_id FROM review_photo WHERE status = 'uploaded' AND created_at < ? ORDER BY tenant_id",
                List.of(before), rs -> rs.getLong(1));
    }

    /** One tenant's uploads never attached since {@code before}, locked (skipping those another instance holds). */
    List<PhotoRow> lockExpiredUploads(long tenantId, Instant before, int limit) {
        return jdbc.query("SELECT " + COLUMNS + "FROM review_photo WHERE tenant_id = ? AND status = 'uploaded' AND created_at < ? "
                + "ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED", List.of(tenantId, before, limit), PhotoRepository::read);
    }

    /** A tenant's photos a moderator removed before {@code before}, for retention. */
    List<PhotoRow> removedBefore(long tenantId, Instant before, int limit) {
        return jdbc.query("SELECT " + COLUMNS + "FROM review_photo WHERE tenant_id = ? AND status = 'removed' AND status_changed_at < ? "
                + "ORDER BY status_changed_at LIMIT ?", List.of(tenantId, before, limit), PhotoRepository::read);
    }

    /**
     * Rewrites the review's {@code photos} list from its published photos, with their public addresses: what every
     * public read renders, without a join.
     */
    void refresh(long tenantId, String slug, UUID reviewId) {
        String base = "/api/v1/public/" + slug + "/photos/";
        jdbc.update("UPDATE review SET photos = coalesce((SELECT jsonb_agg(jsonb_build_object('id', p.photo_id, 'alt', p.alt, "
                        + "'width', p.width, 'height', p.height, 'url', ? || p.photo_id || '/' || p.display_sha256 || '.jpg', "
                        + "'thumb', jsonb_build_object('url', ? || p.photo_id || '/' || p.thumb_sha256 || '.jpg', 'width', p.thumb_width, "
                        + "'height', p.thumb_height)) ORDER BY p.position, p.photo_id) FROM review_photo p "
                        + "WHERE p.tenant_id = ? AND p.review_id = ? AND p.status = 'published'), '[]'::jsonb) WHERE tenant_id = ? AND review_id = ?",
                List.of(base, base, tenantId, reviewId, tenantId, reviewId));
    }

    /** The review's {@code photos} list as JSON. */
    @Transactional(Transactional.TxType.SUPPORTS)
    String publishedJson(long tenantId, UUID reviewId) {
        return jdbc.query("SELECT photos::text FROM review WHERE tenant_id = ? AND review_id = ?", List.of(tenantId, reviewId), rs -> rs.getString(1))
                .stream().findFirst().orElse("[]");
    }

    /**
     * Whether a rendition may be served publicly: the photo and its review are published, and the hash names one of
     * its two renditions.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<String> publicKey(long tenantId, UUID photoId, String sha256) {
        return jdbc.queryPublic("SELECT 1 FROM review_photo p JOIN review r ON r.tenant_id = p.tenant_id AND r.review_id = p.review_id "
                        + "WHERE p.tenant_id = ? AND p.photo_id = ? AND p.status = 'published' AND r.status = 'published' "
                        + "AND (p.display_sha256 = ? OR p.thumb_sha256 = ?)", List.of(tenantId, photoId, sha256, sha256), rs -> 1)
                .stream().findFirst().map(x -> ObjectStore.key(tenantId, photoId, sha256));
    }

    /** Whether a rendition exists at all in the tenant (moderators see every status). */
    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<String> anyKey(long tenantId, UUID photoId, String sha256) {
        return jdbc.query("SELECT 1 FROM review_photo WHERE tenant_id = ? AND photo_id = ? AND (display_sha256 = ? OR thumb_sha256 = ?)",
                        List.of(tenantId, photoId, sha256, sha256), rs -> 1)
                .stream().findFirst().map(x -> ObjectStore.key(tenantId, photoId, sha256));
    }

    /** A review's photos as moderators see them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<ModeratedContent.Photo> forModeration(long tenantId, UUID reviewId) {
        return ofReview(tenantId, reviewId).stream().map(PhotoRepository::moderated).toList();
    }

    static ModeratedContent.Photo moderated(PhotoRow p) {
        String base = "/api/v1/moderation/photos/" + p.id() + "/";
        return new ModeratedContent.Photo(p.id().toString(), p.status(), p.alt(), p.width(), p.height(), base + p.thumbSha() + ".jpg",
                base + p.displaySha() + ".jpg");
    }

    /** Photo counts for the transparency report: published and removed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    int[] counts(long tenantId) {
        return jdbc.query("SELECT count(*) FILTER (WHERE status = 'published'), count(*) FILTER (WHERE status = 'removed') FROM review_photo "
                + "WHERE tenant_id = ?", List.of(tenantId), rs -> new int[] {rs.getInt(1), rs.getInt(2)}).get(0);
    }
}
