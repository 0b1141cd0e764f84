package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.PeerInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The links the router may forward on (wire-v1 §5.3) and the peers it reports (§5.4). The
 * transport's link manager is adapted to it when the node is wired.
 */
public interface LinkDirectory {

    /**
     * The open link to forward on toward {@code node}: a direct link to it, or, when the directory
     * knows one, a link to a peer that reaches it (wire-v1 §5.3). Empty when {@code node} is unreachable.
     */
    Optional<Link> link(NodeId node);

    /** All open links. */
    List<Link> links();

    /** Every peer known: connected ones and configured ones. */
    List<PeerInfo> peers();

    /**
     * Dials {@code node} at one of {@code addrs} (wire-v1 §5.3: "can dial one of its addrs"), checking
     * that the peer there is {@code node}. The stage completes with the link once it is up, or
     * exceptionally when no address gave one. By default this node does not dial.
     */
    default CompletionStage<Link> dial(NodeId node, List<String> addrs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this node does not dial"));
    }

    /** A directory with no links. */
    LinkDirectory NONE = new LinkDirectory() {
        @Override public Optional<Link> link(NodeId node) { return Optional.empty(); }
        @Override public List<Link> links() { return List.of(); }
        @Override public List<PeerInfo> peers() { return List.of(); }
    };
}
