package io.candor.moderation;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Statements of reasons in the tenant's notice language: English by default, German on request, the same facts in both. */
@QuarkusTest
class NoticeLanguageTest {

    @Test
    void bothLanguagesHaveEveryWording() throws IOException {
        assertEquals(keys("i18n/notices.properties"), keys("i18n/notices_de.properties"));
        NoticeWording de = NoticeWording.of("de");
        assertEquals("Ihre Bewertung zu Produkt sku-1 bleibt veröffentlicht.",
                de.text("author.keep", Map.of("what", de.kind("review"), "subject", de.subject("product", "sku-1"))));
        NoticeWording en = NoticeWording.of("en");
        assertEquals("Your review of product sku-1 stays published.",
                en.text("author.keep", Map.of("what", en.kind("review"), "subject", en.subject("product", "sku-1"))));
        assertEquals("3 March 2026", en.date(java.time.Instant.parse("2026-03-03T10:00:00Z")));
        assertEquals("3. März 2026", de.date(java.time.Instant.parse("2026-03-03T10:00:00Z")));
    }

    @Test
    void aGermanMarketplaceSendsGermanNoticesAndAnEnglishOneEnglish() {
        for (String language : new String[]{"de", "en"}) {
            TestMarketplace market = TestMarketplace.create(Map.of("noticeLanguage", language));
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            String id = market.review("b-1", "o-1", "sku-1", 1, "It broke within a day and the seller never answered.");
            market.report("b-2", id, "harassment");
            String caseId = (String) market.openCase("review", id).get("id");
            market.decide("m-1", caseId, "remove", "harassment", "The review insults a named employee.");
            var author = market.asBuyer("b-1").get("/api/v1/me/notices").then().statusCode(200).body("items", hasSize(1));
            var reporter = market.asBuyer("b-2").get("/api/v1/me/notices").then().statusCode(200).body("items", hasSize(1));
            if (language.equals("de")) {
                author.body("items[0].scope", equalTo("Ihre Bewertung zu Produkt sku-1 ist für alle außer Ihnen und den Moderatoren verborgen "
                                + "und zählt nicht mehr zur Gesamtbewertung. Sie wird aufbewahrt, nicht gelöscht."))
                        .body("items[0].duration", containsString("Einspruchsfrist am"))
                        .body("items[0].facts", equalTo("1-mal gemeldet (harassment). Ein Moderator hat den Inhalt gelesen und entschieden."))
                        // the moderator's own statement and the cited rule are as written: only the frame is translated
                        .body("items[0].statement", equalTo("The review insults a named employee."))
                        .body("items[0].action", equalTo("remove"));
                reporter.body("items[0].scope", equalTo("Die von Ihnen gemeldete Bewertung zu Produkt sku-1 (harassment) wurde entfernt."));
            } else {
                author.body("items[0].scope", equalTo("Your review of product sku-1 is hidden from everyone but you and the moderators "
                                + "and no longer counts towards the rating. It is kept, not deleted."))
                        .body("items[0].facts", equalTo("Reported 1 time (harassment). A moderator read the content and decided."))
                        .body("items[0].scope", not(containsString("Bewertung")));
                reporter.body("items[0].scope", equalTo("The review of product sku-1 that you reported (harassment) has been removed."));
            }
        }
    }

    @Test
    void anUnknownLanguageIsRefusedAndChangesNothing() {
        TestMarketplace market = TestMarketplace.create();
        TestMarketplace.admin().body(Map.of("policy", Map.of("noticeLanguage", "fr"))).patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(422).body("errors[0].field", equalTo("policy.noticeLanguage"));
        TestMarketplace.admin().get("/api/v1/admin/tenants/" + market.slug).then().statusCode(200).body("policy.noticeLanguage", equalTo("en"));
    }

    private static Set<String> keys(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = NoticeLanguageTest.class.getClassLoader().getResourceAsStream(resource)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return new TreeSet<>(p.stringPropertyNames());
    }
}
