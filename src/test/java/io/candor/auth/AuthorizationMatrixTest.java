package io.candor.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.candor.auth.MatrixFixture.Who;
import io.candor.testing.OpenApiDocument;
import io.candor.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static io.candor.auth.MatrixFixture.BUYER;
import static io.candor.auth.MatrixFixture.FIRST_ORDER;
import static io.candor.auth.MatrixFixture.SELLER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the live OpenAPI document, called by every kind of caller, against the status it must get:
 * the first marketplace's anonymous visitor, buyer, seller, moderator and backend, the operator, a forged token, and
 * the buyer, seller, moderator and backend of another marketplace. Authorized callers reach a 2xx (or the documented
 * answer of the business rule); the rest get 401 (no or a bad credential) or 403 (the wrong role); another
 * marketplace's callers get 404 on the first one's ids, see none of them in their own lists, and change nothing of it.
 *
 * <p>The same walk checks the answers against the document: every status is documented, every body has exactly
 * the documented shape, errors are problem+json, POSTs replay under an {@code Idempotency-Key}, public reads answer
 * 304 to their ETag, and no answer carries a party ref.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static MatrixRun run;
    private static final List<WebhookReceiver> RECEIVERS = new ArrayList<>();

    @Inject
    AgroalDataSource db;

    /** The matrix: one row per operation; the columns are {@link Who}'s, in its order. */
    static List<Row> matrix(MatrixFixture f) {
        return List.of(
                // ------------------------------------------------------ anon buyer seller mod mkt admin forged | other: buyer seller mod mkt
                row("POST /api/v1/admin/tenants", who -> Call.post("/api/v1/admin/tenants", f.newTenant()),
                        401, 403, 403, 403, 403, 201, 401, 403, 403, 403, 403),
                row("GET /api/v1/admin/tenants/{slug}", who -> Call.get(f.admin("")),
                        401, 403, 403, 403, 403, 200, 401, 403, 403, 403, 403),
                row("PATCH /api/v1/admin/tenants/{slug}", who -> Call.patch(f.admin(""), Map.of("displayName", "Matrix market " + f.next())),
                        401, 403, 403, 403, 403, 200, 401, 403, 403, 403, 403),
                row("POST /api/v1/admin/tenants/{slug}/api-keys", who -> Call.post(f.admin("/api-keys"), null),
                        401, 403, 403, 403, 403, 201, 401, 403, 403, 403, 403),
                row("DELETE /api/v1/admin/tenants/{slug}/api-keys/{prefix}", who -> Call.delete(f.admin("/api-keys/" + f.spareKeyPrefix)),
                        401, 403, 403, 403, 403, 204, 401, 403, 403, 403, 403),
                row("POST /api/v1/admin/tenants/{slug}/summaries/recompute", who -> Call.post(f.admin("/summaries/recompute"), null),
                        401, 403, 403, 403, 403, 200, 401, 403, 403, 403, 403),
                row("GET /api/v1/admin/tenants/{slug}/webhook/events", who -> Call.get(f.admin("/webhook/events?status=delivered")),
                        401, 403, 403, 403, 403, 200, 401, 403, 403, 403, 403),
                row("POST /api/v1/admin/tenants/{slug}/webhook/events/{id}/retry", who -> Call.post(f.admin("/webhook/events/" + f.deadEvent + "/retry"), null),
                        401, 403, 403, 403, 403, 202, 401, 403, 403, 403, 403),

                // ------------------------------------------------------ anon buyer seller mod mkt admin forged | other: buyer seller mod mkt
                row("POST /api/v1/transactions", who -> Call.post("/api/v1/transactions", f.newTransaction(who)),
                        401, 403, 403, 403, 201, 403, 401, 403, 403, 403, 201),
                row("PUT /api/v1/webhook", who -> Call.put("/api/v1/webhook", Map.of("url", f.webhookUrlOf(who), "secret", "matrix-webhook-secret-1")),
                        401, 403, 403, 403, 200, 403, 401, 403, 403, 403, 200),
                row("GET /api/v1/webhook", who -> Call.get("/api/v1/webhook"),
                        401, 403, 403, 403, 200, 403, 401, 403, 403, 403, 200),
                row("DELETE /api/v1/webhook", who -> Call.delete("/api/v1/webhook").as(who == Who.MARKETPLACE ? f.spareMarketplaceKey() : null),
                        401, 403, 403, 403, 204, 403, 401, 403, 403, 403, 204),
                row("GET /api/v1/buyers/{ref}/feedback-summary", who -> Call.get("/api/v1/buyers/" + BUYER + "/feedback-summary"),
                        401, 403, 403, 403, 200, 403, 401, 403, 403, 403, 200),
                row("POST /api/v1/erasures", who -> Call.post("/api/v1/erasures", Map.of("party", who == Who.MARKETPLACE ? f.partyWithData() : BUYER)),
                        401, 403, 403, 403, 202, 403, 401, 403, 403, 403, 202),

                // ------------------------------------------------------ anon buyer seller mod mkt admin forged | other: buyer seller mod mkt
                row("GET /api/v1/public/{tenant}/subjects/{type}/{ref}/summary", who -> Call.get(f.pub("/subjects/product/sku-a1/summary")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/summaries", who -> Call.get(f.pub("/summaries?subjects=product:sku-a1,seller:" + SELLER + ",product:sku-none")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/subjects/{type}/{ref}/reviews", who -> Call.get(f.pub("/subjects/product/sku-a1/reviews?sort=newest&limit=1")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/reviews/{id}", who -> Call.get(f.pub("/reviews/" + f.answeredReview)),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/policy", who -> Call.get(f.pub("/policy")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/invitations/{token}", who -> Call.get(f.pub("/invitations/" + f.invitationToken)),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/transparency", who -> Call.get(f.pub("/transparency")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/log", who -> Call.get(f.pub("/log")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/log/heads", who -> Call.get(f.pub("/log/heads")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/log/entries", who -> Call.get(f.pub("/log/entries?start=0&end=2")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/log/proof/inclusion", who -> Call.get(f.pub("/log/proof/inclusion?leafIndex=0&treeSize=2")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/public/{tenant}/log/proof/consistency", who -> Call.get(f.pub("/log/proof/consistency?first=1&second=2")),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("POST /api/v1/public/{tenant}/reports", who -> Call.post(f.pub("/reports"), f.report(f.reportedReview)),
                        202, 202, 202, 202, 202, 202, 401, 202, 202, 202, 202),
                row("GET /api/v1/public/{tenant}/anonymous/keys/{type}/{ref}", who -> Call.get(f.pub("/anonymous/keys/product/" + MatrixFixture.ANONYMOUS_SKU)),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                // a review written with a token carries no credential: any credential is refused
                row("POST /api/v1/public/{tenant}/anonymous/reviews", who -> Call.post(f.pub("/anonymous/reviews"), f.anonymousReview()),
                        201, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400),
                row("GET /api/v1/demo/token", who -> Call.get("/api/v1/demo/token?as=buyer"),
                        404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),

                // ------------------------------------------------------ anon buyer seller mod mkt admin forged | other: buyer seller mod mkt
                row("POST /api/v1/reviews", who -> Call.post("/api/v1/reviews", f.newReview(who)),
                        401, 201, 403, 403, 403, 403, 401, 403, 403, 403, 403),
                row("GET /api/v1/me/reviews/{id}", who -> Call.get("/api/v1/me/reviews/" + f.buyersReview),
                        401, 200, 404, 404, 403, 403, 401, 404, 404, 404, 403),
                row("POST /api/v1/anonymous/keys", who -> Call.post("/api/v1/anonymous/keys", f.anonymousLine()),
                        401, 200, 403, 403, 403, 403, 401, 403, 403, 403, 403),
                row("POST /api/v1/anonymous/tokens", who -> Call.post("/api/v1/anonymous/tokens", f.tokenRequest(who)),
                        401, 200, 403, 403, 403, 403, 401, 403, 403, 403, 403),
                row("PATCH /api/v1/reviews/{id}", who -> f.edit(who),
                        401, 200, 403, 403, 403, 403, 401, 404, 403, 403, 403),
                row("DELETE /api/v1/reviews/{id}", who -> Call.delete("/api/v1/reviews/" + (who == Who.BUYER ? f.reviewBy(BUYER) : f.buyersReview)),
                        401, 204, 403, 403, 403, 403, 401, 404, 403, 403, 403),
                row("PUT /api/v1/reviews/{id}/vote", who -> Call.put("/api/v1/reviews/" + f.answeredReview + "/vote", Map.of("helpful", true)),
                        401, 204, 204, 204, 403, 403, 401, 404, 404, 404, 403),
                row("DELETE /api/v1/reviews/{id}/vote", who -> Call.delete("/api/v1/reviews/" + f.answeredReview + "/vote"),
                        401, 204, 204, 204, 403, 403, 401, 404, 404, 404, 403),
                row("PUT /api/v1/reviews/{id}/response", who -> Call.put("/api/v1/reviews/" + f.answeredReview + "/response",
                                Map.of("body", "Thank you for the review number " + f.next() + ".")),
                        401, 403, 200, 403, 403, 403, 401, 403, 404, 403, 403),
                row("DELETE /api/v1/reviews/{id}/response", who -> Call.delete("/api/v1/reviews/"
                                + (who == Who.SELLER ? f.answeredReviewOfOwnProduct() : f.answeredReview) + "/response"),
                        401, 403, 204, 403, 403, 403, 401, 403, 404, 403, 403),
                row("POST /api/v1/photos", who -> Call.post("/api/v1/photos", io.candor.media.TestImages.WEBP_1X1).header("Content-Type", "image/webp"),
                        401, 201, 403, 403, 403, 403, 401, 201, 403, 403, 403),
                row("GET /api/v1/public/{tenant}/photos/{id}/{file}", who -> Call.get(f.photoPath),
                        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
                row("GET /api/v1/moderation/photos/{id}/{file}", who -> Call.get(f.photoPath.replaceFirst("/api/v1/public/[^/]+/", "/api/v1/moderation/")),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 404, 403),
                row("POST /api/v1/reports", who -> Call.post("/api/v1/reports", f.report(f.isParty(who) ? f.reviewBy(f.stranger()) : f.reportedReview)),
                        401, 202, 202, 202, 403, 403, 401, 404, 404, 404, 403),
                row("PUT /api/v1/transactions/{ref}/buyer-feedback", who -> Call.put("/api/v1/transactions/"
                                + (who == Who.SELLER ? f.purchaseBy(f.stranger()) : FIRST_ORDER) + "/buyer-feedback",
                                Map.of("rating", "positive", "comment", "Paid at once.")),
                        401, 403, 200, 403, 403, 403, 401, 403, 404, 403, 403),
                row("POST /api/v1/appeals", who -> Call.post("/api/v1/appeals",
                                Map.of("decision", who == Who.BUYER ? f.removalOf(f.reviewBy(BUYER)) : f.appealedDecision, "grounds", "It is true.")),
                        401, 201, 403, 403, 403, 403, 401, 404, 404, 404, 403),
                row("GET /api/v1/me/reviews", who -> Call.get("/api/v1/me/reviews"),
                        401, 200, 200, 200, 403, 403, 401, 200, 200, 200, 403),
                row("GET /api/v1/me/notices", who -> Call.get("/api/v1/me/notices"),
                        401, 200, 200, 200, 403, 403, 401, 200, 200, 200, 403),
                row("GET /api/v1/me/appeals", who -> Call.get("/api/v1/me/appeals"),
                        401, 200, 200, 200, 403, 403, 401, 200, 200, 200, 403),
                row("GET /api/v1/me/feedback", who -> Call.get("/api/v1/me/feedback" + (who == Who.SELLER || who == Who.OTHER_SELLER ? "?direction=given" : "")),
                        401, 200, 200, 200, 403, 403, 401, 200, 200, 200, 403),
                row("GET /api/v1/me/export", who -> Call.get("/api/v1/me/export"),
                        401, 200, 200, 200, 403, 403, 401, 200, 200, 200, 403),
                row("DELETE /api/v1/me", who -> Call.delete("/api/v1/me").as(f.spareParty(who)),
                        401, 202, 202, 202, 403, 403, 401, 202, 202, 202, 403),
                row("GET /api/v1/seller/reviews", who -> Call.get("/api/v1/seller/reviews?status=published"),
                        401, 403, 200, 403, 403, 403, 401, 403, 200, 403, 403),
                row("GET /api/v1/seller/summary", who -> Call.get("/api/v1/seller/summary"),
                        401, 403, 200, 403, 403, 403, 401, 403, 200, 403, 403),
                row("GET /api/v1/seller/invitations", who -> Call.get("/api/v1/seller/invitations"),
                        401, 403, 200, 403, 403, 403, 401, 403, 200, 403, 403),
                row("GET /api/v1/me/invitations", who -> Call.get("/api/v1/me/invitations"),
                        401, 200, 403, 403, 403, 403, 401, 200, 403, 403, 403),
                row("PUT /api/v1/me/invitations", who -> Call.put("/api/v1/me/invitations", Map.of("optedOut", false)),
                        401, 200, 403, 403, 403, 403, 401, 200, 403, 403, 403),
                row("PUT /api/v1/invitation-opt-outs/{buyer}", who -> Call.put("/api/v1/invitation-opt-outs/b-matrix-opt-out", null),
                        401, 403, 403, 403, 204, 403, 401, 403, 403, 403, 204),
                row("DELETE /api/v1/invitation-opt-outs/{buyer}", who -> Call.delete("/api/v1/invitation-opt-outs/b-matrix-opt-out"),
                        401, 403, 403, 403, 204, 403, 401, 403, 403, 403, 204),
                row("GET /api/v1/seller/feedback-due", who -> Call.get("/api/v1/seller/feedback-due"),
                        401, 403, 200, 403, 403, 403, 401, 403, 200, 403, 403),

                // ------------------------------------------------------ anon buyer seller mod mkt admin forged | other: buyer seller mod mkt
                row("GET /api/v1/moderation/cases", who -> Call.get("/api/v1/moderation/cases?status=open&sort=oldest"),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 200, 403),
                row("POST /api/v1/moderation/cases", who -> Call.post("/api/v1/moderation/cases",
                                Map.of("target", Map.of("type", "review", "id", who == Who.MODERATOR ? f.reviewBy(f.stranger()) : f.buyersReview))),
                        401, 403, 403, 201, 403, 403, 401, 403, 403, 404, 403),
                row("GET /api/v1/moderation/cases/{id}", who -> Call.get("/api/v1/moderation/cases/" + f.openCase),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 404, 403),
                row("POST /api/v1/moderation/cases/{id}/assign", who -> Call.post("/api/v1/moderation/cases/" + f.openCase + "/assign", null),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 404, 403),
                row("POST /api/v1/moderation/cases/{id}/decision", who -> Call.post("/api/v1/moderation/cases/"
                                + (who == Who.MODERATOR ? f.caseOn(f.reviewBy(f.stranger())) : f.openCase) + "/decision",
                                Map.of("action", "keep", "policy", "spam", "statement", "An honest account of the purchase.")),
                        401, 403, 403, 201, 403, 403, 401, 403, 403, 404, 403),
                row("GET /api/v1/moderation/appeals", who -> Call.get("/api/v1/moderation/appeals?status=pending"),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 200, 403),
                row("POST /api/v1/moderation/appeals/{id}/decision", who -> Call.post("/api/v1/moderation/appeals/"
                                + (who == Who.MODERATOR ? f.appealOf(f.stranger()) : f.pendingAppeal) + "/decision",
                                Map.of("outcome", "upheld", "statement", "The review breaks the spam rule.")),
                        401, 403, 403, 201, 403, 403, 401, 403, 403, 404, 403),
                row("GET /api/v1/moderation/audit", who -> Call.get("/api/v1/moderation/audit?limit=100"),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 200, 403),
                row("GET /api/v1/moderation/audit/verify", who -> Call.get("/api/v1/moderation/audit/verify"),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 200, 403),
                row("GET /api/v1/moderation/audit/{seq}/proof", who -> Call.get("/api/v1/moderation/audit/" + f.firstAuditSeq + "/proof"),
                        401, 403, 403, 200, 403, 403, 401, 403, 403, 404, 403));
    }

    @Test
    void theMatrixCoversEveryOperationOfTheDocument() {
        Set<String> documented = OpenApiDocument.live().operations();
        Set<String> inMatrix = new TreeSet<>();
        matrix(MatrixFixture.blank()).forEach(r -> assertTrue(inMatrix.add(r.operation()), "twice in the matrix: " + r.operation()));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(inMatrix);
        Set<String> stale = new TreeSet<>(inMatrix);
        stale.removeAll(documented);
        assertEquals(Set.of(), missing, "operations of /q/openapi that the matrix does not cover: add a row for each");
        assertEquals(Set.of(), stale, "rows for operations /q/openapi does not document");
        assertTrue(documented.size() >= 50, "the document was read: " + documented.size());
    }

    @Test
    void everyCallerGetsTheStatusTheMatrixSays() {
        MatrixRun results = run();
        assertEquals(List.of(), results.wrongStatuses(), "cells of the matrix that answered another status");
        assertTrue(results.cells().size() >= 50 * Who.values().length, "the matrix ran: " + results.cells().size());
    }

    @Test
    void anotherMarketplaceNeitherSeesNorChangesAnythingOfTheFirst() {
        MatrixRun results = run();
        assertEquals(results.before(), results.after(), "the first marketplace's rows, before and after the other marketplace's calls");
        assertEquals(List.of(), results.foreignIdsSeen(), "ids of the first marketplace in answers to the other one's callers");
        JsonNode counts = OpenApiDocument.parse(results.answer("GET /api/v1/buyers/{ref}/feedback-summary", Who.OTHER_MARKETPLACE).body());
        assertEquals(0, counts.path("positive").asInt() + counts.path("neutral").asInt() + counts.path("negative").asInt(),
                "the other marketplace knows nothing of the first one's buyer " + counts);
        assertTrue(results.answer("GET /api/v1/webhook", Who.OTHER_MARKETPLACE).body().contains(results.fixture().otherWebhookUrl),
                "the other marketplace reads its own webhook");
    }

    @Test
    void everyAnswerIsDocumented() {
        MatrixRun results = run();
        OpenApiDocument document = OpenApiDocument.live();
        List<String> problems = new ArrayList<>(results.conventionProblems());
        for (MatrixRun.Cell cell : results.cells()) {
            problems.addAll(cell.undocumented(document));
        }
        assertEquals(List.of(), problems, "answers that /q/openapi does not document");
        assertTrue(results.cells().stream().filter(c -> c.ok() && !c.body().isEmpty()).count() > 150, "bodies were checked");
    }

    @Test
    void noAnswerCarriesAPartyRef() {
        MatrixRun results = run();
        List<String> leaks = new ArrayList<>();
        for (MatrixRun.Cell cell : results.cells()) {
            leaks.addAll(cell.partyRefs(results.fixture().partyRefs(), results.fixture().sellerRefs()));
        }
        assertEquals(List.of(), leaks, "answers that carry a party ref outside a seller subject's ref");
        assertTrue(results.cells().stream().anyMatch(c -> c.body().contains("\"ref\":\"" + SELLER + "\"")),
                "the fixture has a seller subject, so the exception is exercised");
    }

    private synchronized MatrixRun run() {
        if (run == null) {
            MatrixFixture fixture = MatrixFixture.create(db, RECEIVERS);
            run = MatrixRun.execute(fixture, matrix(fixture));
        }
        return run;
    }

    @AfterAll
    static void stopReceivers() {
        RECEIVERS.forEach(WebhookReceiver::close);
    }

    /** One operation and what each caller gets. */
    record Row(String operation, Function<Who, Call> request, int[] expected) {

        int expected(Who who) {
            return expected[who.ordinal()];
        }

        String method() {
            return operation.substring(0, operation.indexOf(' '));
        }

        boolean isPublic() {
            return operation.contains("/public/") || operation.contains("/demo/");
        }
    }

    static Row row(String operation, Function<Who, Call> request, int... expected) {
        if (expected.length != Who.values().length) {
            throw new IllegalArgumentException(operation + ": one status per caller, " + Who.values().length + " in all");
        }
        return new Row(operation, request, expected);
    }
}
