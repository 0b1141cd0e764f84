package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Completions;
import io.agentmesh.transport.DialRefusedException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dials the peers of a {@link PeerBook} that are due (docs/registry.md §4.2): each peer without a link
 * and not being dialed already, at its first addr, while fewer than {@code maxLinks} links are open
 * or being dialed. A dial that fails marks the peer failed (so it backs off), unless the node's dial
 * governor refused it for a limit of this node's own (rate, concurrency, a full queue: the peer is
 * tried again later, its health untouched); one that succeeds marks it seen. With auto-dial off it
 * dials nothing ({@code mesh.discovery.auto-dial=false}).
 */
public final class PeerDialer {

    private static final Logger LOG = Logger.getLogger(PeerDialer.class.getName());

    /** Opens a link to {@code expected} at {@code url}; completes with the peer's addrs, or fails. */
    public interface Dial {
        CompletionStage<List<String>> dial(String url, NodeId expected);
    }

    private final PeerBook peers;
    private final Dial dial;
    private final Predicate<NodeId> linked;
    private final IntSupplier openLinks;
    private final boolean autoDial;
    private final int maxLinks;
    private final Set<NodeId> dialing = ConcurrentHashMap.newKeySet();

    /**
     * @param linked    whether this node holds an open link to a peer
     * @param openLinks how many links are open now
     */
    public PeerDialer(PeerBook peers, Dial dial, Predicate<NodeId> linked, IntSupplier openLinks, boolean autoDial,
                      int maxLinks) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.dial = Objects.requireNonNull(dial, "dial");
        this.linked = Objects.requireNonNull(linked, "linked");
        this.openLinks = Objects.requireNonNull(openLinks, "openLinks");
        if (maxLinks < 1) {
            throw new IllegalArgumentException("maxLinks must be at least 1: " + maxLinks);
        }
        this.autoDial = autoDial;
        this.maxLinks = maxLinks;
    }

    /** Starts the dials that are due now; returns how many were started. */
    public int dialDue() {
        if (!autoDial) {
            return 0;
        }
        int open = openLinks.getAsInt() + dialing.size();
        int started = 0;
        for (PeerRecord peer : peers.dueForDial()) {
            if (open >= maxLinks) {
                break;
            }
            NodeId id = peer.nodeId();
            if (linked.test(id) || !dialing.add(id)) {
                continue;
            }
            open++;
            started++;
            String url = peer.addrs().get(0);
            LOG.log(Level.FINE, () -> "dialing peer " + id + " at " + url);
            CompletionStage<List<String>> stage;
            try {
                stage = dial.dial(url, id);
            } catch (RuntimeException e) {
                stage = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((addrs, error) -> {
                dialing.remove(id);
                if (error != null && Completions.unwrap(error) instanceof DialRefusedException refused
                        && refused.isLocalLimit()) {
                    LOG.log(Level.FINE, () -> "dial of peer " + id + " deferred: " + refused.getMessage());
                } else if (error != null) {
                    peers.markFailure(id);
                    LOG.log(Level.FINE, () -> "dial of peer " + id + " at " + url + " failed: " + error);
                } else {
                    try {
                        peers.markSeen(id, null, addrs);
                    } catch (IllegalArgumentException e) {
                        peers.markSeen(id, null, null);
                    }
                }
            });
        }
        return started;
    }

    /** Peers being dialed now. */
    public int dialing() {
        return dialing.size();
    }
}
