package io.agentmesh.admin.api;

import io.agentmesh.node.AdminSettings;
import io.agentmesh.node.NodeStatus;
import io.agentmesh.admin.console.LinkAdmin;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.NodeInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/** {@code GET /api/v1/admin/node}: this node's id, addresses, uptime, trust mode, links and agents. */
@Path("admin/node")
@ApplicationScoped
@RolesAllowed(AdminSettings.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {

    @Inject
    NodeInfo node;

    @Inject
    NodeStatus status;

    @Inject
    AgentDirectory agents;

    @Inject
    LinkAdmin links;

    @Inject
    Clock clock;

    @GET
    public NodeView get() {
        long now = clock.millis();
        long started = node.startedAt().toEpochMilli();
        return new NodeView(node.nodeId().value(), node.identityKey(), node.addrs(), node.software(), started,
                Math.max(0, now - started), status.phase().name(), links.trust().mode(), links.openLinks(),
                agents.agentIds());
    }
}
