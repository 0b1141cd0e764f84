package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpErrors;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Completions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * An agent's MCP server by the rules of 2026-07-28, for a modern request ({@link McpMeta#isModern}); the
 * methods both revisions share run in {@link McpMethods}, and this class adds what 2026-07-28 changes:
 * <ul>
 *   <li>a version it does not serve answers {@code -32022} with the versions it does (basic/versioning,
 *       "Protocol Version Negotiation"); a request without {@code clientCapabilities} in {@code _meta} is
 *       malformed, {@code -32602} (basic/index, "_meta", per-request protocol fields);</li>
 *   <li>{@code initialize}, {@code ping}, {@code logging/setLevel}, {@code resources/subscribe} and
 *       {@code resources/unsubscribe} are not methods of 2026-07-28 (changelog, major changes 2, 4 and 5):
 *       {@code -32601};</li>
 *   <li>{@code server/discover} (server/discover);</li>
 *   <li>every result carries {@code resultType} (basic/index, "ResultType") and
 *       {@code _meta["io.modelcontextprotocol/serverInfo"]} (basic/index, per-response protocol fields);</li>
 *   <li>the cacheable results carry {@code ttlMs} and {@code cacheScope} (server/utilities/caching): the
 *       lists and discovery {@link #LIST_TTL_MS}, {@code resources/read} {@link #READ_TTL_MS}; a list is
 *       {@code "public"} only when every caller gets the same one ({@link AccessControl#sameForEveryone}),
 *       a resource's contents always {@code "private"} (a reader sees who asks);</li>
 *   <li>{@code tools/list} in the order of the tools' names (changelog, minor change 3: deterministic);</li>
 *   <li>a resource that does not exist is {@code -32602} (server/resources, "Error Handling"), not the
 *       legacy {@code -32002}.</li>
 * </ul>
 */
public final class ModernMethods {

    /**
     * How long list results and {@code server/discover} stay fresh: one minute. An agent's lists change only
     * when it is registered again (or its bridged server changes them), which the node announces as list
     * changes; a minute bounds how long a client that does not listen for them keeps a stale list, and saves
     * every client that calls {@code tools/list} before each turn nearly all of those calls.
     */
    static final long LIST_TTL_MS = 60_000;

    /** How long a resource's contents stay fresh: not at all. A reader may answer differently at each read. */
    static final long READ_TTL_MS = 0;

    static final String COMPLETE = "complete";
    static final String PUBLIC = "public";
    static final String PRIVATE = "private";

    private static final Set<String> LISTS = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list");

    private final McpMethods methods;
    private final AccessControl access;
    private final AgentSettings settings;

    ModernMethods(McpMethods methods, AccessControl access, AgentSettings settings) {
        this.methods = methods;
        this.access = access;
        this.settings = settings;
    }

    /**
     * The checks a modern request passes before it is admitted: its version, its required {@code _meta}
     * fields, and its method being one of 2026-07-28.
     */
    public static void check(String method, JsonObject params) throws JsonRpcException {
        String version = McpMeta.protocolVersion(params).orElseThrow();
        if (!ProtocolVersions.isModernSupported(version)) {
            throw McpErrors.unsupportedVersion(version);
        }
        if (!(params.getJsonObject("_meta").get(McpMeta.CLIENT_CAPABILITIES) instanceof JsonObject)) {
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS,
                    "_meta must carry " + McpMeta.CLIENT_CAPABILITIES + " (an object)");
        }
        if (ProtocolVersions.HANDSHAKE_ONLY_METHODS.contains(method)) {
            throw new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "method not found in " + version + ": " + method);
        }
    }

    /** Serves an admitted modern request. */
    CompletionStage<JsonValue> handle(AgentDefinition agent, String method, JsonObject params, CallContext ctx)
            throws JsonRpcException {
        CompletionStage<JsonValue> answer;
        try {
            answer = switch (method) {
                case "server/discover" -> CompletableFuture.completedFuture(discover(agent));
                case "tools/list" -> CompletableFuture.completedFuture(Pagination.page("tools", "tools",
                        agent.tools().stream().filter(t -> access.mayCall(agent, t, ctx.caller()))
                                .sorted(Comparator.comparing(ToolDefinition::name))
                                .map(Descriptors::tool).toList(), params, settings.pageSize()));
                default -> methods.handle(agent, method, params, ctx);
            };
        } catch (JsonRpcException e) {
            throw modern(e);
        }
        return answer.handle((result, failure) -> {
            if (failure != null) {
                Throwable cause = Completions.unwrap(failure);
                throw cause instanceof JsonRpcException rpc ? new CompletionException(modern(rpc))
                        : failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            return complete(agent, method, result);
        });
    }

    /** The answer to {@code server/discover} without the fields every result gets ({@link #complete}). */
    private static JsonObject discover(AgentDefinition agent) {
        var versions = Json.createArrayBuilder();
        ProtocolVersions.ADVERTISED.forEach(versions::add);
        var result = Json.createObjectBuilder()
                .add("supportedVersions", versions)
                .add("capabilities", capabilities());
        if (!agent.description().isEmpty()) {
            result.add("instructions", agent.description());
        }
        return result.build();
    }

    /**
     * What an agent declares to a modern client: the same as to a legacy one ({@link Descriptors#capabilities}):
     * {@code tools}, {@code resources}, {@code prompts} with {@code listChanged} (and {@code subscribe}), which
     * 2026-07-28 delivers on a {@code subscriptions/listen} stream ({@link Listens}), {@code completions}, and
     * {@code logging} for the requests that name a level in {@code _meta}.
     */
    static JsonObject capabilities() {
        return Descriptors.capabilities();
    }

    /**
     * A result as 2026-07-28 answers it: {@code resultType} {@code "complete"} unless the result names its
     * own (an interim {@code "input_required"} one, which carries no cache hints), the agent's
     * {@code serverInfo} in {@code _meta} (beside what is there), and the cache hints of {@code method}.
     */
    private JsonValue complete(AgentDefinition agent, String method, JsonValue value) {
        if (!(value instanceof JsonObject result)) {
            return value;
        }
        var b = Json.createObjectBuilder(result);
        JsonObject meta = result.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        b.add("_meta", Json.createObjectBuilder(meta).add(McpMeta.SERVER_INFO, Descriptors.serverInfo(agent)));
        if (result.containsKey("resultType")) {
            return b.build();
        }
        b.add("resultType", COMPLETE);
        if (method.equals("server/discover")) {
            b.add("ttlMs", LIST_TTL_MS).add("cacheScope", PUBLIC);
        } else if (LISTS.contains(method)) {
            b.add("ttlMs", LIST_TTL_MS).add("cacheScope", access.sameForEveryone(agent) ? PUBLIC : PRIVATE);
        } else if (method.equals("resources/read")) {
            b.add("ttlMs", READ_TTL_MS).add("cacheScope", PRIVATE);
        }
        return b.build();
    }

    /** An error as 2026-07-28 names it: resource not found is {@code -32602}. */
    private static JsonRpcException modern(JsonRpcException e) {
        if (e.error().code() != JsonRpc.RESOURCE_NOT_FOUND) {
            return e;
        }
        return new JsonRpcException(JsonRpc.INVALID_PARAMS, e.error().message(), e.error().data());
    }
}
