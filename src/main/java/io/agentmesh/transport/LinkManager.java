package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Creates and keeps the links of a node: the sessions of accepted sockets and of dials, which it admits
 * and retires as their {@link LinkKeeper}, coordinating its parts: the {@link LinkRegistry} (links by peer, duplicates,
 * wire-v1 §5.6), the {@link Redialer} (bootstrap list, backoff), {@link KnownPeers} (the peer view of
 * {@code node/list_peers}, §5.4), the {@link TrustEnforcer} (4003 for links the trust policy stops
 * admitting), the {@link LinkLiveness} check (1001 for links gone silent)
 * and the {@link LinkAdmission} (each session's ticket: 4003 for a handshake or a link over its
 * caps). Thread-safe.
 */
public final class LinkManager implements LinkKeeper {

    /** Opens WebSockets for dials. */
    public interface Dialer {
        /**
         * Opens a WebSocket to {@code url} offering the subprotocol {@code agentmesh.v1}. Once it is open
         * (and {@code agentmesh.v1} was selected), calls {@code sessionFactory} with a channel over it,
         * starts the session and feeds it every event of the socket. The stage completes with the session
         * when the socket is open, or exceptionally when it cannot be opened within {@code timeout}.
         */
        CompletionStage<LinkSession> connect(URI url, Duration timeout, Function<LinkChannel, LinkSession> sessionFactory);
    }

    /**
     * One bootstrap entry as seen now: the node id pinned or learned (null while unknown), whether it
     * turned out to be this node, and whether a link to it is open.
     */
    public record BootstrapStatus(MeshUrl url, NodeId nodeId, boolean self, boolean linked) {
    }

    private final LinkEnvironment env;
    private final LinkListener listener;
    private final Dialer dialer;
    private final Relay relay = new Relay();
    private final Map<LinkSession, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();
    private final LinkRegistry registry;
    private final KnownPeers known = new KnownPeers();
    private final Redialer redialer;
    private final TrustEnforcer trust;
    private final LinkLiveness liveness;
    private final LinkAdmission admission;
    private final Map<LinkSession, LinkAdmission.Ticket> tickets = new ConcurrentHashMap<>();

    /**
     * @param env       what the sessions share
     * @param admission the caps on sockets and links, and what each session holds of them
     * @param listener  the layer above (the router): hears of established links and their messages
     * @param dialer    opens outgoing WebSockets
     * @param bootstrap URLs to dial at start and keep dialing
     */
    public LinkManager(LinkEnvironment env, LinkAdmission admission, LinkListener listener, Dialer dialer,
                       List<MeshUrl> bootstrap) {
        this.env = Objects.requireNonNull(env, "env");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.registry = new LinkRegistry(env.trust());
        this.redialer = new Redialer(env, registry, this::dial, bootstrap);
        this.trust = new TrustEnforcer(env.trust(), registry, env.clock(), env.observer());
        trust.watch();
        this.liveness = new LinkLiveness(env.settings().keepAlive(), registry::sessions, env.clock(), env.scheduler(),
                env.observer(), env.logs());
    }

