package io.candor.demo;

import io.candor.auth.Caller;
import io.candor.common.Role;
import io.candor.common.ProblemException;
import io.candor.moderation.ReportRequest;
import io.candor.moderation.ReportService;
import io.candor.review.Aspects;
import io.candor.review.CreateReviewRequest;
import io.candor.review.ReviewService;
import io.candor.review.ReviewView;
import io.candor.review.SubjectRef;
import io.candor.summary.SummaryRecompute;
import io.candor.tenant.CreateTenantRequest;
import io.candor.tenant.TenantDirectory;
import io.candor.tenant.TenantPolicy;
import io.candor.tenant.TenantService;
import io.candor.transaction.RegisterTransactionRequest;
import io.candor.transaction.TransactionService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The demo marketplace: tenant {@code demo} with its own signing key, three shops, a dozen products,
 * buyers with completed transactions and reviews, and open transactions for the demo buyer to review.
 * Seeded once; data lives on across restarts like any other tenant's.
 */
@ApplicationScoped
public class DemoMarketplace {

    public static final String SLUG = "demo";
    public static final String ISSUER = "https://demo.candor.invalid";
    public static final String BUYER = "demo-buyer";
    public static final String SELLER = "s-lumen";
    public static final String MODERATOR = "demo-moderator-1";
    public static final String SECOND_MODERATOR = "demo-moderator-2";

    private static final Logger LOG = Logger.getLogger(DemoMarketplace.class);
    /** Orders of the demo buyer left unreviewed for newcomers to review, one per product of the first shop. */
    private static final int OPEN_ORDERS = 3;

    public record Product(String ref, String seller, String name) {
    }

    public static final List<String> SELLERS = List.of("s-lumen", "s-oakleaf", "s-nordpack");
    public static final Map<String, String> SHOP_NAMES = Map.of("s-lumen", "Lumen Lighting", "s-oakleaf", "Oakleaf Kitchen", "s-nordpack", "Nordpack");
    public static final List<Product> PRODUCTS = List.of(
            new Product("sku-lamp-01", "s-lumen", "Brass desk lamp"),
            new Product("sku-lamp-02", "s-lumen", "Linen floor lamp"),
            new Product("sku-bulb-03", "s-lumen", "Warm LED bulb, 4-pack"),
            new Product("sku-shade-04", "s-lumen", "Paper pendant shade"),
            new Product("sku-board-11", "s-oakleaf", "Oak cutting board"),
            new Product("sku-bowl-12", "s-oakleaf", "Walnut salad bowl"),
            new Product("sku-spoon-13", "s-oakleaf", "Olive wood spoons"),
            new Product("sku-tray-14", "s-oakleaf", "Serving tray"),
            new Product("sku-pack-21", "s-nordpack", "Roll-top backpack"),
            new Product("sku-bag-22", "s-nordpack", "Canvas tote bag"),
            new Product("sku-wallet-23", "s-nordpack", "Slim card wallet"),
            new Product("sku-bottle-24", "s-nordpack", "Insulated bottle"));

    /** Openings, by rating 1..5; the first words double as the review's title. */
    private static final String[][] OPENINGS = {
            {"Does not work", "Very disappointed", "Would not buy again", "Broke far too soon"},
            {"Not as described", "Below expectations", "Not great", "Mixed feelings"},
            {"It is fine", "Does the job", "Average", "Okay for the price"},
            {"Good value", "Pleased overall", "Nice quality", "Happy with it"},
            {"Excellent", "Love it", "Exactly what I wanted", "Superb"}};
    private static final String[][] DETAILS = {
            {"It stopped working after two days and the replacement had the same fault.", "The switch failed within a week.",
                    "Parts were missing from the box.", "It arrived damaged and the return took weeks."},
            {"The colour is quite different from the photos.", "The finish feels cheap for the price.",
                    "It is smaller than the listing suggests.", "Delivery took far longer than promised."},
            {"Packaging was a bit excessive.", "Delivery took a few days longer than promised.", "The instructions could be clearer.",
                    "It works, nothing more."},
            {"Solid build and it arrived quickly.", "One small scratch, otherwise exactly as pictured.", "Well packed and easy to set up.",
                    "Feels sturdy and looks good."},
            {"Beautifully made and well packed.", "Arrived earlier than expected.", "The quality is better than the photos show.",
                    "Everyone who sees it asks where it is from."}};
    private static final String[] USES = {"for the living room", "as a present", "for my desk", "for the kitchen", "for travelling",
            "to replace an old one"};
    /** German reviews: openings and details for low (1-2) and other ratings. */
    private static final String[][] GERMAN_OPENINGS = {{"Leider enttäuscht", "Nicht zu empfehlen", "Schade"},
            {"Schönes Stück", "Sehr zufrieden", "Gerne wieder"}};
    private static final String[][] GERMAN_DETAILS = {{"Nach kurzer Zeit defekt, der Austausch hat lange gedauert.",
            "Die Farbe weicht stark von den Fotos ab.", "Die Lieferung kam beschädigt an."},
            {"Sehr gute Verarbeitung und schnelle Lieferung.", "Genau wie beschrieben.", "Gut verpackt und schnell da."}};
    private static final String[] GERMAN_USES = {"für das Wohnzimmer", "als Geschenk", "für den Schreibtisch", "für die Küche"};

