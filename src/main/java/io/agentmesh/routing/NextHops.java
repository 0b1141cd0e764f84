package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.PeerInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks the link a request for another node leaves on (wire-v1 §5.3 last bullet): a direct link when
 * there is one; else the neighbour with the best announced route ({@link RouteTable}), while a direct
 * link is dialed in the background at the node's known {@code addrs} for the requests after; else a
 * link dialed now at those addrs; else the node is unreachable ({@code -32060}). Dials happen only when
 * {@link RoutingSettings.Routes#dialDirect()} allows them, one at a time per node, and not again for
 * {@link RoutingSettings.Routes#dialRetry()} after one failed ({@link DialRetries}, which forgets passed
 * delays). Every dial passes the node's dial governor (transport). A node whose link just
 * {@linkplain Link#wentSilent went silent} is not waited for: for the same delay a request with no other
 * way there fails at once while the node is redialed in the background, as a dial of a vanished host
 * would only wait out its connect timeout. Thread-safe.
 */
final class NextHops {

    private static final Logger LOG = Logger.getLogger(NextHops.class.getName());

    private final NodeId self;
    private final LinkDirectory links;
    private final RouteTable table;
    private final RoutingSettings.Routes settings;
    private final Clock clock;
    private final ConcurrentHashMap<NodeId, CompletableFuture<Link>> dialing = new ConcurrentHashMap<>();
    private final DialRetries retries;
    /** The nodes whose last link went silent, each until the retry delay has passed or a link is up. */
    private final DialRetries silent;

    /**
     * @param table the routes learned from announcements; null when this node takes none (direct links only)
     */
    NextHops(NodeId self, LinkDirectory links, RouteTable table, RoutingSettings.Routes settings, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.links = Objects.requireNonNull(links, "links");
        this.table = table;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retries = new DialRetries(settings.dialRetry());
        this.silent = new DialRetries(settings.dialRetry());
    }

    /** A link is up: its peer, if it had gone silent, is back. */
    void linkUp(Link link) {
        silent.succeeded(link.peer());
    }

    /** A link closed: if it went silent, its peer is not waited for until the retry delay has passed. */
    void linkDown(Link link) {
        if (link.wentSilent() && links.link(link.peer()).isEmpty()) {
            silent.failed(link.peer(), clock.instant());
        }
    }

    /**
     * The link toward {@code target}. Completes at once when a link is known; after a dial otherwise;
     * exceptionally with a {@link JsonRpcException} {@code -32060} when there is no way there.
     */
    CompletionStage<Link> toward(NodeId target) {
        Optional<Link> direct = direct(target);
        if (direct.isPresent()) {
            return CompletableFuture.completedFuture(direct.get());
        }
        Optional<Link> via = table == null ? Optional.empty() : table.nextHop(target).filter(Link::isOpen);
        CompletableFuture<Link> running = dialing.get(target);
        if (via.isPresent()) {
            if (running == null) {
                dialInBackground(target);
            }
            return CompletableFuture.completedFuture(via.get());
        }
        if (silent.waiting(target, clock.instant())) {
            if (running == null) {
                dialInBackground(target);
            }
            return CompletableFuture.failedFuture(unreachable(target,
                    "its link went silent and no route leads there; redialing in the background"));
        }
        if (running != null) {
            return running.handle((link, failure) -> usable(target, link, failure, "the dial"));
        }
        List<String> addrs = dialableAddrs(target);
        if (addrs.isEmpty()) {
            return CompletableFuture.failedFuture(unreachable(target, "no link and no route to it"));
        }
        return dial(target, addrs).handle((link, failure) -> usable(target, link, failure,
                "a dial at " + String.join(", ", addrs)));
    }

    private void dialInBackground(NodeId target) {
        List<String> addrs = dialableAddrs(target);
        if (!addrs.isEmpty()) {
            dial(target, addrs);
        }
    }

    private static Link usable(NodeId target, Link link, Throwable failure, String what) {
        if (failure == null && link != null && link.isOpen()) {
            return link;
        }
        throw new CompletionException(unreachable(target, "no route to it, and " + what + " gave no link"));
    }

    private Optional<Link> direct(NodeId target) {
        Optional<Link> link = links.link(target).filter(Link::isOpen);
        if (link.isPresent() || table == null) {
            return link;
        }
        return table.route(target).filter(r -> r.hops() == 1).flatMap(r -> table.nextHop(target));
    }

    /**
     * The addrs of {@code target} from the routes and from the link directory's peers; empty when this
     * node may not dial it now (dialing off, or a dial failed less than the retry delay ago).
     */
    private List<String> dialableAddrs(NodeId target) {
        if (!settings.dialDirect() || target.equals(self)) {
            return List.of();
        }
        if (retries.waiting(target, clock.instant())) {
            return List.of();
        }
        List<String> addrs = new ArrayList<>(table == null ? List.of() : table.addrs(target));
        for (PeerInfo peer : links.peers()) {
            if (target.equals(peer.nodeId())) {
                peer.addrs().stream().filter(a -> !addrs.contains(a)).forEach(addrs::add);
            }
        }
        return addrs;
    }

    private CompletableFuture<Link> dial(NodeId target, List<String> addrs) {
        CompletableFuture<Link> fresh = new CompletableFuture<>();
        CompletableFuture<Link> running = dialing.putIfAbsent(target, fresh);
        if (running != null) {
            return running;
        }
        LOG.log(Level.FINE, () -> "dialing " + target + " at " + addrs);
        CompletionStage<Link> attempt;
        try {
            attempt = links.dial(target, addrs);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((link, failure) -> {
            dialing.remove(target, fresh);
            if (failure == null && link != null) {
                retries.succeeded(target);
                LOG.log(Level.FINE, () -> "dialed " + target + ": link " + link.id());
                fresh.complete(link);
            } else {
                retries.failed(target, clock.instant());
                LOG.log(Level.FINE, () -> "could not dial " + target + " at " + addrs + ": "
                        + (failure == null ? "no link" : failure.getMessage()));
                fresh.completeExceptionally(failure != null ? failure : new IllegalStateException("no link"));
            }
        });
        return fresh;
    }

    private static JsonRpcException unreachable(NodeId target, String why) {
        return new JsonRpcException(JsonRpc.NODE_UNREACHABLE, "node unreachable: " + target + ": " + why,
                JsonRpc.errorData(target.value(), null));
    }
}
