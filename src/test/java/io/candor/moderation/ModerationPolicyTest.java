package io.candor.moderation;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules people read in docs/moderation-policy.md are the ones the service cites and publishes. */
@QuarkusTest
class ModerationPolicyTest {

    private static final Pattern RULE_HEADING = Pattern.compile("^### ([a-z-]+) — (.+) \\(version (\\d+)\\)$", Pattern.MULTILINE);

    @Test
    void theDocumentAndTheServiceListTheSameRules() throws IOException {
        String doc = Files.readString(Path.of("docs/moderation-policy.md"));
        List<String> documented = new ArrayList<>();
        Matcher heading = RULE_HEADING.matcher(doc);
        while (heading.find()) {
            documented.add(heading.group(1) + "|" + heading.group(2) + "|" + heading.group(3));
            String covers = doc.substring(heading.end()).strip().split("\n\n", 2)[0].replace('\n', ' ');
            String code = heading.group(1);
            assertEquals(PolicyCatalog.find(code).orElseThrow().covers(), covers, "what " + code + " covers");
        }
        List<String> served = PolicyCatalog.POLICIES.stream().map(p -> p.code() + "|" + p.title() + "|" + p.version()).toList();
        assertEquals(served, documented);

        TestMarketplace market = TestMarketplace.create();
        Response policy = market.anonymous().get(market.publicPath("/policy"));
        policy.then().statusCode(200);
        List<Map<String, Object>> rules = policy.jsonPath().getList("contentRules");
        assertEquals(served, rules.stream().map(r -> r.get("code") + "|" + r.get("title") + "|" + r.get("version")).toList());
        assertEquals(List.of("personal-information", "blocked-words", "links", "duplicate-text", "burst", "conflict-of-interest"),
                policy.jsonPath().getList("automatedChecks.code"));
        assertTrue(policy.jsonPath().getString("moderation").contains("never because a review is negative"));
    }

    @Test
    void everyReportReasonIsARule() {
        assertEquals(List.of("spam", "offensive", "hate", "harassment", "personal-information", "conflict-of-interest", "off-topic", "illegal",
                "incentivized", "other"), PolicyCatalog.codes());
    }
}
