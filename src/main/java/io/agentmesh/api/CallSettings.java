package io.agentmesh.api;

import io.agentmesh.web.HttpGate;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code POST /api/v1/call} needs to know (docs/api.md): the checks of {@code /mcp} at its edge
 * ({@code mesh.mcp.allowed-origins}, {@code mesh.mcp.token}, {@code mesh.mcp.allow-loopback},
 * {@code mesh.mcp.max-body-bytes}), the deadline of a call ({@code mesh.rpc.timeout}) and how many events of
 * a streamed answer wait for a slow client ({@code mesh.api.event-queue}; {@link CallEvents}).
 */
public record CallSettings(HttpGate gate, Duration deadline, int eventQueue) {

    /** The default of {@code mesh.api.event-queue}. */
    public static final int DEFAULT_EVENT_QUEUE = 1024;

    public CallSettings {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(deadline, "deadline");
        if (eventQueue < 1) {
            throw new IllegalArgumentException("the event queue holds at least one event: " + eventQueue);
        }
    }
}
