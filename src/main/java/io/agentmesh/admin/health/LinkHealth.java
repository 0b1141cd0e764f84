package io.agentmesh.admin.health;

import io.agentmesh.transport.Link;
import io.agentmesh.transport.PeerInfo;
import java.time.Instant;
import java.util.List;

/**
 * The links part of readiness (docs/operations.md, "Health"): how many links are open and whether the
 * node has lost every link it had (no link open, but peers it was once linked to). Reported as data:
 * such a node still serves its own agents and must stay reachable for its peers to link again.
 *
 * @param open           links open now
 * @param lostEveryLink  no link open although the node had links
 * @param lastLinkSeen   when a now-disconnected peer was last heard from, when {@code lostEveryLink}
 */
public record LinkHealth(int open, boolean lostEveryLink, Instant lastLinkSeen) {

    public static LinkHealth of(List<Link> links, List<PeerInfo> peers) {
        if (!links.isEmpty()) {
            return new LinkHealth(links.size(), false, null);
        }
        long lastSeen = peers.stream()
                .filter(p -> p.nodeId() != null && !p.connected() && p.lastSeenMillis() > 0)
                .mapToLong(PeerInfo::lastSeenMillis)
                .max().orElse(0);
        return lastSeen > 0 ? new LinkHealth(0, true, Instant.ofEpochMilli(lastSeen)) : new LinkHealth(0, false, null);
    }
}