    private final DemoConfig config;
    private final TenantService tenantService;
    private final TenantDirectory tenants;
    private final TransactionService transactions;
    private final ReviewService reviews;
    private final SummaryRecompute recompute;
    private final ReportService reports;
    private final DemoKeyRepository keys;
    private final Clock clock;
    private final io.candor.invitation.InvitationJob invitations;
    private final int httpPort;
    private final io.candor.review.PhotoService photos;

    public DemoMarketplace(DemoConfig config, TenantService tenantService, TenantDirectory tenants, TransactionService transactions,
                           ReviewService reviews, SummaryRecompute recompute, ReportService reports, DemoKeyRepository keys, Clock clock,
                           io.candor.invitation.InvitationJob invitations,
                           @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort,
                           io.candor.review.PhotoService photos) {
        this.photos = photos;
        this.invitations = invitations;
        this.httpPort = httpPort;
        this.config = config;
        this.tenantService = tenantService;
        this.tenants = tenants;
        this.transactions = transactions;
        this.reviews = reviews;
        this.recompute = recompute;
        this.reports = reports;
        this.keys = keys;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (tenants.bySlug(SLUG).isPresent()) {
            LOG.infof("Demo marketplace '%s' is ready; get a token at /api/v1/demo/token?as=buyer", SLUG);
            return;
        }
        seed();
        LOG.infof("Demo marketplace '%s' seeded; get a token at /api/v1/demo/token?as=buyer", SLUG);
    }

    /** The demo buyer's order that covers a subject and has not been reviewed in the seed: {@code ord-demo-1001} and on. */
    public static Optional<String> openOrderFor(String subjectType, String ref) {
        for (int i = 0; i < OPEN_ORDERS; i++) {
            Product product = PRODUCTS.get(i);
            if ("product".equals(subjectType) ? product.ref().equals(ref) : product.seller().equals(ref)) {
                return Optional.of("ord-demo-" + (1001 + i));
            }
        }
        return Optional.empty();
    }

    /** A token for a demo user signed with the demo marketplace's key, as a marketplace signs for its users. */
    public String sign(String subject, List<String> groups, int lifetimeMinutes) {
        PrivateKey key = signingKey().orElseThrow(() -> ProblemException.notFound("Demo marketplace"));
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetimeMinutes);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo tenant's private signing key, for demo tokens. */
    public Optional<PrivateKey> signingKey() {
        return tenants.bySlug(SLUG).flatMap(t -> keys.privateKey(t.id())).map(DemoMarketplace::readPrivateKey);
    }

