package io.agentmesh.agents.http;

import io.agentmesh.agents.InputSettings;
import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Multi round-trip requests for a 2025-11-25 session, at the entry node that holds it. An agent answers a
 * request that needs input with an {@code InputRequiredResult} (MCP 2026-07-28 basic/patterns/mrtr), which a
 * 2025-11-25 client does not know: each of its {@code inputRequests} goes to the client as a server-to-client
 * JSON-RPC request on the POST's SSE stream (MCP 2025-11-25 basic/transports, "Sending Messages to the
 * Server" 6; client/elicitation, client/sampling, client/roots), the client POSTs its responses back
 * ({@link ClientRequests}), and the original request goes to the agent again with {@code inputResponses} and
 * the agent's {@code requestState}, through whatever nodes lie between. The client's request is answered with
 * the first result that is not {@code input_required}.
 * <p>
 * Bounded ({@link InputSettings}): at most {@code maxRounds} rounds (then −32603), each answered within
 * {@code deadline} (then −32062), at most {@code maxPending} waiting at once (then −32065). A client that answers an input request with an error ends the request with
 * −32603 naming it. A modern request's {@code InputRequiredResult} goes to its client unchanged.
 */
final class InputRelay {

    private static final Logger LOG = Logger.getLogger(InputRelay.class.getName());

    private final MeshEntry entry;
    private final ClientRequests client;
    private final InputSettings settings;

    InputRelay(MeshEntry entry, ClientRequests client, InputSettings settings) {
        this.entry = entry;
        this.client = client;
        this.settings = settings;
    }

    /** The final response to {@code request}, whose agent answered {@code response} first. */
    CompletionStage<JsonRpc.Response> complete(Destination to, JsonRpc.Request request, Origin origin,
                                               McpSession session, Consumer<String> out, JsonRpc.Response response) {
        return round(to, request, origin, session, out, response, 0);
    }

    /** True for a result that asks for input. */
    static boolean inputRequired(JsonRpc.Response response) {
        return !response.isError() && response.result() instanceof JsonObject r
                && r.get("resultType") instanceof JsonString t && t.getString().equals("input_required");
    }

    /** This endpoint's own −32062 (no answer in time) and −32065 (too many waiting) pass; a client's error is −32603. */
    private static int passed(int code) {
        return code == JsonRpc.TIMEOUT || code == JsonRpc.OVERLOADED ? code : JsonRpc.INTERNAL_ERROR;
    }

    private CompletionStage<JsonRpc.Response> round(Destination to, JsonRpc.Request request, Origin origin,
            McpSession session, Consumer<String> out, JsonRpc.Response response, int done) {
        if (!inputRequired(response) || !(request.params() instanceof JsonObject params) || McpMeta.isModern(params)) {
            return CompletableFuture.completedFuture(response);
        }
        if (done == settings.maxRounds()) {
            LOG.log(Level.FINE, "/mcp: {0} still needs input after {1} rounds", new Object[] {request.method(), done});
            return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), JsonRpc.INTERNAL_ERROR,
                    "the request still needs input after " + done + " rounds"));
        }
        JsonObject result = (JsonObject) response.result();
        JsonObject asked = result.get("inputRequests") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        var answers = new LinkedHashMap<String, CompletableFuture<JsonRpc.Response>>();
        for (var e : asked.entrySet()) {
            if (!(e.getValue() instanceof JsonObject r) || !(r.get("method") instanceof JsonString m)) {
                return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), JsonRpc.INTERNAL_ERROR,
                        "the agent asked for input with a malformed request '" + e.getKey() + "'"));
            }
            JsonObject p = r.get("params") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            answers.put(e.getKey(), client.send(session, out, m.getString(), p, settings.deadline()));
        }
        return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).thenCompose(all -> {
            var responses = Json.createObjectBuilder();
            for (Map.Entry<String, CompletableFuture<JsonRpc.Response>> e : answers.entrySet()) {
                JsonRpc.Response r = e.getValue().join();
                if (r.isError()) {
                    return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(),
                            passed(r.error().code()),
                            "input request '" + e.getKey() + "' failed: " + r.error().message()));
                }
                responses.add(e.getKey(), r.result());
            }
            var retry = Json.createObjectBuilder(params).add("inputResponses", responses);
            if (result.get("requestState") instanceof JsonString state) {
                retry.add("requestState", state);
            } else {
                retry.remove("requestState");
            }
            JsonRpc.Request again = new JsonRpc.Request(request.id(), request.method(), retry.build());
            return entry.request(to, again, origin)
                    .thenCompose(next -> round(to, again, origin, session, out, next, done + 1));
        });
    }
}
