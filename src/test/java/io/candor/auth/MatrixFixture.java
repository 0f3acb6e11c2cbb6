package io.candor.auth;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.candor.testing.WebhookReceiver;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Two marketplaces for the authorization matrix. The first has everything an operation can be called on: buyers
 * with reviews (of a product and of the seller), a seller's response and feedback, a report in an open case, a
 * removal under appeal, a webhook, a dead-lettered event and a spare API key. The second ("other") has its own
 * buyer, seller, moderator, review, case and webhook, so its callers have lists of their own to read.
 *
 * <p>Every party ref is distinctive ({@code b-qz71}, throw-aways {@code t-qz-<n>}) so that the walk can look for each
 * in every answer. Calls that would spoil the fixture (erasures, revocations, deleting the webhook) are made on
 * throw-away parties, keys and marketplaces; rows that need a fresh target (a review to withdraw, a case to decide)
 * make one for the caller who may act on it, and use the fixture's ids for everyone else.
 */
final class MatrixFixture {

    /** The callers, in the order of the matrix's columns. */
    enum Who {
        ANONYMOUS, BUYER, SELLER, MODERATOR, MARKETPLACE, ADMIN, FORGED, OTHER_BUYER, OTHER_SELLER, OTHER_MODERATOR, OTHER_MARKETPLACE;

        boolean other() {
            return name().startsWith("OTHER_");
        }
    }

    static final String BUYER = "b-qz71";
    static final String SELLER = "s-qz72";
    static final String MODERATOR = "m-qz73";
    /** Decides the fixture's removals, so that {@link #MODERATOR} may decide the appeals against them. */
    static final String SECOND_MODERATOR = "m-qz74";
    static final String REPORTER = "b-qz75";
    static final String OTHER_AUTHOR = "b-qz76";
    static final String REPORTED_AUTHOR = "b-qz77";
    static final String OTHER_BUYER = "b-qz81";
    static final String OTHER_SELLER = "s-qz82";
    static final String OTHER_MODERATOR = "m-qz83";
    static final String OTHER_REPORTER = "b-qz84";
    static final String FIRST_ORDER = "ord-a-1";
    /** A product the buyer bought and has not reviewed: its anonymous-review key exists. */
    static final String ANONYMOUS_ORDER = "ord-a-4";
    static final String ANONYMOUS_SKU = "sku-a4";

    private static final String WEBHOOK_SECRET = "matrix-webhook-secret-0";

    private final AtomicInteger counter = new AtomicInteger();
    private final Set<String> partyRefs = new LinkedHashSet<>(List.of(BUYER, SELLER, MODERATOR, SECOND_MODERATOR, REPORTER, OTHER_AUTHOR,
            REPORTED_AUTHOR, OTHER_BUYER, OTHER_SELLER, OTHER_MODERATOR, OTHER_REPORTER));
    private final Set<String> sellerRefs = new LinkedHashSet<>(List.of(SELLER, OTHER_SELLER));

    private AgroalDataSource db;
    TestMarketplace first;
    TestMarketplace other;
    long firstTenantId;
    private KeyPair forgerKeys;
    String webhookUrl;
    String otherWebhookUrl;

    String buyersReview;
    String answeredReview;
    /** The public address of a photo of {@link #answeredReview}. */
    String photoPath;
    String reportedReview;
    String openCase;
    String appealedDecision;
    String pendingAppeal;
    String spareKeyPrefix;
    String deadEvent;
    /** A review invitation's link token for the first marketplace's first order. */
    String invitationToken;

    private MatrixFixture() {
    }

    /** A fixture with nothing in it, for reading the matrix's rows without calling anything. */
    static MatrixFixture blank() {
        return new MatrixFixture();
    }

