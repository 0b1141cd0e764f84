package io.agentmesh.admin.api;

import io.agentmesh.node.AdminSettings;
import io.agentmesh.admin.console.AdminException;
import io.agentmesh.admin.console.LinkAdmin;
import io.agentmesh.admin.console.TrustView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The trust policy at run time: {@code GET /api/v1/admin/trust}; {@code POST .../trust/allow} and
 * {@code POST .../trust/block} with {@code {"nodeId"}}; {@code DELETE .../trust/{nodeId}} forgets a
 * node; {@code PUT .../trust/mode} with {@code {"mode": "open" | "allowlist"}}. Changes last until the
 * node restarts ({@code mesh.trust.*} is read again then).
 */
@Path("admin/trust")
@ApplicationScoped
@RolesAllowed(AdminSettings.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class TrustResource {

    /** A node id to allow or block. */
    public record NodeRequest(String nodeId) {
    }

    /** A trust mode. */
    public record ModeRequest(String mode) {
    }

    @Inject
    LinkAdmin links;

    @GET
    public TrustView get() {
        return links.trust();
    }

    @POST
    @Path("allow")
    @Consumes(MediaType.APPLICATION_JSON)
    public TrustView allow(NodeRequest request) {
        return links.allow(nodeId(request));
    }

    @POST
    @Path("block")
    @Consumes(MediaType.APPLICATION_JSON)
    public TrustView block(NodeRequest request) {
        return links.block(nodeId(request));
    }

    @DELETE
    @Path("{nodeId}")
    public TrustView forget(@PathParam("nodeId") String nodeId) {
        return links.forget(nodeId);
    }

    @PUT
    @Path("mode")
    @Consumes(MediaType.APPLICATION_JSON)
    public TrustView mode(ModeRequest request) {
        if (request == null) {
            throw AdminException.badRequest("a JSON body {\"mode\": \"open\" | \"allowlist\"} is required");
        }
        return links.mode(request.mode());
    }

    private static String nodeId(NodeRequest request) {
        if (request == null) {
            throw AdminException.badRequest("a JSON body {\"nodeId\": ...} is required");
        }
        return request.nodeId();
    }
}
