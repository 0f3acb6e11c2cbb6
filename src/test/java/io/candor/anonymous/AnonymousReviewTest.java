package io.candor.anonymous;

import io.candor.testing.TestMarketplace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anonymous reviews over HTTP, with a client that blinds and unblinds as the browser module does (RFC 9474): a buyer's
 * token, redeemed with no credential; the anonymity set; the author secret's edit, notices, appeal and withdrawal; each
 * refusal with its own problem type; and, over the whole live database, that nothing relates the anonymous review to the
 * buyer, the transaction or the issuance.
 */
@QuarkusTest
class AnonymousReviewTest {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AnonymousKeys keys;

    @Inject
    AgroalDataSource db;

    /** A finalized token and what was sent to get it. */
    record Token(String epoch, byte[] prepared, byte[] signature, byte[] blinded) {
        Map<String, Object> json() {
            return Map.of("epoch", epoch, "message", B64.encodeToString(prepared), "signature", B64.encodeToString(signature));
        }
    }

    /** What the browser module does: fetch the key twice (as the buyer and publicly), check they agree, blind, unblind. */
    static Token token(TestMarketplace market, String buyer, String order, String type, String ref) {
        Map<String, Object> line = Map.of("transaction", order, "subject", Map.of("type", type, "ref", ref));
        Map<String, Object> key = market.asBuyer(buyer).body(line).post("/api/v1/anonymous/keys").then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> published = market.anonymous().get(market.publicPath("/anonymous/keys/" + type + "/" + ref)).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertEquals(published, key, "everyone is served the same key");
        assertEquals("RSABSSA-SHA384-PSS-Randomized", key.get("algorithm"));
        byte[] encoded = UNB64.decode((String) key.get("publicKey"));
        assertArrayEquals(AnonymousKeys.sha256(encoded), UNB64.decode((String) key.get("keyId")), "the key id is the key's SHA-256");
        RSAPublicKey publicKey = AnonymousKeys.decodePublic(encoded);
        String epoch = (String) key.get("epoch");
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] prepared = BlindRsa.prepare(TokenMessage.text(market.slug, type, ref, epoch, nonce));
        BlindRsa.Blinded blinded = BlindRsa.blind(publicKey, prepared);
        Map<String, Object> request = new HashMap<>(line);
        request.put("keyId", key.get("keyId"));
        request.put("blindedMessage", B64.encodeToString(blinded.blindedMessage()));
        String blindSignature = market.asBuyer(buyer).body(request).post("/api/v1/anonymous/tokens").then().statusCode(200)
                .body("epoch", equalTo(epoch)).extract().path("blindSignature");
        byte[] signature = BlindRsa.finalizeSignature(publicKey, prepared, blinded, UNB64.decode(blindSignature));
        return new Token(epoch, prepared, signature, blinded.blindedMessage());
    }

    static Response redeem(TestMarketplace market, String type, String ref, Token token, String text, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", Map.of("type", type, "ref", ref));
        body.put("token", token.json());
        body.put("rating", 2);
        body.put("title", "Honest words");
        body.put("body", text);
        if (secret != null) {
            body.put("authorSecret", secret);
        }
        return RestAssured.given().contentType(ContentType.JSON).body(body).post(market.publicPath("/anonymous/reviews"));
    }

    static io.restassured.specification.RequestSpecification asAuthor(String secret) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + secret);
    }

    @Test
    void aTokenBecomesAReviewThatWaitsForItsAnonymitySetAndItsSecretActsAsItsAuthor() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("anonymitySetSize", 3));
        for (int i = 1; i <= 4; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 2, "sku-1", "sku-2");
        }
        Token token = token(market, "b-1", "o-1", "product", "sku-1");
        String chosen = B64.encodeToString(bytes(32));

        // a credential of the buyer's must not travel with the redemption
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + market.token("b-1", "buyer"))
                .body(Map.of("subject", Map.of("type", "product", "ref", "sku-1"), "token", token.json(), "rating", 2, "body", "x"))
                .post(market.publicPath("/anonymous/reviews")).then().statusCode(400).body("type", equalTo("/problems/bad-request"));

        Response written = redeem(market, "product", "sku-1", token, "The lamp flickers after a week; I would not buy it again.", chosen);
        written.then().statusCode(201).body("waitingForAnonymitySet", equalTo(true)).body("review.status", equalTo("sealed"))
                .body("review.verifiedPurchase", equalTo(true)).body("review.transaction", equalTo(null))
                .body("review.labels", hasItem("anonymous"));
        String id = written.path("review.id");
        String secret = written.path("authorSecret");
        assertEquals("cna_" + market.slug + "." + chosen, secret);
        assertFalse(((String) written.path("review.author.handle")).startsWith("buyer-"), "a pseudonym of its own");

        // waiting: not public, not counted
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(200).body("count", equalTo(0));
        // the same redemption again (its answer lost): the same review; without the secret, the token is spent
        redeem(market, "product", "sku-1", token, "The lamp flickers after a week; I would not buy it again.", chosen).then().statusCode(200)
                .body("review.id", equalTo(id));
        redeem(market, "product", "sku-1", token, "Another review with the same token.", null).then().statusCode(409)
                .body("type", equalTo("/problems/token-spent"));
        // one token per line, ever; and no named review of a line whose token was taken
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"),
                        "keyId", B64.encodeToString(bytes(32)), "blindedMessage", B64.encodeToString(token.blinded())))
                .post("/api/v1/anonymous/tokens").then().statusCode(409);
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5, "body", "Named."))
                .post("/api/v1/reviews").then().statusCode(409).body("type", equalTo("/problems/already-exists"));

        // the author secret reads it; and does nothing a buyer account does
        asAuthor(secret).get("/api/v1/me/reviews/" + id).then().statusCode(200).body("status", equalTo("sealed"));
        asAuthor(secret).body(Map.of("helpful", true)).put("/api/v1/reviews/" + id + "/vote").then().statusCode(403);
        asAuthor(secret).body(Map.of("transaction", "o-2", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5, "body", "x"))
                .post("/api/v1/reviews").then().statusCode(403);
        asAuthor("cna_" + market.slug + "." + B64.encodeToString(bytes(32))).get("/api/v1/me/reviews").then().statusCode(401);

        // two more tokens for the subject this month: the set reaches k = 3 and the review is published
        token(market, "b-2", "o-2", "product", "sku-1");
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(0));
        Token third = token(market, "b-3", "o-3", "product", "sku-1");
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(200).body("count", equalTo(1));
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200).body("labels", hasItem("verified-purchase"))
                .body("labels", hasItem("anonymous"));
        // once the set is reached, a new anonymous review is public at once
        redeem(market, "product", "sku-1", third, "Bright and steady, exactly as described.", null).then().statusCode(201)
                .body("waitingForAnonymitySet", equalTo(false)).body("review.status", equalTo("published"));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(2));

        // the author edits through the secret
        asAuthor(secret).header("If-Match", "\"1\"").body(Map.of("rating", 1)).patch("/api/v1/reviews/" + id).then().statusCode(200)
                .body("rating", equalTo(1));

        // a moderator removes it; the author secret reads the statement of reasons and appeals; another moderator overturns
        market.report("b-4", id, "spam");
        Map<String, Object> open = market.openCase("review", id);
        String decision = market.decide("m-1", (String) open.get("id"), "remove", "spam", "Reads like an advert.");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        asAuthor(secret).get("/api/v1/me/notices").then().statusCode(200).body("items", hasSize(1));
        String appeal = asAuthor(secret).body(Map.of("decision", decision, "grounds", "It is my own experience of the lamp."))
                .post("/api/v1/appeals").then().statusCode(201).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "It is an experience, not an advert."))
                .post("/api/v1/moderation/appeals/" + appeal + "/decision").then().statusCode(201);
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        asAuthor(secret).get("/api/v1/me/appeals").then().statusCode(200).body("items", hasSize(1));

        // the author withdraws it
        asAuthor(secret).delete("/api/v1/reviews/" + id).then().statusCode(204);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));

        // the transparency report counts anonymous reviews on their own (and among the others)
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        market.anonymous().queryParam("from", today).queryParam("to", today).get(market.publicPath("/transparency")).then().statusCode(200)
                .body("reviews.anonymous", equalTo(2)).body("reviews.submitted", equalTo(2));

        // the buyer's export says which line had its token, and nothing of the review
        String export = market.asBuyer("b-1").get("/api/v1/me/export").then().statusCode(200)
                .body("anonymousTokens", hasSize(1)).body("anonymousTokens[0].transaction", equalTo("o-1"))
                .body("anonymousTokens[0].subject.ref", equalTo("sku-1")).extract().asString();
        assertFalse(export.contains(id), "the export does not name the anonymous review");

        assertNothingRelatesTheReviewToTheBuyer(market, id, "b-1", "o-1");
    }

    @Test
    void eachRefusalHasItsOwnProblemType() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("anonymitySetSize", 2));
        market.purchase("o-1", "b-1", "s-1", 2, "sku-1", "sku-2");
        market.purchase("o-2", "b-2", "s-1", 2, "sku-3");
        Token forOne = token(market, "b-1", "o-1", "product", "sku-1");

        // a token for another subject
        redeem(market, "product", "sku-2", forOne, "Wrong subject.", null).then().statusCode(422).body("type", equalTo("/problems/token-wrong-subject"));
        // a forged token: a signature that is not the key's
        byte[] forged = forOne.signature().clone();
        forged[10] ^= 1;
        redeem(market, "product", "sku-1", new Token(forOne.epoch(), forOne.prepared(), forged, null), "Forged.", null).then().statusCode(422)
                .body("type", equalTo("/problems/token-invalid"));
        // a message never signed, under a valid-looking shape
        byte[] other = BlindRsa.prepare(TokenMessage.text(market.slug, "product", "sku-1", forOne.epoch(), bytes(32)));
        redeem(market, "product", "sku-1", new Token(forOne.epoch(), other, forOne.signature(), null), "Forged.", null).then().statusCode(422)
                .body("type", equalTo("/problems/token-invalid"));
        // a token of another marketplace's key
        TestMarketplace elsewhere = TestMarketplace.create();
        elsewhere.purchase("o-1", "b-1", "s-1", 2, "sku-1");
        Token foreign = token(elsewhere, "b-1", "o-1", "product", "sku-1");
        redeem(market, "product", "sku-1", foreign, "Foreign.", null).then().statusCode(422).body("type", equalTo("/problems/token-invalid"));
        // a token for a subject the buyer did not buy is never issued
        market.asBuyer("b-2").body(Map.of("transaction", "o-2", "subject", Map.of("type", "product", "ref", "sku-1")))
                .post("/api/v1/anonymous/keys").then().statusCode(403).body("type", equalTo("/problems/not-entitled"));
        // a blinded message made under a key that is not the current one
        market.asBuyer("b-2").body(Map.of("transaction", "o-2", "subject", Map.of("type", "product", "ref", "sku-3"),
                        "keyId", B64.encodeToString(bytes(32)), "blindedMessage", B64.encodeToString(bytes(256))))
                .post("/api/v1/anonymous/tokens").then().statusCode(409).body("type", equalTo("/problems/token-key-changed"));
        // an expired month: a key of three months ago, and a token signed under it
        String old = YearMonth.now(ZoneOffset.UTC).minusMonths(3).toString();
        long tenantId = tenantId(market.slug);
        AnonymousKeys.PublicKey oldKey = QuarkusTransaction.requiringNew().call(() -> keys.current(tenantId, "product", "sku-1", old).key());
        RSAPrivateCrtKey oldSigning = QuarkusTransaction.requiringNew().call(() -> keys.signingKey(tenantId, "product", "sku-1", old));
        byte[] oldPrepared = BlindRsa.prepare(TokenMessage.text(market.slug, "product", "sku-1", old, bytes(32)));
        BlindRsa.Blinded oldBlinded = BlindRsa.blind(oldKey.key(), oldPrepared);
        byte[] oldSignature = BlindRsa.finalizeSignature(oldKey.key(), oldPrepared, oldBlinded, BlindRsa.blindSign(oldSigning, oldBlinded.blindedMessage()));
        redeem(market, "product", "sku-1", new Token(old, oldPrepared, oldSignature, null), "Late.", null).then().statusCode(422)
                .body("type", equalTo("/problems/token-expired"));
        // bad input: not base64url, wrong sizes, no rating
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("subject", Map.of("type", "product", "ref", "sku-1"),
                        "token", Map.of("message", "!!!", "signature", "abc"), "rating", 2, "body", "x"))
                .post(market.publicPath("/anonymous/reviews")).then().statusCode(422).body("type", equalTo("/problems/validation"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("subject", Map.of("type", "product", "ref", "sku-1"), "token", forOne.json(), "body", "x"))
                .post(market.publicPath("/anonymous/reviews")).then().statusCode(422).body("type", equalTo("/problems/validation"));
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("subject", Map.of("type", "product", "ref", "sku-1"), "token", forOne.json(),
                        "rating", 2, "body", "x")).post("/api/v1/public/no-such-market/anonymous/reviews").then().statusCode(404);
        // none of that spent the token
        redeem(market, "product", "sku-1", forOne, "Finally written with the right subject.", null).then().statusCode(201);
        assertEquals(1, count("SELECT count(*) FROM anonymous_spent WHERE tenant_id = " + tenantId));
    }

    /**
     * Over every table of the live schema: a row that mentions the anonymous review (its id, its pseudonym's party id, ref
     * or handle) mentions nothing of the buyer's (their party id, ref or handle, the transaction's id or ref); and the
     * schema itself has no foreign key from the anonymous review's side to a transaction, an issuance or another party.
     */
    void assertNothingRelatesTheReviewToTheBuyer(TestMarketplace market, String reviewId, String buyerRef, String orderRef) throws Exception {
        long tenant = tenantId(market.slug);
        String anonParty = text("SELECT author_party_id::text FROM review WHERE tenant_id = " + tenant + " AND review_id = '" + reviewId + "'");
        String anonRef = text("SELECT ref FROM party WHERE tenant_id = " + tenant + " AND party_id = '" + anonParty + "'");
        String anonHandle = text("SELECT handle FROM party WHERE tenant_id = " + tenant + " AND party_id = '" + anonParty + "'");
        String buyerParty = text("SELECT party_id::text FROM party WHERE tenant_id = " + tenant + " AND ref = '" + buyerRef + "'");
        String buyerHandle = text("SELECT handle FROM party WHERE tenant_id = " + tenant + " AND ref = '" + buyerRef + "'");
        String transaction = text("SELECT transaction_id::text FROM completed_transaction WHERE tenant_id = " + tenant + " AND ref = '" + orderRef + "'");
        List<String> anonymous = List.of(reviewId, anonParty, anonRef, anonHandle);
        List<String> buyer = List.of(buyerParty, buyerHandle, transaction, "\"" + buyerRef + "\"", "\"" + orderRef + "\"", ":" + buyerRef + ",", ":" + orderRef + ",");
        Map<String, String> linked = new TreeMap<>();
        int rowsSeen = 0;
        for (String table : tables()) {
            try (Connection c = db.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
                while (rs.next()) {
                    String row = rs.getString(1);
                    if (anonymous.stream().anyMatch(row::contains)) {
                        rowsSeen++;
                        for (String b : buyer) {
                            if (row.contains(b)) {
                                linked.put(table, row.length() > 300 ? row.substring(0, 300) : row);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(Map.of(), linked, "rows that relate the anonymous review to its buyer");
        assertTrue(rowsSeen >= 5, "the review's own rows were found: " + rowsSeen);

        // the schema: the anonymous side's tables reach no transaction, issuance or party other than the pseudonym
        Map<String, Set<String>> references = new HashMap<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace")) {
            while (rs.next()) {
                references.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
            }
        }
        assertEquals(Set.of("tenant"), references.get("anonymous_spent"), "spent tokens refer to nothing but their marketplace");
        assertEquals(Set.of("tenant"), references.get("anonymous_key"), "keys refer to nothing but their marketplace");
        assertEquals(Set.of("completed_transaction"), references.get("anonymous_issuance"), "issuances refer to their transaction only");
        assertEquals(Set.of("party"), references.get("author_credential"), "a secret refers to its pseudonym only");
        for (Map.Entry<String, Set<String>> e : references.entrySet()) {
            assertFalse(e.getValue().contains("anonymous_issuance") || e.getValue().contains("anonymous_spent"),
                    e.getKey() + " refers to issuances or spent tokens");
        }
        List<String> issuanceColumns = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'anonymous_issuance'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            while (rs.next()) {
                issuanceColumns.add(rs.getString(1));
            }
        }
        assertEquals(List.of("tenant_id", "transaction_id", "subject_type", "subject_ref"), issuanceColumns,
                "an issuance records which line had its token, and nothing about the token or when");
        assertEquals(0, count("SELECT count(*) FROM review WHERE tenant_id = " + tenant + " AND anonymous_epoch IS NOT NULL AND transaction_id IS NOT NULL"));
    }

    private List<String> tables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') "
                        + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') "
                        + "ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private long tenantId(String slug) throws Exception {
        return count("SELECT tenant_id FROM tenant WHERE slug = '" + slug + "'");
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