    private void seed() {
        KeyPair pair = generateKeys();
        String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String privatePem = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        QuarkusTransaction.requiringNew().run(() -> {
            // review invitations a day after delivery, one reminder five days later, linking to the storefront's /review page
            TenantPolicy policy = TenantPolicy.DEFAULTS.merge(new TenantPolicy(null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, 1, 5, "http://localhost:" + httpPort + "/review", null, null));
            tenantService.create(new CreateTenantRequest(SLUG, "Candor Demo Market", ISSUER, List.of(publicPem), policy, null, null));
            keys.store(tenants.requireSlug(SLUG).id(), privatePem);
        });
        long tenantId = tenants.requireSlug(SLUG).id();
        Random random = new Random(42);
        SeedTexts texts = new SeedTexts(random);
        Instant now = clock.instant();
        List<UUID> written = new ArrayList<>();
        int order = 1;
        for (int b = 1; b <= 40; b++) {
            String buyer = String.format("b-%04d", b);
            for (int t = 0; t < 2; t++) {
                Product product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
                int daysAgo = 5 + random.nextInt(80);
                String ref = String.format("ord-%05d", order++);
                Instant completed = now.minus(Duration.ofDays(daysAgo));
                // every thirteenth order is a product the shop gave away for a review: declared on the transaction,
                // so the review shows the badge (and, by the default policy, is not counted in the rating)
                String incentive = order % 13 == 0 ? "free_product" : null;
                QuarkusTransaction.requiringNew().run(() -> transactions.register(tenantId,
                        new RegisterTransactionRequest(ref, buyer, product.seller(), completed, List.of(product.ref()), incentive)));
                int rating = jShaped(random);
                String[] text = texts.next(rating, product.name());
                Caller caller = Caller.party(tenantId, buyer, Set.of(Role.BUYER));
                // every fifth product review of three stars or more comes with a photo, uploaded as a buyer uploads one
                List<io.candor.review.PhotoInput> pictures = order % 5 == 0 && rating >= 3
                        ? List.of(new io.candor.review.PhotoInput(photos.upload(caller, DemoPhotos.of(product, order)).id(),
                        "The " + product.name().toLowerCase(Locale.ROOT) + " as it arrived, on a table"))
                        : null;
                Optional<ReviewView> productReview = tryReview(caller, new CreateReviewRequest(ref, new SubjectRef("product", product.ref()), rating,
                        text[0], text[1], null, null, pictures), now.minus(Duration.ofDays(daysAgo - 2)));
                productReview.ifPresent(r -> written.add(UUID.fromString(r.id())));
                if (random.nextInt(3) == 0) {
                    int sellerRating = Math.max(1, Math.min(5, rating + random.nextInt(3) - 1));
                    tryReview(caller, new CreateReviewRequest(ref, new SubjectRef("seller", product.seller()), sellerRating, null,
                            texts.next(sellerRating, null)[1],
                            new Aspects(sellerRating, Math.min(5, sellerRating + 1), sellerRating)), now.minus(Duration.ofDays(Math.max(0, daysAgo - 3))))
                            .ifPresent(r -> written.add(UUID.fromString(r.id())));
                }
            }
        }
        for (int i = 0; i < OPEN_ORDERS; i++) {
            Product product = PRODUCTS.get(i);
            String ref = "ord-demo-" + (1001 + i);
            QuarkusTransaction.requiringNew().run(() -> transactions.register(tenantId,
                    new RegisterTransactionRequest(ref, BUYER, product.seller(), now.minus(Duration.ofDays(2)), List.of(product.ref()))));
        }
        // the invitations that are due: every order's lines not reviewed yet, the demo buyer's open orders among them
        // (the demo marketplace has no webhook, so they are recorded and counted but not delivered)
        invitations.sendDue();
        // the reviews were written as of their age, so the summaries' recent windows already hold; a recompute checks it
        recompute.recomputeTenant(tenants.requireSlug(SLUG));
        // two reports waiting in the moderation console, as on any marketplace
        fileReport(tenantId, "b-0040", written.get(2), "off-topic", "This is about the delivery company, not about the product.");
        fileReport(tenantId, "b-0039", written.get(5), "spam", "The same buyer posts this on every product of the shop.");
    }

    private void fileReport(long tenantId, String reporter, UUID review, String reason, String details) {
        try {
            QuarkusTransaction.requiringNew().run(() -> reports.report(tenants.requireSlug(SLUG), Caller.party(tenantId, reporter, Set.of(Role.BUYER)),
                    new ReportRequest(new ReportRequest.Target("review", review.toString()), reason, details)));
        } catch (ProblemException e) {
            LOG.debugf("demo report on %s not filed: %s", review, e.getMessage());
        }
    }

    private Optional<ReviewView> tryReview(Caller caller, CreateReviewRequest request, Instant writtenAt) {
        try {
            return Optional.of(QuarkusTransaction.requiringNew().call(() -> reviews.createAsOf(caller, request, writtenAt)));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    /** Real marketplaces' ratings are J-shaped: mostly fives, some ones, few in between. */
    private static int jShaped(Random random) {
        int roll = random.nextInt(100);
        if (roll < 55) {
            return 5;
        }
        if (roll < 75) {
            return 4;
        }
        if (roll < 83) {
            return 3;
        }
        if (roll < 89) {
            return 2;
        }
        return 1;
    }

    /**
     * Review texts for the seed, each one different: the duplicate-text check would hold copies, as it holds
     * a review farm's, and the demo's shelves would be empty.
     */
    private static final class SeedTexts {

        private final Random random;
        private final Set<String> used = new HashSet<>();

        SeedTexts(Random random) {
            this.random = random;
        }

        /** A title and a body for a review with this rating of a product by its name, or of the shop (null). */
        String[] next(int rating, String what) {
            for (int attempt = 0; attempt < 50; attempt++) {
                boolean german = random.nextInt(5) == 0;
                String[] text;
                if (german) {
                    int band = rating <= 2 ? 0 : 1;
                    String opening = pick(GERMAN_OPENINGS[band]);
                    text = new String[]{opening, opening + ". " + pick(GERMAN_DETAILS[band]) + " Gekauft " + pick(GERMAN_USES) + "."};
                } else {
                    String opening = pick(OPENINGS[rating - 1]);
                    text = new String[]{opening, opening + ". " + pick(DETAILS[rating - 1])
                            + (what == null ? " Ordered " : " Bought the " + what.toLowerCase(Locale.ROOT) + " ") + pick(USES) + "."};
                }
                if (used.add(text[1])) {
                    return text;
                }
            }
            String[] fallback = {pick(OPENINGS[rating - 1]), "Review number " + used.size() + (what == null ? " of the shop." : " of the "
                    + what.toLowerCase(Locale.ROOT) + ".")};
            used.add(fallback[1]);
            return fallback;
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }

    private static KeyPair generateKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey readPrivateKey(String base64) {
        try {
            return java.security.KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("demo signing key unreadable", e);
        }
    }
}
