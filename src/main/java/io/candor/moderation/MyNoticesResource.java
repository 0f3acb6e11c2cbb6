package io.candor.moderation;

import io.candor.auth.Caller;
import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The statements of reasons a party received, newest first. */
@Path("/api/v1/me/notices")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR, Role.AUTHOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class MyNoticesResource {

    private final NoticeService notices;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final CurrentCaller caller;

    public MyNoticesResource(NoticeService notices, TenantDirectory tenants, PartyService parties, CurrentCaller caller) {
        this.notices = notices;
        this.tenants = tenants;
        this.parties = parties;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Your notices: what moderation decided about your content or your reports, why, and how to appeal")
    public Page<Notice> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller me = caller.get();
        TenantContext tenant = tenants.byId(me.tenant());
        int size = Limits.pageSize(limit);
        return parties.find(tenant.id(), me.party())
                .map(p -> notices.received(tenant, p.id(), size, cursor))
                .orElse(new Page<>(List.of(), null));
    }
}
