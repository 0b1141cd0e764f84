package io.agentmesh.admin.api;

import io.agentmesh.admin.console.RevocationAdmin;
import io.agentmesh.node.AdminSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The authorities' revocation lists: {@code GET /api/v1/admin/revocations}; {@code POST} with a list's
 * envelope as {@code liberty/mesh-authority.sh revoke} wrote it.
 */
@Path("admin/revocations")
@ApplicationScoped
@RolesAllowed(AdminSettings.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class RevocationsResource {

    @Inject
    RevocationAdmin revocations;

    @GET
    public RevocationAdmin.RevocationsView get() {
        return revocations.view();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RevocationAdmin.RevocationsView post(JsonObject envelope) {
        return revocations.post(envelope);
    }
}
