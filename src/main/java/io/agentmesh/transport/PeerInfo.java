package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.util.List;

/**
 * One peer a node knows, as {@code node/list_peers} reports it (wire-v1 §5.4).
 *
 * @param nodeId         the peer's id; null when never connected and not pinned
 * @param addrs          where the peer accepts links
 * @param connected      true while a link to it is open
 * @param lastSeenMillis epoch milliseconds of the last message or link event; 0 when never seen
 */
public record PeerInfo(NodeId nodeId, List<String> addrs, boolean connected, long lastSeenMillis) {

    public PeerInfo {
        addrs = List.copyOf(addrs);
    }
}
