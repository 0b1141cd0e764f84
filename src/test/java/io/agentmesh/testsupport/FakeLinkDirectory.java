package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.LinkDirectory;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.PeerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/** A link directory the test fills by hand; dials go to a function the test sets (by default they fail). */
public final class FakeLinkDirectory implements LinkDirectory {

    /** One dial asked for. */
    public record Dial(NodeId node, List<String> addrs) {
    }

    private final Map<NodeId, Link> links = new ConcurrentHashMap<>();
    private final List<PeerInfo> peers = new CopyOnWriteArrayList<>();
    private final List<Dial> dials = new CopyOnWriteArrayList<>();
    private volatile BiFunction<NodeId, List<String>, CompletionStage<Link>> dialer =
            (node, addrs) -> CompletableFuture.failedFuture(new java.io.IOException("connection refused"));

    /** How dials are answered. */
    public FakeLinkDirectory dialWith(BiFunction<NodeId, List<String>, CompletionStage<Link>> value) {
        this.dialer = value;
        return this;
    }

    /** The dials asked for so far. */
    public List<Dial> dials() {
        return List.copyOf(dials);
    }

    @Override
    public CompletionStage<Link> dial(NodeId node, List<String> addrs) {
        dials.add(new Dial(node, List.copyOf(addrs)));
        return dialer.apply(node, addrs);
    }

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
