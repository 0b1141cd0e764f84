package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.ClientSession;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A call context for one request: records its notifications; {@link #cancel()} cancels it. */
public final class TestCallContext implements CallContext {

    private final JsonValue requestId;
    private final ClientSession session;
    private final Caller caller;
    private final List<RecordingSession.Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public TestCallContext(int requestId, ClientSession session) {
        this(requestId, session, Caller.UNAUTHENTICATED);
    }

    public TestCallContext(int requestId, ClientSession session, Caller caller) {
        this.requestId = Json.createValue(requestId);
        this.session = session;
        this.caller = caller;
    }

    public static TestCallContext of(int requestId) {
        return new TestCallContext(requestId, new RecordingSession("s" + requestId));
    }

    @Override
    public JsonValue requestId() {
        return requestId;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public String originNode() {
        return null;
    }

    @Override
    public Optional<NodeId> linkPeer() {
        return Optional.empty();
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        sent.add(new RecordingSession.Sent(method, params));
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        if (cancelled) {
            action.run();
        } else {
            onCancel.add(action);
        }
    }

    public void cancel() {
        cancelled = true;
        onCancel.forEach(Runnable::run);
    }

    @Override
    public ClientSession session() {
        return session;
    }

    public List<RecordingSession.Sent> sent() {
        return List.copyOf(sent);
    }
}
