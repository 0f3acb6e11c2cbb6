package io.candor.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Issue #13, the batch of 48: a cached summary's public JSON is rendered once and kept with its row. What a client
 * receives is still exactly what the view says (Jackson's own rendering of the view, the batch exactly the singles in
 * order), and a change of the row or of the policy's inputs shows at once.
 */
@QuarkusTest
class RenderedSummaryTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void aBatchIsTheSinglesInOrderAndFollowsChangesOfRowsAndPolicy() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("minReviewsForAverage", 1));
        for (int i = 0; i < 4; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + (i % 2));
            market.review("b-" + i, "o-" + i, "sku-" + (i % 2), 1 + i, "Review number " + i + " of this product");
        }
        List<String> subjects = List.of("product:sku-1", "product:never-reviewed", "seller:s-1", "product:sku-0", "product:sku-1");
        String batchPath = market.publicPath("/summaries?subjects=" + String.join(",", subjects));
        for (int round = 0; round < 3; round++) {
            // the first round renders (and caches); the later ones answer from the kept renderings
            byte[] batch = get(batchPath).asByteArray();
            List<byte[]> singles = new ArrayList<>();
            for (String s : subjects) {
                String[] typeRef = s.split(":");
                singles.add(get(market.publicPath("/subjects/" + typeRef[0] + "/" + typeRef[1] + "/summary")).asByteArray());
            }
            StringBuilder expected = new StringBuilder("{\"items\":[");
            for (int i = 0; i < singles.size(); i++) {
                expected.append(i > 0 ? "," : "").append(new String(singles.get(i), StandardCharsets.UTF_8));
            }
            expected.append("]}");
            assertEquals(expected.toString(), new String(batch, StandardCharsets.UTF_8), "round " + round);
            // each single is Jackson's rendering of the view it describes
            for (byte[] single : singles) {
                SummaryView view = mapper.readValue(single, SummaryView.class);
                assertArrayEquals(mapper.writeValueAsBytes(view), single);
            }
        }
        JsonNode before = mapper.readTree(get(market.publicPath("/subjects/product/sku-1/summary")).asByteArray());
        assertEquals(2, before.get("count").asInt());
        assertEquals(3.0, before.get("average").asDouble(), "ratings 2 and 4");

        // a new review changes the row: the kept rendering goes with it
        market.purchase("o-new", "b-new", "s-1", 1, "sku-1");
        market.review("b-new", "o-new", "sku-1", 1, "A later and much less happy review");
        JsonNode after = mapper.readTree(get(market.publicPath("/subjects/product/sku-1/summary")).asByteArray());
        assertEquals(3, after.get("count").asInt());
        assertEquals(2.33, after.get("average").asDouble(), "ratings 2, 4 and 1");
        assertEquals(3, mapper.readTree(get(batchPath).asByteArray()).get("items").get(0).get("count").asInt());

        // a policy change of the view's inputs re-renders the same row
        String etag = get(market.publicPath("/subjects/product/sku-1/summary")).header("ETag");
        TestMarketplace.admin().body(Map.of("policy", Map.of("priorWeight", 2, "minReviewsForAverage", 5)))
                .patch("/api/v1/admin/tenants/" + market.slug).then().statusCode(200);
        Response changed = get(market.publicPath("/subjects/product/sku-1/summary"));
        JsonNode policyChanged = mapper.readTree(changed.asByteArray());
        assertEquals(2.0, policyChanged.get("inputs").get("priorWeight").asDouble());
        assertEquals(5, policyChanged.get("inputs").get("minReviewsForAverage").asInt());
        assertEquals(true, policyChanged.get("average").isNull(), "3 reviews are under the new minimum of 5");
        assertNotEquals(etag, changed.header("ETag"));
        JsonNode batchAfterPolicy = mapper.readTree(get(batchPath).asByteArray());
        assertEquals(policyChanged, batchAfterPolicy.get("items").get(0));
        assertEquals(policyChanged, batchAfterPolicy.get("items").get(4));
    }

    static Response get(String path) {
        Response r = RestAssured.given().get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.asString());
        return r;
    }
}
