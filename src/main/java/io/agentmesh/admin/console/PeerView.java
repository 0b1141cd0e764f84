package io.agentmesh.admin.console;

import java.util.List;

/**
 * One peer this node knows (wire-v1 §5.4 {@code node/list_peers}): linked now, linked before, or a
 * bootstrap entry.
 *
 * @param nodeId     its id (null for a bootstrap entry never reached)
 * @param addrs      where it accepts links
 * @param connected  true while a link to it is open
 * @param lastSeenMs epoch ms of the last message from it, 0 when never
 */
public record PeerView(String nodeId, List<String> addrs, boolean connected, long lastSeenMs) {

    public PeerView {
        addrs = List.copyOf(addrs);
    }
}
