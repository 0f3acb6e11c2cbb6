package io.candor.web;

import io.candor.demo.DemoConfig;
import io.candor.demo.DemoMarketplace;

import io.candor.common.RateLimited;
import io.candor.auth.Caller;
import io.candor.tenant.SignInOrigins;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.candor.common.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;

/**
 * Signing in to the pages. A marketplace signs a short-lived JWT for its user and sends the browser to
 * {@code POST /signin/{tenant}}; in demo mode {@code /signin/demo} offers the demo's people instead.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    static final int DEMO_TOKEN_MINUTES = 2;

    private final SignInService signIn;
    private final WebSession session;
    private final Pages pages;
    private final DemoConfig demoConfig;
    private final DemoMarketplace demo;
    private final java.util.Optional<URI> publicBaseUrl;

    public SignInResource(SignInService signIn, WebSession session, Pages pages, DemoConfig demoConfig, DemoMarketplace demo,
                          @ConfigProperty(name = "candor.public-base-url") java.util.Optional<URI> publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
        this.signIn = signIn;
        this.session = session;
        this.pages = pages;
        this.demoConfig = demoConfig;
        this.demo = demo;
    }

    /** One of the demo's people. */
    public record Persona(String as, String name, String role, String what) {
    }

    static final List<Persona> PERSONAS = List.of(
            new Persona("buyer", "Demo buyer", "buyer", "Shops in the demo store: votes on reviews and reviews three recent orders."),
            new Persona("seller", "Lumen Lighting", "seller", "Sells lamps: reads the dashboard and answers reviews in the seller portal."),
            new Persona("moderator", "First moderator", "moderator", "Moderates the demo marketplace."),
            new Persona("moderator2", "Second moderator", "moderator", "Moderates too, and decides appeals against the first one's decisions."));

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signin(PageFrame frame, String next);

        static native TemplateInstance demo(PageFrame frame, List<Persona> personas, String next);
    }

    @GET
    @Path("signin")
    @Operation(hidden = true)
    public TemplateInstance signinPage(@QueryParam("next") String next) {
        return Templates.signin(pages.frame("Sign in", "signin"), next);
    }

    @GET
    @Path("signin/demo")
    @Operation(hidden = true)
    public TemplateInstance demoPage(@QueryParam("next") String next) {
        requireDemo();
        return Templates.demo(pages.frame("Sign in to the demo", "signin"), PERSONAS, next);
    }

    @POST
    @Path("signin/demo/persona")
    @RateLimited(RateLimited.Budget.SIGN_IN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response signInAsPersona(@FormParam("as") String as, @FormParam("next") String next) {
        requireDemo();
        String subject = switch (as == null ? "" : as) {
            case "buyer" -> DemoMarketplace.BUYER;
            case "seller" -> DemoMarketplace.SELLER;
            case "moderator" -> DemoMarketplace.MODERATOR;
            case "moderator2" -> DemoMarketplace.SECOND_MODERATOR;
            default -> throw new PageRefusal(400, "Choose one of the demo's people.");
        };
        String role = as.startsWith("moderator") ? Role.MODERATOR : as;
        // the same path a marketplace's user takes: a token signed with the marketplace's key, verified as such
        return signIn(DemoMarketplace.SLUG, demo.sign(subject, List.of(role), DEMO_TOKEN_MINUTES), next);
    }

    @POST
    @Path("signin/{tenant}")
    @RateLimited(RateLimited.Budget.SIGN_IN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    /**
     * The marketplace's way in for its user: form fields {@code token} (a short-lived JWT signed by the marketplace's
     * key) and {@code next} (a path on this site); sets Candor's session cookie and redirects. A page, not API:
     * docs/clients.md describes it, the OpenAPI document does not.
     */
    @Operation(hidden = true)
    public Response signInWithToken(@PathParam("tenant") String tenant, @FormParam("token") String token, @FormParam("next") String next,
                                    @HeaderParam("Origin") String origin, @HeaderParam("Referer") String referer, RoutingContext routing) {
        if (!signIn.fromAllowedOrigin(tenant, origin, referer, ownOrigin(routing))) {
            throw new PageRefusal(403, "This sign-in form was not sent from a page of the marketplace or of Candor. Go back to the marketplace and sign in again.");
        }
        return signIn(tenant, token, next);
    }

    @POST
    @Path("signout")
    @Operation(hidden = true)
    public Response signOut() {
        session.signOut();
        return Response.seeOther(URI.create("/")).build();
    }

    private Response signIn(String tenant, String token, String next) {
        Caller caller = signIn.verify(tenant, token)
                .orElseThrow(() -> new PageRefusal(401, "This sign-in link is not valid (any more). Go back to the marketplace and sign in again."));
        session.signIn(caller);
        return Response.seeOther(URI.create(SignInService.destination(caller, next))).build();
    }

    /** Candor's own origin: the configured public address, else the one this request was sent to. */
    private String ownOrigin(RoutingContext routing) {
        return publicBaseUrl.map(u -> SignInOrigins.origin(u.getScheme() + "://" + u.getRawAuthority()))
                .orElseGet(() -> SignInOrigins.origin(routing.request().scheme() + "://" + routing.request().authority()));
    }

    private void requireDemo() {
        if (!demoConfig.enabled()) {
            throw new PageRefusal(404, "There is no demo here: demo mode is off.");
        }
    }
}
