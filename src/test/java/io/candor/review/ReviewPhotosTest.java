package io.candor.review;

import io.candor.media.ObjectDeletionJob;
import io.candor.media.ObjectStore;
import io.candor.media.TestImages;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photos in reviews over HTTP (issue #14): upload, attach with alt text, public immutable serving without metadata,
 * the policy's limit, reports and removal of one photo, its appeal, and erasure leaving no object behind.
 */
@QuarkusTest
public class ReviewPhotosTest {

    @Inject
    ObjectStore store;

    @Inject
    ObjectDeletionJob deletions;

    @Inject
    PhotoService photos;

    public static String upload(TestMarketplace market, String buyer, byte[] bytes) {
        return market.asBuyer(buyer).contentType("application/octet-stream").body(bytes).post("/api/v1/photos")
                .then().statusCode(201).body("status", equalTo("uploaded")).extract().path("id");
    }

    public static Map<String, Object> review(String transaction, String product, List<Map<String, String>> photos) {
        return Map.of("transaction", transaction, "subject", Map.of("type", "product", "ref", product), "rating", 4,
                "body", "The lamp is bright and sturdy.", "photos", photos);
    }

    @org.junit.jupiter.api.Test
    void aBodyThatIsNoPhotoIsRefusedWhateverItsContentTypeSays() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String token = market.token("b-1", "buyer");
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/json", "image/jpeg")) {
            for (String body : List.of("a=%zz&b=%", "{\"rating\": \"%E0%A4%A\"}", "%", "--boundary\r\n")) {
                java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/v1/photos"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", type)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                org.junit.jupiter.api.Assertions.assertTrue(List.of(400, 415, 422).contains(response.statusCode()),
                        type + " " + body + ": " + response.statusCode() + " " + response.body());
            }
        }
    }

    @Inject
    io.candor.tenant.TenantDirectory tenants;

    long tenantIdOf(String slug) {
        return tenants.requireSlug(slug).id();
    }

    @Test
    void aPhotoIsUploadedAttachedWithAltTextAndServedWithoutItsMetadata() throws IOException {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 2, "lamp");
        byte[] upload = TestImages.jpegWithMetadata(TestImages.card(800, 600), 6); // taken sideways
        // the declared content type does not matter: the bytes decide
        String id = market.asBuyer("b-1").contentType("text/plain").body(upload).post("/api/v1/photos")
                .then().statusCode(201).body("width", equalTo(600)).body("height", equalTo(800)).body("thumb.width", equalTo(300))
                .extract().path("id");
        String reviewId = market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", id, "alt", "The lamp lit, on a desk"))))
                .post("/api/v1/reviews").then().statusCode(201)
                .body("photos", hasSize(1)).body("photos[0].alt", equalTo("The lamp lit, on a desk")).extract().path("id");

        Response list = market.anonymous().get(market.publicPath("/subjects/product/lamp/reviews")).then().statusCode(200)
                .body("items[0].photos[0].id", equalTo(id)).body("items[0].photos[0].width", equalTo(600)).extract().response();
        String url = list.path("items[0].photos[0].url");
        String thumb = list.path("items[0].photos[0].thumb.url");
        assertTrue(url.startsWith("/api/v1/public/" + market.slug + "/photos/" + id + "/"), url);

        Response image = market.anonymous().get(url).then().statusCode(200).contentType("image/jpeg")
                .header("Cache-Control", "public, max-age=31536000, immutable").extract().response();
        byte[] served = image.asByteArray();
        for (String marker : TestImages.MARKERS) {
            assertFalse(TestImages.contains(served, marker), "served bytes hold " + marker);
        }
        assertEquals(600, ImageIO.read(new ByteArrayInputStream(served)).getWidth(), "turned upright");
        String etag = image.header("ETag");
        market.anonymous().header("If-None-Match", etag).get(url).then().statusCode(304);
        market.anonymous().get(thumb).then().statusCode(200).contentType("image/jpeg");
        // and what is stored holds no metadata either
        long tenant = tenantIdOf(market.slug);
        List<String> keys = store.list(tenant + "/").stream().filter(k -> k.contains(id)).toList();
        assertEquals(2, keys.size());
        for (String key : keys) {
            byte[] stored = store.get(key).orElseThrow();
            for (String marker : TestImages.MARKERS) {
                assertFalse(TestImages.contains(stored, marker), "stored bytes hold " + marker);
            }
        }
        // nobody guesses their way to another photo: wrong hash, wrong tenant, malformed names
        market.anonymous().get(market.publicPath("/photos/" + id + "/" + "0".repeat(64) + ".jpg")).then().statusCode(404)
                .contentType("application/problem+json");
        market.anonymous().get(market.publicPath("/photos/" + id + "/..%2F..%2Fetc%2Fpasswd")).then().statusCode(404);
        market.anonymous().get(market.publicPath("/photos/not-a-uuid/" + "0".repeat(64) + ".jpg")).then().statusCode(404);
        TestMarketplace other = TestMarketplace.create();
        other.anonymous().get(url.replace(market.slug, other.slug)).then().statusCode(404);

        // the author takes the photo out in an edit: gone from the review, then from the store
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("photos", List.of())).patch("/api/v1/reviews/" + reviewId)
                .then().statusCode(200).body("photos", hasSize(0));
        market.anonymous().get(url).then().statusCode(404);
        deletions.drain();
        assertEquals(List.of(), store.list(tenant + "/").stream().filter(k -> k.contains(id)).toList());
    }

    @Test
    void badUploadsAndBadAttachmentsAreRefusedAndChangeNothing() {
        TestMarketplace market = TestMarketplace.create(Map.of("maxPhotosPerReview", 2));
        market.purchase("o-1", "b-1", "s-1", 2, "lamp");
        market.asBuyer("b-1").contentType("image/jpeg").body("GIF89a not really".getBytes()).post("/api/v1/photos")
                .then().statusCode(422).contentType("application/problem+json").body("type", containsString("image-rejected"));
        market.asBuyer("b-1").contentType("image/png").body(TestImages.pngAnnouncing(60_000, 60_000)).post("/api/v1/photos")
                .then().statusCode(422).body("detail", containsString("60000 x 60000"));
        market.asBuyer("b-1").contentType("image/jpeg").body(new byte[11 * 1024 * 1024]).post("/api/v1/photos")
                .then().statusCode(413).contentType("application/problem+json");
        market.asSeller("s-1").contentType("image/jpeg").body(TestImages.WEBP_1X1).post("/api/v1/photos").then().statusCode(403);
        market.anonymous().contentType("image/jpeg").body(TestImages.WEBP_1X1).post("/api/v1/photos").then().statusCode(401);

        String a = upload(market, "b-1", TestImages.WEBP_1X1);
        String b = upload(market, "b-1", TestImages.WEBP_1X1);
        String c = upload(market, "b-1", TestImages.WEBP_1X1);
        String someoneElses = upload(market, "b-2", TestImages.WEBP_1X1);
        market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", a, "alt", "a"), Map.of("id", b, "alt", "b"), Map.of("id", c, "alt", "c"))))
                .post("/api/v1/reviews").then().statusCode(422).body("errors[0].field", equalTo("photos"));
        market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", someoneElses, "alt", "theirs"))))
                .post("/api/v1/reviews").then().statusCode(422).body("errors[0].field", equalTo("photos[0].id"));
        market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", a, "alt", "  "))))
                .post("/api/v1/reviews").then().statusCode(422).body("errors[0].field", equalTo("photos[0].alt"));
        market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", a, "alt", "x"), Map.of("id", a, "alt", "y"))))
                .post("/api/v1/reviews").then().statusCode(422).body("errors[0].field", equalTo("photos[1].id"));
        market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", "../../x", "alt", "x"))))
                .post("/api/v1/reviews").then().statusCode(422);
        // nothing was written by the refusals
        market.asBuyer("b-1").get("/api/v1/me/reviews").then().statusCode(200).body("items", hasSize(0));
        market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", a, "alt", "first"), Map.of("id", b, "alt", "second"))))
                .post("/api/v1/reviews").then().statusCode(201).body("photos.alt", equalTo(List.of("first", "second")));
        // an upload never attached expires with its objects
        assertEquals(0, photos.expireUploads(), "nothing is a day old yet");
    }

    @Test
    void aReportedPhotoIsRemovedAloneAppealedAndRestoredAndErasureLeavesNoObject() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 2, "lamp");
        String keep = upload(market, "b-1", TestImages.encode(TestImages.card(64, 48), "png"));
        String bad = upload(market, "b-1", TestImages.jpegWithMetadata(TestImages.card(64, 48), 1));
        String reviewId = market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", keep, "alt", "the lamp"),
                Map.of("id", bad, "alt", "a label with a name")))).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        String badUrl = market.anonymous().get(market.publicPath("/reviews/" + reviewId)).then().statusCode(200)
                .body("photos", hasSize(2)).extract().path("photos[1].url");

        market.asBuyer("b-2").body(Map.of("target", Map.of("type", "photo", "id", bad), "reason", "personal-information",
                "details", "The label shows a name.")).post("/api/v1/reports").then().statusCode(202);
        Map<String, Object> found = market.openCase("photo", bad);
        String caseId = (String) found.get("id");
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then().statusCode(200)
                .body("content.type", equalTo("photo")).body("content.review", equalTo(reviewId))
                .body("content.photos[0].id", equalTo(bad)).body("content.body", equalTo("The lamp is bright and sturdy."));
        String decision = market.decide("m-1", caseId, "remove", "personal-information", "The photo shows a person's name.");
        market.anonymous().get(badUrl).then().statusCode(404);
        market.anonymous().get(market.publicPath("/reviews/" + reviewId)).then().statusCode(200)
                .body("photos", hasSize(1)).body("photos[0].id", equalTo(keep)).body("rating", equalTo(4));
        // moderators still see it; the review's own case view lists both with their status
        String modUrl = "/api/v1/moderation/photos/" + bad + "/" + badUrl.substring(badUrl.lastIndexOf('/') + 1);
        market.asModerator("m-1").get(modUrl).then().statusCode(200).contentType("image/jpeg");
        market.asBuyer("b-1").get(modUrl).then().statusCode(403);
        // the author cannot bring it back by editing; an appeal can
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("photos", List.of(Map.of("id", keep, "alt", "the lamp"),
                Map.of("id", bad, "alt", "again")))).patch("/api/v1/reviews/" + reviewId).then().statusCode(422)
                .body("errors[0].field", equalTo("photos[1].id"));
        String appeal = market.asBuyer("b-1").body(Map.of("decision", decision, "grounds", "The name is the brand's.")).post("/api/v1/appeals")
                .then().statusCode(201).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "It is the brand name.")).post("/api/v1/moderation/appeals/" + appeal + "/decision")
                .then().statusCode(201);
        market.anonymous().get(badUrl).then().statusCode(200);

        long tenant = tenantIdOf(market.slug);
        String waiting = upload(market, "b-1", TestImages.WEBP_1X1); // one more, never attached
        List<String> mine = List.of(keep, bad, waiting);
        assertEquals(3, store.list(tenant + "/").stream().filter(k -> mine.stream().anyMatch(k::contains)).map(k -> k.split("/")[1]).distinct().count());
        market.asBuyer("b-1").delete("/api/v1/me").then().statusCode(202);
        market.anonymous().get(badUrl).then().statusCode(404);
        deletions.drain();
        assertEquals(List.of(), store.list(tenant + "/").stream().filter(k -> mine.stream().anyMatch(k::contains)).toList(),
                "erasure leaves no object behind");
    }

    @Inject
    io.candor.privacy.RetentionJob retention;

    @Test
    void removingTheReviewHidesItsPhotosAndARemovedPhotoIsDeletedOnceNobodyCanAppeal() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 2, "lamp");
        market.purchase("o-2", "b-2", "s-1", 2, "lamp");
        String first = upload(market, "b-1", TestImages.encode(TestImages.card(500, 400), "jpeg"));
        String firstReview = market.asBuyer("b-1").body(review("o-1", "lamp", List.of(Map.of("id", first, "alt", "one"))))
                .post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        String firstUrl = market.anonymous().get(market.publicPath("/reviews/" + firstReview)).then().extract().path("photos[0].url");
        // a moderator removes the whole review: its photos go with it, and come back if the removal is overturned
        market.report("b-9", firstReview, "spam");
        String reviewCase = (String) market.openCase("review", firstReview).get("id");
        market.decide("m-1", reviewCase, "remove", "spam", "An advert.");
        market.anonymous().get(firstUrl).then().statusCode(404);

        String second = upload(market, "b-2", TestImages.encode(TestImages.card(400, 500), "jpeg"));
        Map<String, Object> other = new java.util.HashMap<>(review("o-2", "lamp", List.of(Map.of("id", second, "alt", "two"))));
        other.put("body", "A different text: warm light, and the switch clicks."); // the same text twice would be held as a duplicate
        String secondReview = market.asBuyer("b-2").body(other)
                .post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        market.asBuyer("b-9").body(Map.of("target", Map.of("type", "photo", "id", second), "reason", "off-topic", "details", "Not the lamp."))
                .post("/api/v1/reports").then().statusCode(202);
        market.decide("m-1", (String) market.openCase("photo", second).get("id"), "remove", "off-topic", "Not the product.");
        long tenant = tenantIdOf(market.slug);
        java.util.function.Supplier<List<String>> objects = () -> store.list(tenant + "/").stream().filter(k -> k.contains(second)).toList();
        assertFalse(objects.get().isEmpty());
        // while its author can still appeal, retention keeps it
        retention.run(java.time.Instant.now().plus(java.time.Duration.ofDays(30)));
        deletions.drain();
        assertFalse(objects.get().isEmpty(), "kept while the removal can be appealed");
        // once nobody can, the photo and its objects are deleted; the review stays
        retention.run(java.time.Instant.now().plus(java.time.Duration.ofDays(200)));
        deletions.drain();
        assertEquals(List.of(), objects.get(), "deleted with its objects once no appeal is possible");
        market.anonymous().get(market.publicPath("/reviews/" + secondReview)).then().statusCode(200).body("photos", hasSize(0));
    }
}
