package io.candor.moderation.check;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The same text as another review of the tenant in the last 30 days ({@value TextFingerprint#CHECK_CODE}) holds
 * the review: copied reviews are how review farms work. Texts too short to be anyone's own words never match.
 */
@ApplicationScoped
public class DuplicateTextCheck implements AutomatedCheck {

    static final double WEIGHT = 4.0;

    private final Jdbc jdbc;
    private final ChecksConfig config;

    public DuplicateTextCheck(Jdbc jdbc, ChecksConfig config) {
        this.jdbc = jdbc;
        this.config = config;
    }

    @Override
    public String code() {
        return TextFingerprint.CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        if (!input.isReview()) {
            return Optional.empty();
        }
        Optional<String> fingerprint = TextFingerprint.of(input.body());
        if (fingerprint.isEmpty()) {
            return Optional.empty();
        }
        // review_fingerprint index
        int copies = jdbc.query("SELECT count(*) FROM review WHERE tenant_id = ? AND text_fingerprint = ? AND created_at > ? AND review_id <> ?",
                List.of(input.tenant().id(), fingerprint.get(), input.now().minus(config.duplicateWindow()), input.targetId()),
                rs -> rs.getInt(1)).get(0);
        if (copies == 0) {
            return Optional.empty();
        }
        return Optional.of(Finding.hold(code(), WEIGHT, "the same text as " + copies + (copies == 1 ? " other review" : " other reviews")
                + " in the last " + config.duplicateWindow().toDays() + " days"));
    }
}
