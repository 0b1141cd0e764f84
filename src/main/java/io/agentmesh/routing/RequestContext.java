package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Optional;

/** The {@link CallContext} of one request or notification delivered to an agent or a node operation (wire-v1 §5.2 steps 3–5). */
final class RequestContext implements CallContext {

    private final JsonValue requestId;
    private final String originNode;
    private final Caller caller;
    private final Requester from;

    RequestContext(JsonValue requestId, String originNode, Caller caller, Requester from) {
        this.requestId = requestId;
        this.originNode = originNode;
        this.caller = caller;
        this.from = from;
    }

    @Override
    public JsonValue requestId() {
        return requestId;
    }

    @Override
    public String originNode() {
        return originNode;
    }

    @Override
    public Optional<NodeId> linkPeer() {
        return from.linkPeer();
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        from.notifications().send(method, params);
    }

    @Override
    public boolean isCancelled() {
        return from.cancellation().isCancelled();
    }

    @Override
    public void onCancel(Runnable action) {
        from.cancellation().onCancel(action);
    }

    @Override
    public ClientSession session() {
        return from.session();
    }
}
