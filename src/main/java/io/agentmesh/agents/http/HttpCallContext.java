package io.agentmesh.agents.http;

import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.ClientSession;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link CallContext} of one message POSTed to {@code /mcp}: notifications of a running request go
 * on that POST's reply (switching it to SSE, MCP 2025-11-25 "Streamable HTTP", Sending Messages to the
 * Server, 6); for a notification, which has no reply of its own, they go to the session's GET stream.
 * {@code notifications/cancelled} naming the request cancels it (MCP "Cancellation"). An HTTP client has
 * no node id: {@link #originNode()} is null.
 */
final class HttpCallContext implements CallContext {

    private static final Logger LOG = Logger.getLogger(HttpCallContext.class.getName());

    private final JsonValue requestId;
    private final McpSession session;
    private final PostReply reply;
    private final Function<JsonRpc, String> encoder;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();

    /** @param reply the POST's reply for a request; null for a notification */
    HttpCallContext(JsonValue requestId, McpSession session, PostReply reply, Function<JsonRpc, String> encoder) {
        this.requestId = requestId;
        this.session = session;
        this.reply = reply;
        this.encoder = encoder;
    }

    @Override
    public JsonValue requestId() {
        return requestId;
    }

    @Override
    public String originNode() {
        return null;
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        if (reply == null) {
            session.sendNotification(method, params);
        } else {
            reply.notification(encoder.apply(new JsonRpc.Notification(method, params)));
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void onCancel(Runnable action) {
        if (cancelled.get()) {
            action.run();
            return;
        }
        onCancel.add(action);
        if (cancelled.get() && onCancel.remove(action)) {
            action.run();
        }
    }

    /** Marks the request cancelled and runs the actions registered so far, once each. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            for (Runnable action : onCancel) {
                if (onCancel.remove(action)) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a cancel action failed", e);
                    }
                }
            }
        }
    }

    @Override
    public ClientSession session() {
        return session;
    }
}