    /**
     * Parses a bootstrap list: each entry {@code ws://host:port/mesh} optionally followed by
     * {@code #<node-id>}. A bad entry throws IllegalArgumentException naming it.
     */
    public static List<MeshUrl> parseBootstrap(List<String> entries) {
        List<MeshUrl> urls = new ArrayList<>();
        for (String entry : entries) {
            try {
                urls.add(MeshUrl.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad bootstrap entry '" + entry + "': " + e.getMessage(), e);
            }
        }
        return List.copyOf(urls);
    }

    public LocalNode local() {
        return env.local();
    }

    /** The caps on sockets and links; an upgrade reserves its socket's ticket here. */
    public LinkAdmission admission() {
        return admission;
    }

    // ---------------------------------------------------------------- life cycle

    /** Dials every bootstrap entry, and checks the links' liveness from now on. */
    public void start() {
        redialer.start();
        liveness.start();
    }

    /** Stops redialing and closes every link with 1001. */
    public void shutdown() {
        if (registry.isClosed()) {
            return;
        }
        redialer.stop();
        trust.stopWatching();
        liveness.stop();
        for (LinkSession s : registry.close()) {
            s.close(CloseCodes.GOING_AWAY, "node shutting down");
        }
    }

    // ---------------------------------------------------------------- sessions

    /**
     * A session for a socket a peer opened, holding {@code ticket} (its upgrade's, {@link LinkAdmission#claim
     * claimed}) until it closes; the caller starts it once the upgrade completed.
     */
    public LinkSession accept(LinkChannel channel, LinkAdmission.Ticket ticket) {
        Objects.requireNonNull(ticket, "ticket");
        LinkSession session = LinkSession.responder(env, channel, relay, this);
        tickets.put(session, ticket);
        if (!registry.add(session)) {
            session.close(CloseCodes.GOING_AWAY, "node shutting down");
        }
        return session;
    }

    /**
     * Dials {@code url} (a mesh URL, optionally {@code #<node-id>}); {@code expected}, when not null,
     * is the node id the peer must have (it overrides a pinned id in the URL). The stage completes with
     * the link once it is up, or exceptionally: a {@link LinkProtocolException} carrying the close code
     * when the link closed first, or the dialer's error when the socket could not be opened.
     */
    public CompletionStage<Link> dial(String url, NodeId expected) {
        MeshUrl parsed;
        try {
            parsed = MeshUrl.parse(url);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return dial(parsed, expected != null ? expected : parsed.expected(), session -> { });
    }

    /**
     * Dials {@code node} at each of {@code addrs} in turn (see {@link #dial(String, NodeId)}) until one
     * gives a link; fails with the last address's error, or IllegalArgumentException when there is none.
     */
    public CompletionStage<Link> dialAny(NodeId node, List<String> addrs) {
        return dialFrom(node, List.copyOf(addrs), 0, null);
    }

    private CompletionStage<Link> dialFrom(NodeId node, List<String> addrs, int index, Throwable last) {
        if (index >= addrs.size()) {
            return CompletableFuture.failedFuture(last != null ? last
                    : new IllegalArgumentException("no address to dial " + node + " at"));
        }
        return dial(addrs.get(index), node).handle((link, failure) -> failure == null
                        ? CompletableFuture.completedFuture(link)
                        : dialFrom(node, addrs, index + 1, failure))
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Link> dial(MeshUrl url, NodeId expected, Consumer<LinkSession> created) {
        if (registry.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("link manager stopped"));
        }
        CompletableFuture<Link> result = new CompletableFuture<>();
        String remote = url.url().toString();
        dialer.connect(url.url(), env.settings().connectTimeout(), channel -> {
            LinkSession session = LinkSession.initiator(env, channel, relay, this, remote, expected);
            tickets.put(session, admission.outbound());
            boolean open = registry.add(session);
            dials.put(session, result);
            created.accept(session);
            if (!open) {
                session.close(CloseCodes.GOING_AWAY, "node shutting down");
            }
            return session;
        }).whenComplete((session, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
        return result;
    }

    @Override
    public void admit(LinkSession session) throws LinkProtocolException {
        NodeId peer = session.peer();
        if (peer.equals(env.local().nodeId())) {
            throw new LinkProtocolException(CloseCodes.REFUSED, "link to self");
        }
        Optional<AdmissionRefusal> refused = admission.admit(ticket(session), peer);
        if (refused.isPresent()) {
            throw new LinkProtocolException(CloseCodes.REFUSED, "refused: too many links (" + refused.get().label() + ")");
        }
        registry.admit(session);
        known.forget(peer);
    }

    @Override
    public void handshakeStarted(LinkSession session) throws LinkProtocolException {
        if (!admission.startHandshake(ticket(session))) {
            throw new LinkProtocolException(CloseCodes.REFUSED, "refused: too many handshakes in progress");
        }
    }

    private LinkAdmission.Ticket ticket(LinkSession session) {
        LinkAdmission.Ticket ticket = tickets.get(session);
        if (ticket == null) {
            throw new IllegalStateException("no admission ticket for " + session);
        }
        return ticket;
    }

    @Override
    public void closed(LinkSession session, int code, String reason) {
        LinkAdmission.Ticket ticket = tickets.remove(session);
        if (ticket != null) {
            admission.release(ticket);
        }
        CompletableFuture<Link> dial = dials.remove(session);
        if (dial != null) {
            dial.completeExceptionally(new LinkProtocolException(code, reason));
        }
        LinkRegistry.Removal removal = registry.remove(session);
        // a peer that accepts no connections (a client, a tool) is not remembered once gone
        if (removal.wasAdmitted() && !session.peerAddrs().isEmpty()) {
            known.remember(session.peer(), session.peerAddrs(), session.lastSeenMillis());
        }
        redialer.closed(session, removal.stillLinked());
    }

    // ---------------------------------------------------------------- views

    /** Every open link. */
    public List<Link> links() {
        return registry.links();
    }

    /** An open link to {@code peer}: the oldest one. */
    public Optional<Link> link(NodeId peer) {
        return registry.link(peer);
    }

    /** The peers for {@code node/list_peers}: linked, once linked, and bootstrap entries. */
    public List<PeerInfo> peers() {
        return known.peers(registry.connected(), redialer.status());
    }

    /** The bootstrap entries in configured order, for readiness (an operator's view of "is it in the mesh"). */
    public List<BootstrapStatus> bootstrapStatus() {
        return redialer.status();
    }

    /** Passes link events to the layer above, completing dials on the way. */
    private final class Relay implements LinkListener {
        @Override
        public void linkUp(Link link) {
            CompletableFuture<Link> dial = dials.remove((LinkSession) link);
            listener.linkUp(link);
            if (dial != null) {
                dial.complete(link);
            }
        }

        @Override
        public void message(Link link, byte[] applicationMessage) {
            listener.message(link, applicationMessage);
        }

        @Override
        public void linkDown(Link link, int closeCode, String reason) {
            listener.linkDown(link, closeCode, reason);
        }
    }
}
