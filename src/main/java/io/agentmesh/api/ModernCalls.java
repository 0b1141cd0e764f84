package io.agentmesh.api;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NotificationSink;
import io.agentmesh.routing.Origin;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The calls of {@link MeshClient}, each a request of MCP 2026-07-28 ({@link ModernRequests#params}) through
 * the node's {@link MeshEntry}. The notifications that come back along the request's way (routing's
 * request-scoped notifications, the {@link Origin}'s sink) go to the call's listeners: progress to
 * {@link CallOptions#progress()}, log messages to {@link CallOptions#log()}, everything of a
 * {@code subscriptions/listen} to its listener.
 * <p>
 * Multi round-trip requests (basic/patterns/mrtr): an {@code InputRequiredResult} is answered by the
 * call's {@link InputAnswerer}s, one per input request, and the request is sent again, with a new id, its
 * {@code inputResponses} and the agent's {@code requestState} echoed exactly (absent when the agent gave
 * none), up to {@link InputLimits#maxRounds()} rounds (then −32603); an answer that does not come within
 * {@link InputLimits#deadline()} ends the call with −32062, a failed one with −32603. An input request of a
 * kind the call does not answer ends it with −32021 (basic/index, "Capabilities"): without answerers the
 * agent itself answers that error, having no capability to ask for. A result of any other
 * {@code resultType} than {@code complete} is −32603: it is never taken for the method's result.
 */
final class ModernCalls {

    private static final Logger LOG = Logger.getLogger(ModernCalls.class.getName());

    private final Supplier<MeshEntry> entry;
    private final InputLimits limits;
    private final Supplier<String> ids;
    private final LogLimiter log;

    /** @param log limits the lines logged for listeners that fail */
    ModernCalls(Supplier<MeshEntry> entry, InputLimits limits, Supplier<String> ids, LogLimiter log) {
        this.entry = entry;
        this.limits = limits;
        this.ids = ids;
        this.log = log;
    }

    /** The complete result of {@code op} at {@code to}; fails with a {@link MeshCallException}. */
    CompletionStage<JsonValue> call(Destination to, String op, JsonObject params, CallOptions options, Duration deadline) {
        String id = ids.get();
        JsonObject modern = ModernRequests.params(params, options, options.progress() == null ? null : "agentmesh-" + id);
        Origin origin = origin("java api " + id, (method, p) -> {
            if (ModernRequests.PROGRESS.equals(method) && options.progress() != null) {
                tell(options.progress(), p);
            } else if (ModernRequests.MESSAGE.equals(method) && options.log() != null) {
                tell(options.log(), p);
            }
        });
        return round(to, op, modern, id, origin, options, deadline, 0);
    }

    /** Opens {@code subscriptions/listen} at {@code to}: its notifications go to {@code listener} as {@code {method, params}}. */
    Listening listen(Destination to, JsonObject params, CallOptions options, Consumer<JsonObject> listener) {
        String id = ids.get();
        Origin origin = origin("java api listen " + id, (method, p) -> tell(listener,
                Json.createObjectBuilder().add("method", method).add("params", p).build()));
        JsonRpc.Request request = new JsonRpc.Request(Json.createValue(id), "subscriptions/listen",
                ModernRequests.params(params, options, null));
        CompletionStage<JsonValue> ended = entry.get().request(to, request, origin).thenApply(response -> {
            if (response.isError()) {
                throw new MeshCallException(response.error());
            }
            return response.result();
        });
        return new Listening(ended, () -> origin.cancellation().cancel("closed by the application"));
    }

    private CompletionStage<JsonValue> round(Destination to, String op, JsonObject params, String id, Origin origin,
                                             CallOptions options, Duration deadline, int done) {
        JsonRpc.Request request = new JsonRpc.Request(Json.createValue(id), op, params);
        return entry.get().request(to, request, origin, deadline).thenCompose(response -> {
            if (response.isError()) {
                throw new MeshCallException(response.error());
            }
            String type = ModernRequests.resultType(response.result());
            if (type.equals(ModernRequests.COMPLETE)) {
                return CompletableFuture.completedFuture(response.result());
            }
            if (!type.equals(ModernRequests.INPUT_REQUIRED)) {
                throw error(JsonRpc.INTERNAL_ERROR, "the agent answered a result of type " + type + ", not a complete one");
            }
            if (done == limits.maxRounds()) {
                throw error(JsonRpc.INTERNAL_ERROR, "the request still needs input after " + done + " rounds");
            }
            JsonObject result = (JsonObject) response.result();
            return answers(result, options).thenCompose(answers -> {
                var retry = Json.createObjectBuilder(params).add("inputResponses", answers);
                if (result.get("requestState") instanceof JsonString state) {
                    retry.add("requestState", state);
                } else {
                    retry.remove("requestState");
                }
                return round(to, op, retry.build(), ids.get(), origin, options, deadline, done + 1);
            });
        });
    }

    /** The application's answers to every input request of {@code result}, by key. */
    private CompletionStage<JsonObject> answers(JsonObject result, CallOptions options) {
        JsonObject asked = result.get("inputRequests") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        var pending = new LinkedHashMap<String, CompletableFuture<JsonObject>>();
        for (Map.Entry<String, JsonValue> e : asked.entrySet()) {
            String key = e.getKey();
            if (!(e.getValue() instanceof JsonObject r) || !(r.get("method") instanceof JsonString m)) {
                throw error(JsonRpc.INTERNAL_ERROR, "the agent asked for input with a malformed request '" + key + "'");
            }
            InputKind kind = InputKind.of(m.getString());
            InputAnswerer answerer = kind == null ? null : options.answerers().get(kind);
            if (answerer == null) {
                throw new MeshCallException(new JsonRpc.Error(MeshCallException.MISSING_REQUIRED_CLIENT_CAPABILITY,
                        "the agent asks for " + m.getString() + ", which this call does not answer"));
            }
            JsonObject p = r.get("params") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            pending.put(key, answer(answerer, p).orTimeout(limits.deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((answer, failure) -> {
                        if (failure == null) {
                            return answer;
                        }
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                                ? c.getCause() : failure;
                        throw cause instanceof TimeoutException
                                ? error(JsonRpc.TIMEOUT, "timeout: input request '" + key + "' had no answer within "
                                        + limits.deadline().toMillis() + " ms")
                                : error(JsonRpc.INTERNAL_ERROR, "input request '" + key + "' failed: " + cause.getMessage());
                    }));
        }
        if (pending.isEmpty()) {
            throw error(JsonRpc.INTERNAL_ERROR, "the agent asked for input without input requests");
        }
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(all -> {
            var responses = Json.createObjectBuilder();
            pending.forEach((key, answer) -> responses.add(key, answer.join()));
            return responses.build();
        });
    }

    private static CompletableFuture<JsonObject> answer(InputAnswerer answerer, JsonObject params) {
        try {
            CompletionStage<JsonObject> stage = answerer.answer(params);
            return stage == null ? CompletableFuture.failedFuture(new IllegalStateException("the answerer gave no answer"))
                    : stage.toCompletableFuture().thenApply(a -> {
                        if (a == null) {
                            throw new IllegalStateException("the answer is null");
                        }
                        return a;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Hands {@code value} to an application's listener; what it throws stays here (logged at most once a
     * minute), so that the notifications of other calls and the call itself go on.
     */
    private void tell(Consumer<JsonObject> listener, JsonObject value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            log.log(LOG, Level.WARNING, "listener-failed", "a listener of the Java API failed: {0}", e.toString());
        }
    }

    private static Origin origin(String description, NotificationSink sink) {
        return MeshClient.origin(description, sink, new Cancellation(), Optional.empty());
    }

    private static MeshCallException error(int code, String message) {
        return new MeshCallException(new JsonRpc.Error(code, message));
    }
}
