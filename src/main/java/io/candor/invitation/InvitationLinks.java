package io.candor.invitation;

import io.candor.common.db.OperatorKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The signed, expiring token an invitation carries: which line of which transaction it invites a review of, and
 * until when. {@code base64url(v1|tenant|transaction ref|type|ref|expiry) . base64url(HMAC)}, the HMAC under a key
 * derived from the operator's key (never stored in the database), so neither the token's own content nor a copy of
 * the database lets anyone make one. It grants nothing: the buyer still signs in through the marketplace, and the
 * review is still checked against the buyer's own transaction.
 */
@ApplicationScoped
public class InvitationLinks {

    private static final String PURPOSE = "review-invitation-link";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What a token says. */
    public record Line(long tenantId, String transactionRef, String subjectType, String subjectRef, Instant expiresAt) {
    }

    private final OperatorKey operatorKey;

    public InvitationLinks(OperatorKey operatorKey) {
        this.operatorKey = operatorKey;
    }

    public String token(Line line) {
        String payload = String.join("|", "v1", Long.toString(line.tenantId()), line.transactionRef(), line.subjectType(), line.subjectRef(),
                Long.toString(line.expiresAt().getEpochSecond()));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(operatorKey.mac(PURPOSE, bytes));
    }

    /** The line of a token signed here, or nothing for anything else (expiry is the caller's to check). */
    public Optional<Line> read(String token) {
        if (token == null || token.length() > 1000) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, operatorKey.mac(PURPOSE, payload))) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 6 || !"v1".equals(parts[0])) {
                return Optional.empty();
            }
            return Optional.of(new Line(Long.parseLong(parts[1]), parts[2], parts[3], parts[4], Instant.ofEpochSecond(Long.parseLong(parts[5]))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
