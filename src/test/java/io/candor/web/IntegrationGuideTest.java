package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.candor.invitation.InvitationJob;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/integrate.md cannot rot: every example in it is taken out of the page and run against this Candor, in the
 * page's order: the Java ones with this JDK (jose4j on the class path), the Node ones with node and the {@code jose}
 * that scripts/test installs in docs/integrate/node, the HTML one in Chromium.
 */
@QuarkusTest
class IntegrationGuideTest extends InChromium {

    static final Path GUIDE = Path.of("docs/integrate.md");
    static final Path NODE_MODULES = Path.of("docs/integrate/node/node_modules").toAbsolutePath();
    static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\s*```\\w+\\n(.*?)\\n```", Pattern.DOTALL);

    @Inject
    InvitationJob invitations;

    @ConfigProperty(name = "candor.admin-token")
    String adminToken;

    static Map<String, String> examples() throws IOException {
        Map<String, String> examples = new TreeMap<>();
        Matcher m = EXAMPLE.matcher(Files.readString(GUIDE));
        while (m.find()) {
            examples.put(m.group(1), m.group(2));
        }
        return examples;
    }

    @Test
    void everyExampleOfThePageIsOneThisTestRuns() throws IOException {
        assertEquals(List.of("html/product-page.html", "java/CreateTenant.java", "java/MintToken.java", "java/RegisterTransaction.java",
                "java/WebhookReceiver.java", "node/create-tenant.mjs", "node/mint-token.mjs", "node/register-transaction.mjs",
                "node/webhook-receiver.mjs"), List.copyOf(examples().keySet()));
    }

    @Test
    void theJavaExamplesIntegrateAMarketplace() throws Exception {
        integrate("java", Map.of("create", "CreateTenant.java", "register", "RegisterTransaction.java", "mint", "MintToken.java",
                "receive", "WebhookReceiver.java"));
    }

    @Test
    void theNodeExamplesIntegrateAMarketplace() throws Exception {
        assertTrue(Files.isDirectory(NODE_MODULES.resolve("jose")),
                "docs/integrate/node/node_modules/jose is missing: scripts/test installs it (npm ci --prefix docs/integrate/node)");
        integrate("node", Map.of("create", "create-tenant.mjs", "register", "register-transaction.mjs", "mint", "mint-token.mjs",
                "receive", "webhook-receiver.mjs"));
    }

    @Test
    void theWidgetSnippetShowsAProductsReviews() throws IOException {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 2, "sku-kettle");
        market.review("b-1", "o-1", "sku-kettle", 4, "Boils a litre in three minutes and switches off on its own.");
        String snippet = examples().get("html/product-page.html")
                .replace("https://reviews.example.net", WidgetBrowserTest.CANDOR).replace("example-market", market.slug);
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            context.setDefaultTimeout(15_000);
            Page page = context.newPage();
            page.navigate(host.page("/guide-product.html", "en", snippet));
            assertThat(page.locator("candor-reviews h2")).hasText("Customer reviews");
            assertThat(page.locator("candor-reviews article")).containsText("Boils a litre");
            assertThat(page.locator("candor-stars")).containsText("1 review");
        }
    }

    /** Runs the page's four steps in one language, each with what the ones before printed. */
    void integrate(String language, Map<String, String> files) throws Exception {
        Path dir = Path.of("target/integrate", language).toAbsolutePath();
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : examples().entrySet()) {
            if (e.getKey().startsWith(language + "/")) {
                Files.writeString(dir.resolve(e.getKey().substring(language.length() + 1)), e.getValue() + "\n");
            }
        }
        if (language.equals("node") && !Files.exists(dir.resolve("node_modules"))) {
            Files.createSymbolicLink(dir.resolve("node_modules"), NODE_MODULES);
        }
        String slug = "guide-" + language + "-" + Long.toString(System.nanoTime(), 36);
        Map<String, String> env = new HashMap<>(Map.of("CANDOR_URL", WidgetBrowserTest.CANDOR, "CANDOR_ADMIN_TOKEN", adminToken, "SLUG", slug));

        // 1. the tenant, and what the marketplace keeps from it
        for (String line : run(language, dir, files.get("create"), env).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("CANDOR_API_KEY|PRIVATE_KEY|ISSUER")) {
                env.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        assertTrue(env.containsKey("CANDOR_API_KEY") && env.containsKey("PRIVATE_KEY") && env.containsKey("ISSUER"), "step 1 printed " + env.keySet());

        // 2. an order; 3. a buyer's token that Candor accepts
        assertTrue(run(language, dir, files.get("register"), env).contains("STATUS=201"), "the order is registered");
        assertTrue(run(language, dir, files.get("mint"), env).contains("STATUS=200"), "the minted token is accepted");

        // 4. the receiver: it sets up the webhook; an order completed two days ago gets its invitation a day after
        int port = io.candor.testing.FreePorts.one();
        env.put("WEBHOOK_PORT", Integer.toString(port));
        env.put("WEBHOOK_URL", "http://127.0.0.1:" + port + "/candor-events");
        env.put("WEBHOOK_SECRET", "guide-webhook-secret-" + language);
        Process receiver = start(language, dir, files.get("receive"), env);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            String listening = lines.poll(60, TimeUnit.SECONDS);
            assertEquals("LISTENING 200", listening, "the receiver set up the webhook");
            TestMarketplace.admin().body(Map.of("policy", Map.of("invitationDelayDays", 1, "invitationLink", "https://shop.example/review")))
                    .patch("/api/v1/admin/tenants/" + slug).then().statusCode(200);
            io.restassured.RestAssured.given().contentType("application/json").header("Authorization", "Bearer " + env.get("CANDOR_API_KEY"))
                    .body(Map.of("ref", "order-2001", "buyer", "buyer-43", "seller", "shop-7",
                            "completedAt", Instant.now().minusSeconds(2 * 86_400).toString(), "products", List.of("sku-teapot")))
                    .post("/api/v1/transactions").then().statusCode(201);
            invitations.sendDue();
            String invitation = lines.poll(90, TimeUnit.SECONDS);
            assertTrue(invitation != null && invitation.startsWith("INVITATION order-2001 https://shop.example/review?candor_invitation="),
                    "the receiver checked the signature and handled the invitation: " + invitation);
            assertTrue(receiver.waitFor(30, TimeUnit.SECONDS), "the receiver stops after the invitation");
            assertEquals(0, receiver.exitValue());
        } finally {
            receiver.destroyForcibly();
        }
    }

    String run(String language, Path dir, String file, Map<String, String> env) throws Exception {
        Process process = start(language, dir, file, env);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(file + " did not finish");
        }
        assertEquals(0, process.exitValue(), file + " failed:\n" + out);
        return out;
    }

    static Process start(String language, Path dir, String file, Map<String, String> env) throws IOException {
        List<String> command = language.equals("java")
                ? List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"), file)
                : List.of("node", file);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }
}
