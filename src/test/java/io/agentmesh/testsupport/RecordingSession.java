package io.agentmesh.testsupport;

import io.agentmesh.routing.ClientSession;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client session that records the notifications sent to it; close it to see them dropped. */
public final class RecordingSession implements ClientSession {

    /** One notification as sent. */
    public record Sent(String method, JsonObject params) {
    }

    private final String id;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    public RecordingSession(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void sendNotification(String method, JsonObject params) {
        if (open) {
            sent.add(new Sent(method, params));
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    public void close() {
        open = false;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<String> methods() {
        return sent.stream().map(Sent::method).toList();
    }
}
