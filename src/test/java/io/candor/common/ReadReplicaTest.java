package io.candor.common;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.SecondPostgresResource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** With a replica configured, public reads come from it; writes and the author's own reads stay on the primary. */
@QuarkusTest
@QuarkusTestResource(value = SecondPostgresResource.class, restrictToAnnotatedClass = true)
class ReadReplicaTest {

    @Inject
    AgroalDataSource primary;

    @Test
    void publicReadsComeFromTheReplica() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = market.review("b-1", "o-1", "sku-1", 4, "Written to the primary");
        long tenantId;
        try (Connection c = primary.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM tenant WHERE slug = ?")) {
            ps.setString(1, market.slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tenantId = rs.getLong(1);
            }
        }
        // the replica has not seen the review: no replication here, so the empty list shows the replica answered
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/reviews")).then().statusCode(200).body("items", hasSize(0));
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().statusCode(200);
        // summaries are cached per instance and loaded from the primary, so a lagging replica cannot put an old one back
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(200).body("count", equalTo(1));
        market.anonymous().get(market.publicPath("/summaries?subjects=product:sku-1")).then().body("items[0].count", equalTo(1));
        try (Connection c = SecondPostgresResource.server().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO summary (tenant_id, subject_type, subject_ref, review_count, rating_sum, "
                     + "hist_1, hist_2, hist_3, hist_4, hist_5, recent_count, recent_sum, recent_since, updated_at) "
                     + "VALUES (?, 'product', 'sku-1', 7, 28, 0, 0, 0, 7, 0, 7, 28, now(), now())")) {
            ps.setLong(1, tenantId);
            ps.executeUpdate();
        }
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));
    }
}
