package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import io.agentmesh.agents.Invocation;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The {@link RemoteCalls} of one bridge: each call of the agent's handlers relayed through its
 * {@link BridgeClient} (MCP 2025-11-25, server/tools, server/resources, server/prompts,
 * server/utilities/completion). The call's cancellation cancels the request at the server; the server's
 * progress reaches the caller under the caller's token, its log messages only at or above the level the
 * caller's request asked for (none when it asked for none: {@link io.agentmesh.agents.AgentLog#relay}), and
 * its other notifications on the reply stream reach the caller's session. Failures are answered as {@link BridgeErrors} words them; an unreachable
 * server is also reported lost.
 */
final class RelayedCalls implements RemoteCalls {

    private final BridgeClient client;
    private final BridgeErrors errors;
    private final Consumer<TransportException> lost;

    /** @param lost told when a call finds the server unreachable */
    RelayedCalls(BridgeClient client, BridgeErrors errors, Consumer<TransportException> lost) {
        this.client = client;
        this.errors = errors;
        this.lost = lost;
    }

    @Override
    public CompletionStage<JsonObject> call(String method, JsonObject params, Invocation invocation, boolean relayProgress) {
        Consumer<JsonObject> progress = relayProgress && invocation.progress().isEnabled()
                ? p -> relayProgress(invocation, p) : null;
        BiConsumer<String, JsonObject> notes = (m, p) -> {
            if (m.equals("notifications/message")) {
                invocation.log().relay(p);
            } else {
                invocation.context().sendNotification(m, p);
            }
        };
        CompletableFuture<JsonObject> sent = client.request(method, params, new RequestHooks(progress, notes));
        invocation.cancellation().onCancel(() -> sent.cancel(true));
        return sent.handle((result, failure) -> {
            if (failure == null) {
                return result;
            }
            Throwable cause = Completions.unwrap(failure);
            if (cause instanceof CancellationException c) {
                throw c;
            }
            throw new CompletionException(failed(method, cause));
        });
    }

    @Override
    public List<String> complete(JsonObject ref, String argument, String value, Map<String, String> context)
            throws Exception {
        var params = Json.createObjectBuilder().add("ref", ref)
                .add("argument", Json.createObjectBuilder().add("name", argument).add("value", value));
        if (!context.isEmpty()) {
            var args = Json.createObjectBuilder();
            context.forEach(args::add);
            params.add("context", Json.createObjectBuilder().add("arguments", args));
        }
        JsonObject result;
        try {
            result = client.request("completion/complete", params.build()).join();
        } catch (CompletionException | CancellationException e) {
            throw failed("completion/complete", Completions.unwrap(e));
        }
        var values = new ArrayList<String>();
        if (result.get("completion") instanceof JsonObject c && c.get("values") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s) {
                    values.add(s.getString());
                }
            }
        }
        return values;
    }

    private JsonRpcException failed(String method, Throwable cause) {
        if (cause instanceof TransportException t && t.unreachable()) {
            lost.accept(t);
        }
        return errors.failed(method, cause);
    }

    private static void relayProgress(Invocation invocation, JsonObject p) {
        if (!(p.get("progress") instanceof JsonNumber progress)) {
            return;
        }
        String message = p.get("message") instanceof JsonString m ? m.getString() : null;
        if (p.get("total") instanceof JsonNumber total) {
            if (message != null) {
                invocation.progress().report(progress.doubleValue(), total.doubleValue(), message);
            } else {
                invocation.progress().report(progress.doubleValue(), total.doubleValue());
            }
        } else {
            invocation.progress().report(progress.doubleValue());
        }
    }
}
