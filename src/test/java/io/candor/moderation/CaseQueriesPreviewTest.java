package io.candor.moderation;

import io.candor.common.Page;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the console's queue shows of each case's content without opening it. */
@QuarkusTest
class CaseQueriesPreviewTest {

    @Inject
    CaseQueries queries;
    @Inject
    TenantDirectory tenants;

    @Test
    void aQueuePageShowsEachCasesSubjectStarsAndTheStartOfItsText() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-2");
        String longText = "The lamp flickers every evening. ".repeat(8).strip();
        String review = market.review("b-1", "o-1", "sku-1", 2, longText);
        String answered = market.review("b-2", "o-2", "sku-2", 5, "Lovely.");
        String response = market.asSeller("s-1").body(Map.of("body", "Glad you like it!")).put("/api/v1/reviews/" + answered + "/response")
                .then().statusCode(200).extract().path("id");
        market.report("b-3", review, "spam");
        market.asBuyer("b-3").body(Map.of("target", Map.of("type", "response", "id", response), "reason", "off-topic", "details", "Not an answer."))
                .post("/api/v1/reports").then().statusCode(202);

        TenantContext tenant = tenants.requireSlug(market.slug);
        Page<CaseView.Item> page = queries.queue(tenant, "open", "oldest", 20, null);
        Map<String, CaseView.Preview> previews = queries.previews(tenant, page.items());
        assertEquals(2, previews.size());
        CaseView.Preview ofReview = previews.get(caseOf(page, review));
        assertEquals("product sku-1", ofReview.subject());
        assertEquals(2, ofReview.rating());
        assertEquals(CaseQueries.EXCERPT, ofReview.excerpt().length());
        assertTrue(ofReview.excerpt().endsWith("…") && longText.startsWith(ofReview.excerpt().substring(0, 100)), ofReview.excerpt());
        CaseView.Preview ofResponse = previews.get(caseOf(page, response));
        assertEquals("product sku-2", ofResponse.subject());
        assertNull(ofResponse.rating(), "an answer has no stars of its own");
        assertEquals("Glad you like it!", ofResponse.excerpt());
    }

    private static String caseOf(Page<CaseView.Item> page, String targetId) {
        return page.items().stream().filter(i -> i.target().id().equals(targetId)).findFirst().orElseThrow().id();
    }
}
