package io.agentmesh.agents.bridge;

import java.util.Objects;

/**
 * One dispatched server-sent event (HTML Living Standard, §9.2 "Server-sent events", dispatching).
 *
 * @param type        the event type, {@code message} unless the stream named one
 * @param data        the data lines joined with LF
 * @param lastEventId the stream's last event id when the event was dispatched, empty when none
 */
public record SseEvent(String type, String data, String lastEventId) {

    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lastEventId, "lastEventId");
    }
}
