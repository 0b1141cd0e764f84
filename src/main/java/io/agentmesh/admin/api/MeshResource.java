package io.agentmesh.admin.api;

import io.agentmesh.node.AdminSettings;
import io.agentmesh.admin.console.AdminException;
import io.agentmesh.admin.console.AgentCatalog;
import io.agentmesh.admin.console.AgentDetail;
import io.agentmesh.admin.console.ConsoleRequests;
import io.agentmesh.admin.console.MeshExplorer;
import io.agentmesh.admin.console.MeshView;
import io.agentmesh.admin.console.ToolCall;
import io.agentmesh.admin.console.ToolCaller;
import io.agentmesh.admin.console.TrafficRecorder;
import io.agentmesh.admin.console.TrafficReport;
import io.agentmesh.json.Json;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.JsonRpc;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The mesh: {@code GET /api/v1/admin/mesh} (nodes, health, agents, topology),
 * {@code GET /api/v1/admin/registry} (the agents this node knows of), {@code GET /api/v1/admin/agents?node=}
 * (a node's agents with their tools, input schemas, resources and prompts), {@code POST
 * /api/v1/admin/call} (call a tool on any agent), {@code GET /api/v1/admin/traffic} (recent calls and
 * errors).
 */
@Path("admin")
@ApplicationScoped
@RolesAllowed(AdminSettings.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class MeshResource {

    /** A tool call: {@code node} (a node id, or {@code local} / absent for this node), agent, tool, arguments. */
    public record CallRequest(String node, String agent, String tool, JsonObject arguments) {
    }

    /**
     * What this node's registry holds: until the registry runs, the agents of this node alone.
     *
     * @param source {@code local}: this node's own agents
     * @param nodes  node id → its agents
     */
    public record RegistryView(String source, List<RegistryNode> nodes) {
    }

    /** One node of the registry view and its agents. */
    public record RegistryNode(String nodeId, List<MeshView.AgentSummary> agents) {
    }

    @Inject
    MeshExplorer explorer;

    @Inject
    AgentCatalog catalog;

    @Inject
    ToolCaller caller;

    @Inject
    ConsoleRequests client;

    @Inject
    TrafficRecorder traffic;

    @Inject
    AgentDirectory agents;

    @GET
    @Path("mesh")
    public CompletionStage<MeshView> mesh() {
        return explorer.view();
    }

    @GET
    @Path("registry")
    public RegistryView registry() {
        JsonObject list = Json.createObjectBuilder().add("agents", Json.createArrayBuilder(agents.describe())).build();
        List<MeshView.AgentSummary> own = MeshExplorer.agentSummaries(
                JsonRpc.Response.result(Json.createValue(0), list));
        return new RegistryView("local", List.of(new RegistryNode(client.self().value(), own)));
    }

    @GET
    @Path("agents")
    public CompletionStage<List<AgentDetail>> agents(@QueryParam("node") String node) {
        return catalog.agents(client.node(node));
    }

    @POST
    @Path("call")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<ToolCall> call(CallRequest request) {
        if (request == null) {
            throw AdminException.badRequest("a JSON body {\"node\", \"agent\", \"tool\", \"arguments\"} is required");
        }
        return caller.call(request.node(), request.agent(), request.tool(), request.arguments());
    }

    @GET
    @Path("traffic")
    public TrafficReport traffic() {
        return traffic.report();
    }
}
