package io.candor.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A marketplace using Candor. Its policy is kept as JSON and read through {@link TenantService}. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "tenant_id")
    private Long id;

    @Column(nullable = false, updatable = false)
    private String slug;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(nullable = false, updatable = false)
    private String issuer;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String policy;

    @Column(nullable = false, updatable = false)
    private byte[] secret;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The {@code aud} every user token must carry; null accepts tokens without regard to their audience. */
    @Column
    private String audience;

    /** Origins allowed to post sign-in forms, separated by spaces (an origin holds none). */
    @Column(name = "sign_in_origins", nullable = false)
    private String signInOrigins = "";

    @Version
    private int version;

    protected Tenant() {
    }

    Tenant(String slug, String displayName, String issuer, String policyJson, byte[] secret, Instant now) {
        this.slug = slug;
        this.displayName = displayName;
        this.issuer = issuer;
        this.policy = policyJson;
        this.secret = secret.clone();
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String displayName() {
        return displayName;
    }

    public String issuer() {
        return issuer;
    }

    public java.util.Optional<String> audience() {
        return java.util.Optional.ofNullable(audience);
    }

    public java.util.List<String> signInOrigins() {
        return signInOrigins.isEmpty() ? java.util.List.of() : java.util.List.of(signInOrigins.split(" "));
    }

    void changeAudience(String audience, Instant now) {
        this.audience = audience == null || audience.isEmpty() ? null : audience;
        this.updatedAt = now;
    }

    void changeSignInOrigins(java.util.List<String> origins, Instant now) {
        this.signInOrigins = String.join(" ", origins);
        this.updatedAt = now;
    }

    String policyJson() {
        return policy;
    }

    byte[] secret() {
        return secret.clone();
    }

    public Instant createdAt() {
        return createdAt;
    }

    void rename(String displayName, Instant now) {
        this.displayName = displayName;
        this.updatedAt = now;
    }

    void changePolicy(String policyJson, Instant now) {
        this.policy = policyJson;
        this.updatedAt = now;
    }

    void touch(Instant now) {
        this.updatedAt = now;
    }
}
