package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.LinkDirectory;
import io.agentmesh.routing.PeerInfo;
import io.agentmesh.transport.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A link directory the test fills by hand. */
public final class FakeLinkDirectory implements LinkDirectory {

    private final Map<NodeId, Link> links = new ConcurrentHashMap<>();
    private final List<PeerInfo> peers = new CopyOnWriteArrayList<>();

    public FakeLinkDirectory add(Link link) {
        links.put(link.peer(), link);
        return this;
    }

    public FakeLinkDirectory addPeer(PeerInfo peer) {
        peers.add(peer);
        return this;
    }

    @Override
    public Optional<Link> link(NodeId node) {
        return Optional.ofNullable(links.get(node)).filter(Link::isOpen);
    }

    @Override
    public List<Link> links() {
        return new ArrayList<>(links.values());
    }

    @Override
    public List<PeerInfo> peers() {
        return List.copyOf(peers);
    }
}
