package io.candor.review;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class PublicReviewListTest {

    static TestMarketplace market;
    static final List<String> ids = new ArrayList<>();
    static final int[] RATINGS = {5, 1, 4, 5, 2, 3, 5, 1, 4, 5, 5, 2};

    @BeforeEach
    void seed() {
        if (market != null) {
            return;
        }
        market = TestMarketplace.create();
        for (int i = 0; i < RATINGS.length; i++) {
            String buyer = "b-" + i;
            market.purchase("o-" + i, buyer, "s-1", 1, "sku-1");
            String body = i % 3 == 0 ? "The brass lamp glows warmly, review " + i : "Ordinary review number " + i;
            ids.add(market.review(buyer, "o-" + i, "sku-1", RATINGS[i], body));
        }
        // votes: review 3 is the most helpful, review 7 has mixed votes
        for (int v = 0; v < 6; v++) {
            market.asBuyer("voter-" + v).body(Map.of("helpful", true)).put("/api/v1/reviews/" + ids.get(3) + "/vote").then().statusCode(204);
        }
        market.asBuyer("voter-0").body(Map.of("helpful", true)).put("/api/v1/reviews/" + ids.get(7) + "/vote").then().statusCode(204);
        market.asBuyer("voter-1").body(Map.of("helpful", false)).put("/api/v1/reviews/" + ids.get(7) + "/vote").then().statusCode(204);
    }

    List<Map<String, Object>> all(String query) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            Response page = RestAssured.given().urlEncodingEnabled(false).get(market.publicPath("/subjects/product/sku-1/reviews?limit=5" + query
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.then().statusCode(200);
            items.addAll(page.jsonPath().getList("items"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return items;
    }

    @Test
    void sortsByHelpfulNewestHighestAndLowest() {
        List<Map<String, Object>> helpful = all("&sort=helpful");
        assertEquals(ids.get(3), helpful.get(0).get("id"));
        assertEquals(ids.get(7), helpful.get(1).get("id"));
        assertEquals(RATINGS.length, helpful.size());

        List<Map<String, Object>> newest = all("&sort=newest");
        List<String> expectedNewest = new ArrayList<>(ids);
        java.util.Collections.reverse(expectedNewest);
        assertEquals(expectedNewest, newest.stream().map(m -> m.get("id")).toList());

        List<Integer> highest = all("&sort=highest").stream().map(m -> (Integer) m.get("rating")).toList();
        List<Integer> lowest = all("&sort=lowest").stream().map(m -> (Integer) m.get("rating")).toList();
        for (int i = 1; i < highest.size(); i++) {
            assertTrue(highest.get(i - 1) >= highest.get(i));
            assertTrue(lowest.get(i - 1) <= lowest.get(i));
        }
        assertEquals(RATINGS.length, new HashSet<>(all("&sort=lowest").stream().map(m -> m.get("id")).toList()).size());
    }

    @Test
    void filtersByRatingVerifiedAndWords() {
        List<Map<String, Object>> lowOnes = all("&rating=1,2");
        assertEquals(4, lowOnes.size());
        assertTrue(lowOnes.stream().allMatch(m -> (Integer) m.get("rating") <= 2));
        assertEquals(RATINGS.length, all("&verified=true").size());
        List<Map<String, Object>> lamp = all("&q=brass%20lamp");
        assertEquals(4, lamp.size());
        assertTrue(lamp.stream().allMatch(m -> ((String) m.get("body")).contains("brass lamp")));
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?rating=0")).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?rating=abc")).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?sort=random")).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=0")).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=101")).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?q=" + "x".repeat(201))).then().statusCode(422);
        RestAssured.given().queryParam("q", "'; DROP TABLE review; --").get(market.publicPath("/subjects/product/sku-1/reviews")).then().statusCode(200);
    }

    @Test
    void aSearchFindsExactlyTheMatchesInListOrderWhicheverStepAnswers() {
        // with the test profile's search window of 4, pages of 1 and 2 are found in the window for common words
        // and through the full-text index for rare ones; both must give the list order, without gaps or repeats
        for (String sort : List.of("helpful", "newest", "highest", "lowest")) {
            List<Object> order = all("&sort=" + sort).stream().map(m -> m.get("id")).toList();
            for (String words : List.of("review", "brass%20lamp", "ordinary", "glows%20warmly%20review")) {
                List<String> needles = List.of(words.toLowerCase().split("%20"));
                List<Object> expected = all("&sort=" + sort).stream()
                        .filter(m -> needles.stream().allMatch(n -> ((String) m.get("body")).toLowerCase().contains(n)))
                        .map(m -> m.get("id")).toList();
                for (int limit : new int[]{1, 2, 5}) {
                    List<Object> found = allWithLimit("&sort=" + sort + "&q=" + words, limit).stream().map(m -> m.get("id")).toList();
                    assertEquals(expected, found, sort + " q=" + words + " limit=" + limit);
                }
                assertTrue(order.containsAll(expected));
            }
        }
    }

    List<Map<String, Object>> allWithLimit(String query, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            Response page = RestAssured.given().urlEncodingEnabled(false).get(market.publicPath("/subjects/product/sku-1/reviews?limit=" + limit + query
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.then().statusCode(200);
            items.addAll(page.jsonPath().getList("items"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return items;
    }

    @Test
    void forgedOrForeignCursorsAreRefusedWith400() {
        Response first = RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=2&sort=newest"));
        String cursor = first.path("nextCursor");
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=2&sort=newest&cursor=" + cursor)).then().statusCode(200);
        String forged = cursor.substring(0, cursor.length() - 3) + (cursor.endsWith("A") ? "BBB" : "AAA");
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=2&sort=newest&cursor=" + forged))
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=2&sort=helpful&cursor=" + cursor)).then().statusCode(400);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-2/reviews?limit=2&sort=newest&cursor=" + cursor)).then().statusCode(400);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?cursor=%00%01not-base64!")).then().statusCode(400);
    }

    @Test
    void pagesNeitherSkipNorRepeatWhileNewReviewsArrive() {
        // a marketplace that expects busy products: the burst check must not hold the reviews that arrive while paging
        TestMarketplace paging = TestMarketplace.create(Map.of("burstFloor", 1000));
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            paging.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-9");
            written.add(paging.review("b-" + i, "o-" + i, "sku-9", 1 + i % 5, "Review " + i));
        }
        for (String sort : List.of("newest", "helpful", "highest", "lowest")) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int page = 0;
            do {
                Response response = RestAssured.given().get(paging.publicPath("/subjects/product/sku-9/reviews?limit=3&sort=" + sort
                        + (cursor == null ? "" : "&cursor=" + cursor)));
                response.then().statusCode(200);
                seen.addAll(response.jsonPath().getList("items.id"));
                cursor = response.path("nextCursor");
                String buyer = "late-" + sort + "-" + page++;
                paging.purchase("late-" + sort + "-" + page, buyer, "s-1", 0, "sku-9");
                paging.review(buyer, "late-" + sort + "-" + page, "sku-9", 1 + page % 5, "Arrived during paging by " + sort + ", page " + page);
            } while (cursor != null);
            assertEquals(seen.size(), new HashSet<>(seen).size(), "no review twice when sorting by " + sort);
            assertTrue(seen.containsAll(written), "every review that was there when paging began, sorting by " + sort);
            if (sort.equals("newest")) {
                List<String> expected = new ArrayList<>(written);
                java.util.Collections.reverse(expected);
                assertEquals(expected, seen);
            }
            written.clear();
            written.addAll(RestAssured.given().get(paging.publicPath("/subjects/product/sku-9/reviews?limit=100&sort=newest"))
                    .jsonPath().getList("items.id"));
            java.util.Collections.reverse(written);
        }
    }

    @Test
    void publicReadsAreCacheableAndOpenToAnyOrigin() {
        String path = market.publicPath("/subjects/product/sku-1/summary");
        Response first = RestAssured.given().header("Origin", "https://shop.example").get(path);
        first.then().statusCode(200)
                .header("Cache-Control", "public, max-age=30")
                .header("ETag", notNullValue())
                .header("Access-Control-Allow-Origin", "*");
        String etag = first.header("ETag");
        RestAssured.given().header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", etag);
        RestAssured.given().header("If-None-Match", "\"other\"").get(path).then().statusCode(200);
        RestAssured.given().header("Origin", "https://shop.example").header("Access-Control-Request-Method", "GET")
                .options(market.publicPath("/subjects/product/sku-1/reviews"))
                .then().statusCode(204).header("Access-Control-Allow-Origin", "*");
        // the widget's own authenticated endpoints are open to storefronts (WidgetCorsTest); the rest of the API is not
        RestAssured.given().header("Origin", "https://shop.example").get("/api/v1/seller/summary")
                .then().statusCode(401).header("Access-Control-Allow-Origin", nullValue());
        String listEtag = RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews")).header("ETag");
        RestAssured.given().header("If-None-Match", listEtag).get(market.publicPath("/subjects/product/sku-1/reviews")).then().statusCode(304);
    }

    @Test
    void summariesAndAuthorsAreExplainedWithoutPartyRefs() {
        Response summary = RestAssured.given().get(market.publicPath("/subjects/product/sku-1/summary"));
        summary.then().statusCode(200)
                .body("subject.type", equalTo("product"))
                .body("inputs.priorWeight", equalTo(7.0f))
                .body("aspects", nullValue())
                .body("recent.days", equalTo(365));
        int count = summary.path("count");
        assertTrue(count >= RATINGS.length);
        String all = RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=100")).asString();
        assertFalse(all.contains("\"b-1\""));
        assertFalse(all.contains("voter-"));
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=100"))
                .then().body("items.author.handle", everyItem(containsString("buyer-")));
        RestAssured.given().get(market.publicPath("/subjects/product/never-reviewed/summary"))
                .then().statusCode(200).body("count", equalTo(0)).body("average", nullValue()).body("weightedAverage", nullValue());
        RestAssured.given().get("/api/v1/public/no-such-market/subjects/product/sku-1/summary").then().statusCode(404);
        RestAssured.given().get(market.publicPath("/subjects/service/sku-1/summary")).then().statusCode(404);
    }

    @Test
    void batchSummariesComeInTheOrderAsked() {
        RestAssured.given().get(market.publicPath("/summaries?subjects=product:unknown,product:sku-1,seller:s-1"))
                .then().statusCode(200)
                .body("items", hasSize(3))
                .body("items[0].count", equalTo(0))
                .body("items[1].subject.ref", equalTo("sku-1"))
                .body("items[1].count", not(equalTo(0)))
                .body("items[2].subject.type", equalTo("seller"));
        StringBuilder many = new StringBuilder("product:p0");
        for (int i = 1; i <= 100; i++) {
            many.append(",product:p").append(i);
        }
        RestAssured.given().get(market.publicPath("/summaries?subjects=" + many)).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/summaries?subjects=thing:x")).then().statusCode(422);
        RestAssured.given().get(market.publicPath("/summaries")).then().statusCode(422);
    }

    @Test
    void policyIsPublishedWithAnExplanation() {
        RestAssured.given().get(market.publicPath("/policy")).then().statusCode(200)
                .body("policy.priorWeight", equalTo(7.0f))
                .body("ratings", containsString("weighted average"))
                .body("policy.blockedWords", nullValue());
    }

    static Set<String> idsOf(List<Map<String, Object>> items) {
        Set<String> out = new HashSet<>();
        items.forEach(m -> out.add((String) m.get("id")));
        return out;
    }

    @Test
    void everyListedReviewIsOneWeWrote() {
        assertTrue(idsOf(all("&sort=newest")).containsAll(ids));
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/reviews?limit=100")).then()
                .body("items.id", everyItem(in(new ArrayList<>(idsOf(all("&sort=newest"))))));
    }
}
