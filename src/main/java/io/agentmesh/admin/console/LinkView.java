package io.agentmesh.admin.console;

import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkStats;
import java.time.Instant;
import java.util.List;

/**
 * One open link as the admin API shows it (wire-v1 §2–4).
 *
 * @param id            the link's id
 * @param peer          the peer's node id
 * @param direction     {@code out} when this node dialed it, else {@code in}
 * @param remoteUrl     the URL dialed (null for inbound links)
 * @param peerAddrs     where the peer accepts links
 * @param binaryBoxes   whether both ends carry sealed boxes in binary (docs/protocol.md, "Binary boxes")
 * @param establishedAt when the handshake completed (epoch ms)
 * @param ageMs         how long it has been up
 * @param lastError     the last error seen on it (null when none)
 */
public record LinkView(String id, String peer, String direction, String remoteUrl, List<String> peerAddrs,
                       boolean binaryBoxes, long establishedAt, long ageMs, long messagesIn, long messagesOut, long bytesIn, long bytesOut,
                       String lastError) {

    public LinkView {
        peerAddrs = List.copyOf(peerAddrs);
    }

    static LinkView of(Link link, Instant now) {
        LinkStats stats = link.stats();
        Instant up = link.establishedAt() == null ? now : link.establishedAt();
        return new LinkView(link.id(), link.peer().value(), link.outbound() ? "out" : "in", link.remoteUrl(),
                link.peerAddrs(), link.binaryBoxes(), up.toEpochMilli(), Math.max(0, now.toEpochMilli() - up.toEpochMilli()),
                stats.messagesIn(), stats.messagesOut(), stats.bytesIn(), stats.bytesOut(), stats.lastError());
    }
}
