package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the agents of any node in full through the mesh entry: {@code node/list_agents} (wire-v1 §5.4),
 * then each agent's MCP lists, following {@code nextCursor} pages up to {@link #MAX_PAGES}.
 */
public final class AgentCatalog {

    /** Most pages read of one list. */
    public static final int MAX_PAGES = 20;

    private final ConsoleRequests client;
    private final Duration deadline;

    public AgentCatalog(ConsoleRequests client, Duration deadline) {
        this.client = Objects.requireNonNull(client, "client");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** The agents of {@code node}, in its order; fails with an {@link AdminException} when it cannot be asked. */
    public CompletableFuture<List<AgentDetail>> agents(NodeId node) {
        return client.request(node, "node", "list_agents", null, deadline).thenCompose(r -> {
            if (r.isError()) {
                throw new AdminException(r.error().code() == JsonRpc.TIMEOUT ? 504 : 502,
                        "node " + node + " did not list its agents: " + r.error().code() + " " + r.error().message());
            }
            List<MeshView.AgentSummary> summaries = MeshExplorer.agentSummaries(r);
            List<CompletableFuture<AgentDetail>> details = summaries.stream().map(s -> detail(node, s)).toList();
            return CompletableFuture.allOf(details.toArray(CompletableFuture[]::new))
                    .thenApply(v -> details.stream().map(CompletableFuture::join).toList());
        });
    }

    private CompletableFuture<AgentDetail> detail(NodeId node, MeshView.AgentSummary agent) {
        List<String> errors = new ArrayList<>();
        CompletableFuture<List<JsonObject>> tools = list(node, agent.id(), "tools/list", "tools", errors);
        CompletableFuture<List<JsonObject>> resources = agent.resources() == 0
                ? CompletableFuture.completedFuture(List.of())
                : list(node, agent.id(), "resources/list", "resources", errors);
        CompletableFuture<List<JsonObject>> templates = agent.resources() == 0
                ? CompletableFuture.completedFuture(List.of())
                : list(node, agent.id(), "resources/templates/list", "resourceTemplates", errors);
        CompletableFuture<List<JsonObject>> prompts = agent.prompts() == 0
                ? CompletableFuture.completedFuture(List.of())
                : list(node, agent.id(), "prompts/list", "prompts", errors);
        return CompletableFuture.allOf(tools, resources, templates, prompts).thenApply(v -> {
            String error;
            synchronized (errors) {
                error = errors.isEmpty() ? null : String.join("; ", errors);
            }
            return new AgentDetail(node.value(), agent.id(), agent.title(), agent.description(),
                    node.value() + ":" + agent.id(), tools.join(), resources.join(), templates.join(), prompts.join(),
                    error);
        });
    }

    /** All pages of one MCP list; what could be read, and the error noted, when a page fails. */
    private CompletableFuture<List<JsonObject>> list(NodeId node, String agent, String method, String member,
                                                     List<String> errors) {
        List<JsonObject> items = new ArrayList<>();
        return page(node, agent, method, member, null, items, 1, errors).thenApply(v -> items);
    }

    private CompletableFuture<Void> page(NodeId node, String agent, String method, String member, String cursor,
                                         List<JsonObject> items, int pageNo, List<String> errors) {
        JsonObject params = cursor == null ? null : Json.createObjectBuilder().add("cursor", cursor).build();
        return client.request(node, agent, method, params, deadline).thenCompose(r -> {
            if (r.isError()) {
                synchronized (errors) {
                    errors.add(method + ": " + r.error().code() + " " + r.error().message());
                }
                return CompletableFuture.completedFuture(null);
            }
            JsonObject result = r.result() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            if (result.get(member) instanceof JsonArray array) {
                array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).forEach(items::add);
            }
            if (result.get("nextCursor") instanceof JsonString next && pageNo < MAX_PAGES) {
                return page(node, agent, method, member, next.getString(), items, pageNo + 1, errors);
            }
            return CompletableFuture.completedFuture(null);
        });
    }
}
