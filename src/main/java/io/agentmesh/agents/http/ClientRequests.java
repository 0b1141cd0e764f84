package io.agentmesh.agents.http;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The requests this endpoint sends to its 2025-11-25 clients (MCP 2025-11-25 basic/transports, "Sending
 * Messages to the Server" 6, "Listening for Messages from the Server"): each goes out with an id of
 * this endpoint's own ({@code "mesh-input-<n>"}) and waits for the response the client POSTs back in the
 * same session. A response matches only a request of its own session; one with an unknown id is ignored.
 * At most {@code max} requests wait at once (a further one fails at once), each until its deadline, after
 * which {@link #expire} answers it with −32062. Thread-safe.
 */
final class ClientRequests {

    private static final Logger LOG = Logger.getLogger(ClientRequests.class.getName());

    private record Waiting(Instant deadline, CompletableFuture<JsonRpc.Response> answer) {
    }

    private final JsonRpcCodec codec;
    private final Clock clock;
    private final int max;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    ClientRequests(JsonRpcCodec codec, Clock clock, int max) {
        this.codec = codec;
        this.clock = clock;
        this.max = max;
    }

    /**
     * Sends {@code method(params)} to the client of {@code session} through {@code out} and completes with
     * its response, or with an error response when too many wait already or none came by {@code deadline}.
     */
    CompletableFuture<JsonRpc.Response> send(McpSession session, Consumer<String> out, String method,
                                             JsonObject params, Duration deadline) {
        JsonString id = Json.createValue("mesh-input-" + ids.incrementAndGet());
        var answer = new CompletableFuture<JsonRpc.Response>();
        if (waiting.size() >= max) {
            LOG.log(Level.FINE, "/mcp: {0} requests to clients wait already, {1} not sent", new Object[] {max, method});
            answer.complete(JsonRpc.Response.error(id, JsonRpc.OVERLOADED,
                    "too many requests to clients are waiting for their answer"));
            return answer;
        }
        String key = key(session, id);
        waiting.put(key, new Waiting(clock.instant().plus(deadline), answer));
        answer.whenComplete((r, e) -> waiting.remove(key));
        out.accept(codec.encodeToString(new JsonRpc.Request(id, method, params)));
        return answer;
    }

    /** Completes the waiting request this response answers; false (and nothing happens) when none does. */
    boolean answer(McpSession session, JsonRpc.Response response) {
        Waiting w = waiting.remove(key(session, response.id()));
        if (w == null) {
            LOG.log(Level.FINE, "/mcp: a response to no request of this session ignored: {0}", response.id());
            return false;
        }
        w.answer().complete(response);
        return true;
    }

    /** Answers every request past its deadline with −32062; returns how many. */
    int expire() {
        Instant now = clock.instant();
        int expired = 0;
        for (var e : waiting.entrySet()) {
            if (!now.isBefore(e.getValue().deadline()) && waiting.remove(e.getKey(), e.getValue())) {
                e.getValue().answer().complete(JsonRpc.Response.error(JsonValue.NULL, JsonRpc.TIMEOUT,
                        "the client did not answer in time"));
                expired++;
            }
        }
        return expired;
    }

    /** Requests waiting now. */
    int size() {
        return waiting.size();
    }

    private static String key(McpSession session, JsonValue id) {
        return session.id() + " " + id;
    }
}
