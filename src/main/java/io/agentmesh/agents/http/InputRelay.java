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
 * the first result that is not {@code input_required}. The input requests of one round (an agent may ask
 * several at once: elicitation, sampling and roots, each under its key) go to the client together, and the
 * retry waits for all their answers: one retry a round, whatever the number of questions.
 * <p>
 * Bounded ({@link InputSettings}): at most {@code maxRounds} rounds (then −32603), each answered within
 * {@code deadline} (then −32062), at most {@code maxPending} waiting at once (then −32065). A client that answers an input request with an error ends the request with
 * −32603 naming it. The first of these that befalls one request of a round ends the client's request at
 * once: the round's other requests are given up (not sent when not sent yet; a late answer is ignored). A
 * modern request's {@code InputRequiredResult} goes to its client unchanged.
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
        return answers(request, asked, session, out).thenCompose(answered -> {
            if (answered.isError()) {
                return CompletableFuture.completedFuture(answered);
            }
            var retry = Json.createObjectBuilder(params).add("inputResponses", answered.result());
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

    /**
     * The client's answers to every input request of a round, as a result {@code {key: answer}}; or, as soon
     * as one of them fails (the client's error, no answer in time, too many waiting), that error, and the
     * requests of the round still waiting are given up (their slots freed; a late answer is ignored).
     */
    private CompletableFuture<JsonRpc.Response> answers(JsonRpc.Request request, JsonObject asked, McpSession session,
                                                        Consumer<String> out) {
        var round = new CompletableFuture<JsonRpc.Response>();
        var sent = new LinkedHashMap<String, CompletableFuture<JsonRpc.Response>>();
        for (var e : asked.entrySet()) {
            if (!(e.getValue() instanceof JsonObject r) || !(r.get("method") instanceof JsonString m)) {
                giveUp(sent);
                return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), JsonRpc.INTERNAL_ERROR,
                        "the agent asked for input with a malformed request '" + e.getKey() + "'"));
            }
            JsonObject p = r.get("params") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            CompletableFuture<JsonRpc.Response> answer = client.send(session, out, m.getString(), p, settings.deadline());
            sent.put(e.getKey(), answer);
            if (answer.isDone() && answer.join().isError()) {
                break;   // not sent (too many waiting): the rest is not sent either
            }
        }
        for (var e : sent.entrySet()) {
            e.getValue().thenAccept(r -> {
                if (r.isError() && round.complete(JsonRpc.Response.error(request.id(), passed(r.error().code()),
                        "input request '" + e.getKey() + "' failed: " + r.error().message()))) {
                    giveUp(sent);
                }
            });
        }
        CompletableFuture.allOf(sent.values().toArray(CompletableFuture[]::new)).thenRun(() -> {
            var responses = Json.createObjectBuilder();
            for (var e : sent.entrySet()) {
                JsonRpc.Response answer = e.getValue().join();
                if (answer.isError()) {
                    return;   // the round ended with the first error
                }
                responses.add(e.getKey(), answer.result());
            }
            round.complete(JsonRpc.Response.result(request.id(), responses.build()));
        });
        return round;
    }

    /** Ends the round's requests still waiting for the client. */
    private static void giveUp(Map<String, CompletableFuture<JsonRpc.Response>> sent) {
        sent.values().forEach(answer -> answer.complete(JsonRpc.Response.error(JsonValue.NULL, JsonRpc.INTERNAL_ERROR,
                "given up: another input request of the round failed")));
    }
}
