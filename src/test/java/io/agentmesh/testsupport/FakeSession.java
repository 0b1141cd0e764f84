package io.agentmesh.testsupport;

import io.agentmesh.routing.ClientSession;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client session that records the notifications sent to it. */
public final class FakeSession implements ClientSession {

    private final String id;
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    public FakeSession(String id) {
        this.id = id;
    }

    public List<String> methods() {
        return List.copyOf(methods);
    }

    public void end() {
        open = false;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        if (open) {
            methods.add(method);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
