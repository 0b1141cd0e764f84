package io.agentmesh.api;

import io.agentmesh.web.AccessPolicy;
import io.agentmesh.web.OriginPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code POST /api/v1/call} needs to know (docs/api.md): the same access rules as {@code /mcp}
 * ({@code mesh.mcp.allowed-origins}, {@code mesh.mcp.token}, {@code mesh.mcp.allow-loopback}), the
 * largest body ({@code mesh.mcp.max-body-bytes}) and the deadline of a call ({@code mesh.rpc.timeout}).
 */
public record CallSettings(OriginPolicy origins, AccessPolicy access, int maxBodyBytes, Duration deadline) {

    public CallSettings {
        Objects.requireNonNull(origins, "origins");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(deadline, "deadline");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }
}
