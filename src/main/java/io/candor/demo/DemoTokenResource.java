package io.candor.demo;

import io.candor.common.Role;
import io.candor.common.ProblemException;
import io.candor.common.Refs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Demo mode only: signs a token for a demo user with the demo marketplace's key, as a marketplace
 * would for its own users. Outside demo mode this path does not exist (404).
 */
@Path("/api/v1/demo/token")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Demo")
public class DemoTokenResource {

    static final int LIFETIME_MINUTES = 60;

    private final DemoConfig config;
    private final DemoMarketplace demo;

    public DemoTokenResource(DemoConfig config, DemoMarketplace demo) {
        this.config = config;
        this.demo = demo;
    }

    /** A demo token and what it allows. */
    public record DemoToken(String token, List<String> roles, int expiresInSeconds, String tenant) {
    }

    @GET
    @Operation(summary = "A token for a demo user (demo mode only)",
            description = "as=buyer (default) | seller | moderator | moderator2; party=<ref> signs for another demo party with that role.")
    @APIResponseSchema(value = DemoToken.class, responseDescription = "A token valid for an hour")
    @APIResponse(responseCode = "404", description = "not-found: demo mode is off")
    public DemoToken token(@QueryParam("as") String as, @QueryParam("party") String party) {
        if (!config.enabled()) {
            throw ProblemException.notFound("Demo tokens (demo mode is off)");
        }
        String persona = as == null || as.isEmpty() ? "buyer" : as;
        String role;
        String subject;
        switch (persona) {
            case "buyer" -> {
                role = Role.BUYER;
                subject = DemoMarketplace.BUYER;
            }
            case "seller" -> {
                role = Role.SELLER;
                subject = DemoMarketplace.SELLER;
            }
            case "moderator" -> {
                role = Role.MODERATOR;
                subject = DemoMarketplace.MODERATOR;
            }
            case "moderator2" -> {
                role = Role.MODERATOR;
                subject = DemoMarketplace.SECOND_MODERATOR;
            }
            default -> throw ProblemException.invalid("as", "must be buyer, seller, moderator or moderator2");
        }
        if (party != null && !party.isEmpty()) {
            subject = Refs.checkParty("party", party);
        }
        return new DemoToken(demo.sign(subject, List.of(role), LIFETIME_MINUTES), List.of(role), LIFETIME_MINUTES * 60, DemoMarketplace.SLUG);
    }
}
