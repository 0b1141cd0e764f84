package io.agentmesh.api;

import io.agentmesh.web.HttpGate;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code POST /api/v1/call} needs to know (docs/api.md): the checks of {@code /mcp} at its edge
 * ({@code mesh.mcp.allowed-origins}, {@code mesh.mcp.token}, {@code mesh.mcp.allow-loopback},
 * {@code mesh.mcp.max-body-bytes}) and the deadline of a call ({@code mesh.rpc.timeout}).
 */
public record CallSettings(HttpGate gate, Duration deadline) {

    public CallSettings {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(deadline, "deadline");
    }
}
