package io.agentmesh.admin.api;

import io.agentmesh.node.AdminSettings;
import io.agentmesh.admin.console.AdminException;
import io.agentmesh.admin.console.LinkAdmin;
import io.agentmesh.admin.console.LinkView;
import io.agentmesh.admin.console.PeerView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Links and peers: {@code GET /api/v1/admin/links}, {@code POST /api/v1/admin/links}
 * {@code {"url", "nodeId"?}} dials a peer, {@code DELETE /api/v1/admin/links/{id}} closes a link,
 * {@code GET /api/v1/admin/peers}.
 */
@Path("admin")
@ApplicationScoped
@RolesAllowed(AdminSettings.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class LinksResource {

    /** What to dial: a ws:// or wss:// URL, and optionally the node id expected there. */
    public record DialRequest(String url, String nodeId) {
    }

    @Inject
    LinkAdmin links;

    @GET
    @Path("links")
    public List<LinkView> links() {
        return links.links();
    }

    @POST
    @Path("links")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<LinkView> dial(DialRequest request) {
        if (request == null) {
            throw AdminException.badRequest("a JSON body {\"url\": ..., \"nodeId\": ...} is required");
        }
        return links.dial(request.url(), request.nodeId());
    }

    @DELETE
    @Path("links/{id}")
    public LinkView close(@PathParam("id") String id) {
        return links.close(id);
    }

    @GET
    @Path("peers")
    public List<PeerView> peers() {
        return links.peers();
    }
}
