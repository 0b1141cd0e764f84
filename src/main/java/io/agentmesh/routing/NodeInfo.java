package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What this node says about itself in {@code node/get_info} (wire-v1 §5.4).
 *
 * @param nodeId      this node's id
 * @param identityKey base64url of the 32-byte Ed25519 identity public key, as in the identity payload
 * @param addrs       where this node accepts links
 * @param software    e.g. {@code agentmesh-java/0.1.0}
 * @param startedAt   when the node started, for {@code uptime_ms}
 */
public record NodeInfo(NodeId nodeId, String identityKey, List<String> addrs, String software, Instant startedAt) {

    public NodeInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(identityKey, "identityKey");
        addrs = List.copyOf(addrs);
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
