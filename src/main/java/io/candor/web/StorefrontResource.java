package io.candor.web;

import io.candor.demo.DemoConfig;
import io.candor.demo.DemoMarketplace;

import io.candor.auth.Caller;
import io.candor.common.Role;
import io.candor.moderation.PublicPolicyResource;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.tenant.TenantPolicy;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Optional;

/**
 * The front page and the public pages. In demo mode the front page is a small fake shop that embeds the
 * widget as a marketplace would; otherwise it is a short page about Candor.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class StorefrontResource {

    static final int WIDGET_TOKEN_MINUTES = 60;

    private final Pages pages;
    private final WebSession session;
    private final DemoConfig demoConfig;
    private final DemoMarketplace demo;
    private final TenantDirectory tenants;

    private final io.candor.invitation.InvitationLinks invitationLinks;

    public StorefrontResource(Pages pages, WebSession session, DemoConfig demoConfig, DemoMarketplace demo, TenantDirectory tenants,
                              io.candor.invitation.InvitationLinks invitationLinks) {
        this.invitationLinks = invitationLinks;
        this.pages = pages;
        this.session = session;
        this.demoConfig = demoConfig;
        this.demo = demo;
        this.tenants = tenants;
    }

    /** A product on the demo shelves. */
    public record ProductCard(String ref, String name, String shopRef, String shopName, String subject) {
    }

    /** A shop of the demo marketplace. */
    public record ShopCard(String ref, String name, String subject, List<ProductCard> products) {
    }

    /** The attributes the page gives {@code <candor-reviews>}: a token and an order only for a signed-in buyer. */
    public record WidgetSetup(String tenant, String subject, String token, String transaction) {
    }

    /** The demo buyer's invitation to review their first open order, as the marketplace's e-mail would link it. */
    public record Invitation(String transaction, String product, String token) {
    }

    private Invitation invitation() {
        Optional<TenantContext> demoTenant = tenants.bySlug(DemoMarketplace.SLUG);
        boolean demoBuyer = session.caller().filter(c -> c.has(Role.BUYER) && demoTenant.isPresent() && c.tenant() == demoTenant.get().id()
                && DemoMarketplace.BUYER.equals(c.party())).isPresent();
        if (!demoBuyer) {
            return null;
        }
        DemoMarketplace.Product product = DemoMarketplace.PRODUCTS.get(0);
        String order = DemoMarketplace.openOrderFor("product", product.ref()).orElse(null);
        if (order == null) {
            return null;
        }
        String token = invitationLinks.token(new io.candor.invitation.InvitationLinks.Line(demoTenant.get().id(), order, "product", product.ref(),
                java.time.Instant.now().plus(java.time.Duration.ofDays(7))));
        return new Invitation(order, product.name(), token);
    }

    /** The published rules, as the widget's "how ratings work" link shows them. */
    public record PolicyPage(String marketplace, String ratings, String reviews, TenantPolicy rules) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(PageFrame frame, List<ShopCard> shops, Invitation invitation);

        static native TemplateInstance about(PageFrame frame);

        static native TemplateInstance product(PageFrame frame, ProductCard product, WidgetSetup widget, List<ProductCard> related);

        static native TemplateInstance shop(PageFrame frame, ShopCard shop, WidgetSetup widget);

        static native TemplateInstance policy(PageFrame frame, PolicyPage policy);

        static native TemplateInstance invited(PageFrame frame, String invitation, String token, String signIn);
    }

    /**
     * The page a review invitation links to ({@code invitationLink}, here {@code /review}): the demo marketplace signs its
     * buyer in as usual and hands the widget the invitation, which opens the write form for the line it names.
     */
    @GET
    @Path("review")
    @Operation(hidden = true)
    public TemplateInstance invited(@jakarta.ws.rs.QueryParam("candor_invitation") String invitation) {
        requireDemo();
        if (invitation == null || invitation.isBlank() || invitation.length() > 1000 || !invitation.matches("[A-Za-z0-9_.-]+")) {
            throw new PageRefusal(404, "This invitation link is not complete: open it again from the invitation.");
        }
        WidgetSetup buyer = widget("product", "-");
        String signIn = "/signin/demo?next=" + java.net.URLEncoder.encode("/review?candor_invitation=" + invitation, java.nio.charset.StandardCharsets.UTF_8);
        return Templates.invited(pages.frame("Review your purchase", "home"), invitation, buyer.token(), signIn);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance home() {
        if (!demoConfig.enabled()) {
            return Templates.about(pages.frame("Candor", "home"));
        }
        return Templates.home(pages.frame("Candor Demo Market", "home"), shops(), invitation());
    }

    @GET
    @Path("products/{ref}")
    @Operation(hidden = true)
    public TemplateInstance product(@PathParam("ref") String ref) {
        requireDemo();
        ProductCard product = shops().stream().flatMap(s -> s.products().stream()).filter(p -> p.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new PageRefusal(404, "The demo store has no such product."));
        List<ProductCard> related = shops().stream().filter(s -> s.ref().equals(product.shopRef())).findFirst().orElseThrow()
                .products().stream().filter(p -> !p.ref().equals(ref)).toList();
        return Templates.product(pages.frame(product.name(), "home"), product, widget("product", ref), related);
    }

    @GET
    @Path("shops/{ref}")
    @Operation(hidden = true)
    public TemplateInstance shop(@PathParam("ref") String ref) {
        requireDemo();
        ShopCard shop = shops().stream().filter(s -> s.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new PageRefusal(404, "The demo market has no such shop."));
        return Templates.shop(pages.frame(shop.name(), "home"), shop, widget("seller", ref));
    }

    @GET
    @Path("policy/{tenant}")
    @Operation(hidden = true)
    public TemplateInstance policy(@PathParam("tenant") String slug) {
        TenantContext tenant = tenants.bySlug(slug).orElseThrow(() -> new PageRefusal(404, "There is no marketplace by that name."));
        TenantPolicy rules = tenant.policy();
        return Templates.policy(pages.frame("How ratings work at " + tenant.displayName(), "policy"),
                new PolicyPage(tenant.displayName(), PublicPolicyResource.ratingsText(rules), PublicPolicyResource.reviewsText(rules), rules));
    }

    private WidgetSetup widget(String type, String ref) {
        String subject = type + ":" + ref;
        Long demoTenant = tenants.bySlug(DemoMarketplace.SLUG).map(TenantContext::id).orElse(null);
        Caller buyer = session.caller().filter(c -> c.has(Role.BUYER) && demoTenant != null && c.tenant() == demoTenant).orElse(null);
        if (buyer == null) {
            return new WidgetSetup(DemoMarketplace.SLUG, subject, null, null);
        }
        // the shop hands its signed-in buyer a token, as a marketplace's product page would
        return new WidgetSetup(DemoMarketplace.SLUG, subject, demo.sign(buyer.party(), List.of(Role.BUYER), WIDGET_TOKEN_MINUTES),
                DemoMarketplace.BUYER.equals(buyer.party()) ? DemoMarketplace.openOrderFor(type, ref).orElse(null) : null);
    }

    private static List<ShopCard> shops() {
        return DemoMarketplace.SELLERS.stream().map(seller -> new ShopCard(seller, DemoMarketplace.SHOP_NAMES.get(seller), "seller:" + seller,
                DemoMarketplace.PRODUCTS.stream().filter(p -> p.seller().equals(seller))
                        .map(p -> new ProductCard(p.ref(), p.name(), seller, DemoMarketplace.SHOP_NAMES.get(seller), "product:" + p.ref()))
                        .toList())).toList();
    }

    private void requireDemo() {
        if (!demoConfig.enabled()) {
            throw new PageRefusal(404, "There is no demo store here: demo mode is off.");
        }
    }
}