    static MatrixFixture create(AgroalDataSource db, List<WebhookReceiver> receivers) {
        MatrixFixture f = new MatrixFixture();
        f.db = db;
        f.forgerKeys = TestMarketplace.rsaKeys();
        try {
            WebhookReceiver firstReceiver = WebhookReceiver.start(0, 0);
            WebhookReceiver otherReceiver = WebhookReceiver.start(0, 0);
            receivers.add(firstReceiver);
            receivers.add(otherReceiver);
            f.webhookUrl = firstReceiver.url();
            f.otherWebhookUrl = otherReceiver.url();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        f.populateFirst();
        f.populateOther();
        return f;
    }

    private void populateFirst() {
        first = TestMarketplace.create();
        firstTenantId = Long.parseLong(Db.text(db, "SELECT tenant_id::text FROM tenant WHERE slug = ?", first.slug));
        first.asMarketplace().body(Map.of("url", webhookUrl, "secret", WEBHOOK_SECRET)).put("/api/v1/webhook").then().statusCode(200);
        first.purchase(FIRST_ORDER, BUYER, SELLER, 1, "sku-a1", "sku-a2");
        first.purchase("ord-a-2", OTHER_AUTHOR, SELLER, 1, "sku-a1");
        first.purchase("ord-a-3", REPORTED_AUTHOR, SELLER, 1, "sku-a3");

        invitationToken = io.quarkus.arc.Arc.container().instance(io.candor.invitation.InvitationLinks.class).get()
                .token(new io.candor.invitation.InvitationLinks.Line(firstTenantId, FIRST_ORDER, "product", "sku-a2",
                        java.time.Instant.now().plus(java.time.Duration.ofDays(30))));
        buyersReview = first.review(BUYER, FIRST_ORDER, "sku-a1", 4, text());
        // the buyer's review of the seller and the seller's feedback on the buyer: sealed, then revealed together
        first.asBuyer(BUYER).body(Map.of("transaction", FIRST_ORDER, "subject", Map.of("type", "seller", "ref", SELLER), "rating", 5,
                        "title", "Good shop", "body", text(), "aspects", Map.of("asDescribed", 5, "communication", 4, "delivery", 5)))
                .post("/api/v1/reviews").then().statusCode(201);
        first.asSeller(SELLER).body(Map.of("rating", "positive", "comment", "Paid at once."))
                .put("/api/v1/transactions/" + FIRST_ORDER + "/buyer-feedback").then().statusCode(200);

        answeredReview = first.review(OTHER_AUTHOR, "ord-a-2", "sku-a1", 3, text());
        String photo = io.candor.review.ReviewPhotosTest.upload(first, OTHER_AUTHOR, io.candor.media.TestImages.encode(io.candor.media.TestImages.card(64, 48), "jpeg"));
        photoPath = first.asBuyer(OTHER_AUTHOR).header("If-Match", "\"1\"").body(Map.of("photos", java.util.List.of(Map.of("id", photo, "alt", "The lamp"))))
                .patch("/api/v1/reviews/" + answeredReview).then().statusCode(200).extract().path("photos[0].url");
        first.asSeller(SELLER).body(Map.of("body", "Thank you, we are sorry about the delay.")).put("/api/v1/reviews/" + answeredReview + "/response")
                .then().statusCode(200);
        first.asBuyer(BUYER).body(Map.of("helpful", true)).put("/api/v1/reviews/" + answeredReview + "/vote").then().statusCode(204);

        reportedReview = first.review(REPORTED_AUTHOR, "ord-a-3", "sku-a3", 2, text());
        openCase = caseOn(reportedReview);

        appealedDecision = removalOf(first.review(BUYER, FIRST_ORDER, "sku-a2", 1, text()));
        pendingAppeal = appeal(BUYER, appealedDecision);

        first.purchase(ANONYMOUS_ORDER, BUYER, SELLER, 1, ANONYMOUS_SKU);
        first.asBuyer(BUYER).body(anonymousLine()).post("/api/v1/anonymous/keys").then().statusCode(200);

        spareKeyPrefix = TestMarketplace.admin().post("/api/v1/admin/tenants/" + first.slug + "/api-keys").then().statusCode(201)
                .extract().path("prefix");
        // the sender gave up on one event: the operator's retry has something to send again
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(db,
                "SELECT count(*) FROM outbox_event WHERE tenant_id = ? AND status = 'delivered'", firstTenantId) > 0);
        deadEvent = Db.text(db, "UPDATE outbox_event SET status = 'dead' WHERE tenant_id = ? AND event_id = "
                + "(SELECT event_id FROM outbox_event WHERE tenant_id = ? AND status = 'delivered' ORDER BY seq LIMIT 1) RETURNING event_id::text",
                firstTenantId, firstTenantId);
        // the sequencer (every second) has signed a head of the first marketplace's log, so its proofs can be asked for
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(db,
                "SELECT count(*) FROM log_head WHERE tenant_id = ? AND tree_size >= 2", firstTenantId) > 0);
        firstAuditSeq = Db.count(db, "SELECT min(entry_id) FROM log_entry WHERE tenant_id = ?", firstTenantId);
    }

    private void populateOther() {
        other = TestMarketplace.create();
        other.asMarketplace().body(Map.of("url", otherWebhookUrl, "secret", WEBHOOK_SECRET)).put("/api/v1/webhook").then().statusCode(200);
        other.purchase("ord-b-1", OTHER_BUYER, OTHER_SELLER, 1, "sku-a1");
        other.purchase("ord-b-2", OTHER_REPORTER, OTHER_SELLER, 1, "sku-a1");
        String review = other.review(OTHER_BUYER, "ord-b-1", "sku-a1", 5, text());
        other.asSeller(OTHER_SELLER).body(Map.of("body", "Thank you!")).put("/api/v1/reviews/" + review + "/response").then().statusCode(200);
        other.report(OTHER_REPORTER, review, "spam");
    }

    /** Once the matrix has run, nothing needs events any more: the sender stops posting to receivers that go away. */
    void stopWebhooks() {
        first.asMarketplace().delete("/api/v1/webhook").then().statusCode(204);
        other.asMarketplace().delete("/api/v1/webhook").then().statusCode(204);
    }

    /** The credential a caller sends; null for the anonymous one. */
    String credential(Who who) {
        return switch (who) {
            case ANONYMOUS -> null;
            case BUYER -> first.token(BUYER, "buyer");
            case SELLER -> first.token(SELLER, "seller");
            case MODERATOR -> first.token(MODERATOR, "moderator");
            case MARKETPLACE -> first.apiKey;
            case ADMIN -> TestMarketplace.ADMIN_TOKEN;
            case FORGED -> forged();
            case OTHER_BUYER -> other.token(OTHER_BUYER, "buyer");
            case OTHER_SELLER -> other.token(OTHER_SELLER, "seller");
            case OTHER_MODERATOR -> other.token(OTHER_MODERATOR, "moderator");
            case OTHER_MARKETPLACE -> other.apiKey;
        };
    }

    /** A well-formed token for the first marketplace's buyer, signed with a key the marketplace never registered. */
    private String forged() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(first.issuer);
        claims.setSubject(BUYER);
        claims.setStringListClaim("groups", "buyer");
        claims.setExpirationTimeMinutesInTheFuture(10);
        return TestMarketplace.sign(claims, forgerKeys.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    /** Whether the caller is one of the first marketplace's parties. */
    boolean isParty(Who who) {
        return who == Who.BUYER || who == Who.SELLER || who == Who.MODERATOR;
    }

    int next() {
        return counter.incrementAndGet();
    }

    /** A throw-away party of the first marketplace. */
    String stranger() {
        return mint();
    }

    private String mint() {
        String ref = "t-qz-" + next();
        partyRefs.add(ref);
        return ref;
    }

    /** Review text no other review has, so the duplicate-text check never holds it. */
    String text() {
        return "Matrix review " + next() + ": the lamp is bright, the base is sturdy and it came on time.";
    }

    String admin(String rest) {
        return "/api/v1/admin/tenants/" + first.slug + rest;
    }

    long firstAuditSeq;

    String pub(String rest) {
        return first.publicPath(rest);
    }

    Map<String, Object> newTenant() {
        String slug = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        return Map.of("slug", slug, "displayName", "Matrix " + slug, "issuer", "https://" + slug + ".test.invalid",
                "publicKeys", List.of(TestMarketplace.pem(TestMarketplace.rsaKeys().getPublic())));
    }

    Map<String, Object> anonymousLine() {
        return Map.of("transaction", ANONYMOUS_ORDER, "subject", Map.of("type", "product", "ref", ANONYMOUS_SKU));
    }

    /**
     * A blinded token request: for the first marketplace's callers, for a line of a purchase made for this call (a
     * line gets one token); for the other marketplace's, for a line of the first one, changing nothing of it.
     */
    Map<String, Object> tokenRequest(Who who) {
        if (who.other()) {
            return Map.of("transaction", ANONYMOUS_ORDER, "subject", Map.of("type", "product", "ref", ANONYMOUS_SKU),
                    "keyId", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]),
                    "blindedMessage", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256]));
        }
        String order = "ord-t-" + next();
        first.purchase(order, BUYER, SELLER, 1, ANONYMOUS_SKU);
        Map<String, Object> line = Map.of("transaction", order, "subject", Map.of("type", "product", "ref", ANONYMOUS_SKU));
        String keyId = first.asBuyer(BUYER).body(line).post("/api/v1/anonymous/keys").then().statusCode(200).extract().path("keyId");
        Map<String, Object> request = new java.util.HashMap<>(line);
        request.put("keyId", keyId);
        request.put("blindedMessage", io.candor.anonymous.AnonymousTokens.blinded(first, ANONYMOUS_SKU).blindedBase64());
        return request;
    }

    /** A review written with a fresh token of the buyer's. */
    Map<String, Object> anonymousReview() {
        String order = "ord-r-" + next();
        first.purchase(order, BUYER, SELLER, 1, ANONYMOUS_SKU);
        return Map.of("subject", Map.of("type", "product", "ref", ANONYMOUS_SKU), "token",
                io.candor.anonymous.AnonymousTokens.issue(first, BUYER, order, "product", ANONYMOUS_SKU), "rating", 4, "body", text());
    }

    Map<String, Object> newTransaction(Who who) {
        boolean other = who.other();
        return Map.of("ref", "ord-f-" + next(), "buyer", other ? OTHER_BUYER : BUYER, "seller", other ? OTHER_SELLER : SELLER,
                "completedAt", Instant.now().minus(Duration.ofHours(2)).toString(), "products", List.of("sku-f-" + next()));
    }

    String webhookUrlOf(Who who) {
        return who.other() ? otherWebhookUrl : webhookUrl;
    }

    /** The key of a marketplace made for this call alone, with a webhook to remove. */
    String spareMarketplaceKey() {
        TestMarketplace spare = TestMarketplace.create();
        spare.asMarketplace().body(Map.of("url", webhookUrl, "secret", WEBHOOK_SECRET)).put("/api/v1/webhook").then().statusCode(200);
        return spare.apiKey;
    }

    /** A throw-away buyer of the first marketplace with a purchase and a review to erase. */
    String partyWithData() {
        String party = stranger();
        reviewBy(party);
        return party;
    }

    /** For the callers who may erase themselves, a throw-away party's token in their role and marketplace; else null. */
    String spareParty(Who who) {
        return switch (who) {
            case BUYER -> first.token(partyWithData(), "buyer");
            case SELLER -> {
                String seller = mint();
                first.purchase("ord-f-" + next(), stranger(), seller, 1, "sku-f-" + next());
                yield first.token(seller, "seller");
            }
            case MODERATOR -> first.token(mint(), "moderator");
            case OTHER_BUYER -> {
                String buyer = mint();
                other.purchase("ord-f-" + next(), buyer, OTHER_SELLER, 1, "sku-f-" + next());
                yield other.token(buyer, "buyer");
            }
            case OTHER_SELLER -> other.token(mint(), "seller");
            case OTHER_MODERATOR -> other.token(mint(), "moderator");
            default -> null;
        };
    }

    /** A product review: the buyer's fresh purchase for the buyer, the first order for everyone else. */
    Map<String, Object> newReview(Who who) {
        String order = who == Who.BUYER ? purchaseOf(BUYER, "sku-f-" + next()) : FIRST_ORDER;
        String product = who == Who.BUYER ? productOf(order) : "sku-a1";
        return Map.of("transaction", order, "subject", Map.of("type", "product", "ref", product), "rating", 4, "title", "Fine", "body", text());
    }

    private final Map<String, String> products = new LinkedHashMap<>();

    private String purchaseOf(String buyer, String product) {
        String order = "ord-f-" + next();
        first.purchase(order, buyer, SELLER, 1, product);
        products.put(order, product);
        return order;
    }

    private String productOf(String order) {
        return products.get(order);
    }

    /** A fresh transaction of the first marketplace's seller with this buyer; answers its ref. */
    String purchaseBy(String buyer) {
        return purchaseOf(buyer, "sku-f-" + next());
    }

    /** A fresh published product review by this party of the first marketplace; answers its id. */
    String reviewBy(String author) {
        String order = purchaseBy(author);
        return first.review(author, order, productOf(order), 3, text());
    }

    /** A fresh review with the seller's answer, for the seller to withdraw the answer; answers the review's id. */
    String answeredReviewOfOwnProduct() {
        String review = reviewBy(stranger());
        first.asSeller(SELLER).body(Map.of("body", "Thank you for telling us.")).put("/api/v1/reviews/" + review + "/response").then().statusCode(200);
        return review;
    }

    /** The reporter reports the review; answers the id of its case. */
    String caseOn(String review) {
        String report = first.report(REPORTER, review, "spam");
        return Db.text(db, "SELECT case_id::text FROM report WHERE tenant_id = ? AND report_id = CAST(? AS uuid)", firstTenantId, report);
    }

    /** The review reported and removed by the second moderator; answers the decision's id. */
    String removalOf(String review) {
        return first.decide(SECOND_MODERATOR, caseOn(review), "remove", "spam", "Reads like an advert.");
    }

    private String appeal(String author, String decision) {
        return first.asBuyer(author).body(Map.of("decision", decision, "grounds", "It is my honest experience."))
                .post("/api/v1/appeals").then().statusCode(201).extract().path("id");
    }

    /** A fresh appeal by this author against the removal of a fresh review of theirs; answers the appeal's id. */
    String appealOf(String author) {
        return appeal(author, removalOf(reviewBy(author)));
    }

    Map<String, Object> report(String review) {
        return Map.of("target", Map.of("type", "review", "id", review), "reason", "spam", "details", "It advertises another shop.");
    }

    /** The buyer's edit of their review, with the ETag of their last read; everyone else sends a guess. */
    Call edit(Who who) {
        String etag = who == Who.BUYER
                ? first.asBuyer(BUYER).get("/api/v1/me/reviews/" + buyersReview).then().statusCode(200).extract().header("ETag")
                : "\"1\"";
        return Call.patch("/api/v1/reviews/" + buyersReview, Map.of("body", text())).header("If-Match", etag);
    }

    Set<String> partyRefs() {
        return partyRefs;
    }

    Set<String> sellerRefs() {
        return sellerRefs;
    }

    /**
     * A digest of every row of the first marketplace, table by table. Outbox events count by what they say, not by
     * their delivery state, which the background sender keeps changing; log entries by what they say, not by the
     * leaf index the background sequencer gives them, whose subtrees, heads and key are left out likewise.
     */
    Map<String, String> snapshot() {
        Map<String, String> digests = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (var c = db.getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        tables.removeAll(List.of("log_node", "log_head", "log_key"));
        for (String table : tables) {
            String row = switch (table) {
                case "outbox_event" -> "concat_ws('|', t.event_id, t.type, t.target_key, t.payload)";
                case "log_entry" -> "concat_ws('|', t.entry_id, t.at, t.actor_role, t.actor_handle, t.action, t.target_type, t.target_id, t.data)";
                default -> "t::text";
            };
            digests.put(table, Db.text(db, "SELECT count(*) || ':' || coalesce(md5(string_agg(" + row + ", ',' ORDER BY " + row + ")), '') FROM "
                    + table + " t WHERE t.tenant_id = ?", firstTenantId));
        }
        return digests;
    }

    /** Every id and handle of the first marketplace that an answer could carry. */
    Set<String> firstMarketplaceIds() {
        Set<String> ids = new LinkedHashSet<>(List.of(first.slug, webhookUrl));
        for (String[] column : new String[][]{{"review", "review_id"}, {"review_response", "response_id"}, {"moderation_case", "case_id"},
                {"report", "report_id"}, {"decision", "decision_id"}, {"appeal", "appeal_id"}, {"notice", "notice_id"},
                {"buyer_feedback", "feedback_id"}, {"outbox_event", "event_id"}, {"party", "handle"}}) {
            try (var c = db.getConnection(); var ps = c.prepareStatement("SELECT " + column[1] + "::text FROM " + column[0] + " WHERE tenant_id = ?")) {
                ps.setLong(1, firstTenantId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return ids;
    }

    /** Sends a call as the given caller: the call's own credential if it has one, else the caller's. */
    io.restassured.response.Response send(Call call, Who who, String idempotencyKey) {
        var spec = RestAssured.given().redirects().follow(false).contentType(ContentType.JSON);
        String credential = call.credential() != null ? call.credential() : credential(who);
        if (credential != null) {
            spec.header("Authorization", "Bearer " + credential);
        }
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        call.headers().forEach(spec::header);
        if (call.body() instanceof byte[] bytes) {
            spec.body(bytes); // a photo, sent as it is
        } else if (call.body() != null) {
            spec.body(call.body());
        }
        return spec.request(call.method(), call.path());
    }
}
