package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers a node knows, for {@code node/list_peers} (wire-v1 §5.4): those linked now, those linked
 * before that accept connections (the {@value #MAX_REMEMBERED} most recent), and the bootstrap entries,
 * sorted by node id, entries whose node id is unknown last. Thread-safe.
 */
final class KnownPeers {

    /** How many disconnected peers are remembered (the oldest are forgotten first). */
    static final int MAX_REMEMBERED = 1024;

    private record Remembered(List<String> addrs, long lastSeenMillis) { }

    private final LinkedHashMap<NodeId, Remembered> remembered = new LinkedHashMap<>();

    /** A link to {@code peer} closed: remember where it accepts links and when it was last heard from. */
    synchronized void remember(NodeId peer, List<String> addrs, long lastSeenMillis) {
        remembered.remove(peer);
        remembered.put(peer, new Remembered(addrs, lastSeenMillis));
        while (remembered.size() > MAX_REMEMBERED) {
            remembered.remove(remembered.keySet().iterator().next());
        }
    }

    /** A link to {@code peer} is up: it is no longer a peer of the past. */
    synchronized void forget(NodeId peer) {
        remembered.remove(peer);
    }

    /** The peer view from the peers linked now, those remembered, and the bootstrap entries. */
    List<PeerInfo> peers(List<PeerInfo> connected, List<LinkManager.BootstrapStatus> bootstrap) {
        Map<NodeId, PeerInfo> byId = new LinkedHashMap<>();
        connected.forEach(p -> byId.put(p.nodeId(), p));
        synchronized (this) {
            remembered.forEach((id, r) -> byId.putIfAbsent(id, new PeerInfo(id, r.addrs(), false, r.lastSeenMillis())));
        }
        List<PeerInfo> unknown = new ArrayList<>();
        for (LinkManager.BootstrapStatus entry : bootstrap) {
            NodeId id = entry.nodeId();
            if (entry.self() || (id != null && byId.containsKey(id))) {
                continue;
            }
            PeerInfo info = new PeerInfo(id, List.of(entry.url().url().toString()), false, 0);
            if (id == null) {
                unknown.add(info);
            } else {
                byId.put(id, info);
            }
        }
        List<PeerInfo> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(p -> p.nodeId().value()));
        all.addAll(unknown);
        return all;
    }
}
