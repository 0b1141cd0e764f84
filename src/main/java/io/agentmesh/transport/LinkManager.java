package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The links of a node: creates sessions for accepted sockets and for dials, keeps the established ones
 * by peer, resolves duplicate links (wire-v1 §5.6), dials the bootstrap list at start and redials an
 * entry with capped exponential backoff when its link drops or a dial fails, closes links that the
 * trust policy stops admitting (4003), and offers the peer view of {@code node/list_peers} (§5.4).
 * Thread-safe.
 */
public final class LinkManager implements LinkSession.Observer {

    /** How many disconnected peers the peer view remembers (the oldest are forgotten first). */
    public static final int MAX_REMEMBERED_PEERS = 1024;

    private static final Logger LOG = Logger.getLogger(LinkManager.class.getName());

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

    /** One entry of the peer view: node id (null while unknown), addrs, connected, last seen (epoch ms, 0 = never). */
    public record PeerInfo(NodeId nodeId, List<String> addrs, boolean connected, long lastSeenMillis) {
        public PeerInfo {
            addrs = List.copyOf(addrs);
        }
    }

    private record Remembered(List<String> addrs, long lastSeenMillis) { }

    /** A bootstrap entry and its dialing state (guarded by the manager). */
    private static final class Entry {
        final MeshUrl url;
        NodeId learned;
        LinkSession session;
        int failures;
        Scheduler.Task redial;
        boolean self;
        boolean dialing;

        Entry(MeshUrl url) {
            this.url = url;
        }

        NodeId nodeId() {
            return learned != null ? learned : url.expected();
        }
    }

    private final LinkEnvironment env;
    private final LinkListener listener;
    private final Dialer dialer;
    private final List<Entry> bootstrap;
    private final Relay relay = new Relay();
    private final Set<LinkSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<NodeId, List<LinkSession>> byPeer = new LinkedHashMap<>();
    private final Map<LinkSession, CompletableFuture<Link>> dials = new ConcurrentHashMap<>();
    private final Map<LinkSession, Entry> entryOf = new ConcurrentHashMap<>();
    private final LinkedHashMap<NodeId, Remembered> remembered = new LinkedHashMap<>();
    private final Runnable trustListener = this::enforceTrust;
    private boolean started;
    private boolean stopped;

    /**
     * @param env       what the sessions share
     * @param listener  the layer above (the router): hears of established links and their messages
     * @param dialer    opens outgoing WebSockets
     * @param bootstrap URLs to dial at start and keep dialing
     */
    public LinkManager(LinkEnvironment env, LinkListener listener, Dialer dialer, List<MeshUrl> bootstrap) {
        this.env = Objects.requireNonNull(env, "env");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.bootstrap = bootstrap.stream().map(Entry::new).toList();
        env.trust().addChangeListener(trustListener);
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

    // ---------------------------------------------------------------- life cycle

    /** Dials every bootstrap entry. */
    public void start() {
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
        }
        bootstrap.forEach(this::dialEntry);
    }

    /** Stops redialing and closes every link with 1001. */
    public void shutdown() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Entry e : bootstrap) {
                if (e.redial != null) {
                    e.redial.cancel();
                    e.redial = null;
                }
            }
        }
        env.trust().removeChangeListener(trustListener);
        for (LinkSession s : List.copyOf(sessions)) {
            s.close(CloseCodes.GOING_AWAY, "node shutting down");
        }
    }

    // ---------------------------------------------------------------- sessions

    /** A session for a socket a peer opened; the caller starts it once the upgrade completed. */
    public LinkSession accept(LinkChannel channel) {
        LinkSession session = LinkSession.responder(env, channel, relay, this);
        sessions.add(session);
        if (isStopped()) {
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
        return dial(parsed, expected != null ? expected : parsed.expected(), null);
    }

    private CompletionStage<Link> dial(MeshUrl url, NodeId expected, Entry entry) {
        if (isStopped()) {
            return CompletableFuture.failedFuture(new IllegalStateException("link manager stopped"));
        }
        CompletableFuture<Link> result = new CompletableFuture<>();
        String remote = url.url().toString();
        dialer.connect(url.url(), env.settings().connectTimeout(), channel -> {
            LinkSession session = LinkSession.initiator(env, channel, relay, this, remote, expected);
            sessions.add(session);
            dials.put(session, result);
            if (entry != null) {
                entryOf.put(session, entry);
            }
            if (isStopped()) {
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
        List<LinkSession> losers = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                throw new LinkProtocolException(CloseCodes.GOING_AWAY, "node shutting down");
            }
            List<LinkSession> existing = byPeer.computeIfAbsent(peer, p -> new ArrayList<>());
            for (LinkSession other : existing) {
                if (other.outbound() == session.outbound() || other.state() == LinkSession.State.CLOSED) {
                    continue; // §5.6 applies only to links initiated by different ends
                }
                if (session.initiatorId().compareTo(other.initiatorId()) < 0) {
                    losers.add(other);
                } else {
                    throw new LinkProtocolException(CloseCodes.DUPLICATE_LINK, "duplicate link");
                }
            }
            existing.add(session);
            remembered.remove(peer);
        }
        for (LinkSession loser : losers) {
            loser.close(CloseCodes.DUPLICATE_LINK, "duplicate link");
        }
    }

    @Override
    public void closed(LinkSession session, int code, String reason) {
        sessions.remove(session);
        CompletableFuture<Link> dial = dials.remove(session);
        if (dial != null) {
            dial.completeExceptionally(new LinkProtocolException(code, reason));
        }
        NodeId peer = session.peer();
        List<Entry> toRedial = new ArrayList<>();
        synchronized (this) {
            boolean stillLinked = false;
            if (peer != null) {
                List<LinkSession> list = byPeer.get(peer);
                // a peer that accepts no connections (a client, a tool) is not remembered once gone
                if (list != null && list.remove(session) && !session.peerAddrs().isEmpty()) {
                    remember(peer, session.peerAddrs(), session.lastSeenMillis());
                }
                if (list != null && list.isEmpty()) {
                    byPeer.remove(peer);
                }
                stillLinked = list != null && !list.isEmpty();
            }
            Entry own = entryOf.remove(session);
            if (own != null) {
                own.session = null;
                own.dialing = false;
                if (peer != null) {
                    own.failures = 0; // the link was up: redial after the initial delay
                }
                if (peer != null && peer.equals(env.local().nodeId())) {
                    own.self = true;
                    LOG.log(Level.INFO, "bootstrap entry {0} is this node; not dialing it", own.url);
                } else {
                    toRedial.add(own);
                }
            }
            if (peer != null && !stillLinked) {
                for (Entry e : bootstrap) {
                    if (e != own && e.session == null && !e.dialing && peer.equals(e.nodeId()) && e.redial == null) {
                        toRedial.add(e);
                    }
                }
            }
        }
        toRedial.forEach(this::scheduleRedial);
    }

    private void remember(NodeId peer, List<String> addrs, long lastSeen) {
        remembered.remove(peer);
        remembered.put(peer, new Remembered(addrs, lastSeen));
        while (remembered.size() > MAX_REMEMBERED_PEERS) {
            NodeId oldest = remembered.keySet().iterator().next();
            remembered.remove(oldest);
        }
    }

    // ---------------------------------------------------------------- bootstrap

    private void dialEntry(Entry entry) {
        synchronized (this) {
            entry.redial = null;
            if (stopped || entry.self || entry.dialing || entry.session != null) {
                return;
            }
            NodeId known = entry.nodeId();
            if (known != null && hasOpenLink(known)) {
                return; // dialed again when that peer's last link drops
            }
            entry.dialing = true;
        }
        dial(entry.url, entry.url.expected(), entry).whenComplete((link, error) -> {
            if (error == null) {
                synchronized (this) {
                    entry.dialing = false;
                    entry.failures = 0;
                    entry.learned = link.peer();
                    entry.session = (LinkSession) link;
                }
                LOG.log(Level.INFO, "bootstrap link to {0} up: {1}", new Object[] {entry.url, link.peer()});
                return;
            }
            boolean sessionHandled;
            synchronized (this) {
                sessionHandled = entryOf.containsValue(entry) || !entry.dialing;
                entry.dialing = false;
            }
            LOG.log(Level.INFO, "bootstrap dial to {0} failed: {1}", new Object[] {entry.url, describe(error)});
            if (!sessionHandled) {
                scheduleRedial(entry);
            }
        });
    }

    private void scheduleRedial(Entry entry) {
        Duration delay;
        synchronized (this) {
            if (stopped || entry.self || entry.redial != null) {
                return;
            }
            delay = backoff(entry.failures);
            entry.failures = Math.min(entry.failures + 1, 62);
            entry.redial = env.scheduler().schedule(() -> dialEntry(entry), delay);
        }
        LOG.log(Level.FINE, "redialing {0} in {1}", new Object[] {entry.url, delay});
    }

    /** {@code initial × 2^failures}, capped at the maximum, times a jitter in [0.75, 1]. */
    Duration backoff(int failures) {
        Duration initial = env.settings().backoffInitial();
        Duration max = env.settings().backoffMax();
        Duration base = failures >= 40 ? max : initial.multipliedBy(1L << Math.min(failures, 40));
        if (base.compareTo(max) > 0) {
            base = max;
        }
        double jitter = 0.75 + 0.25 * env.random().nextDouble();
        return Duration.ofNanos((long) (base.toNanos() * jitter));
    }

    private static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof LinkProtocolException p) {
            return "closed " + p.closeCode() + " " + p.reason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    // ---------------------------------------------------------------- views

    /** Every open link. */
    public List<Link> links() {
        return sessions.stream().filter(LinkSession::isOpen).map(s -> (Link) s).toList();
    }

    /** An open link to {@code peer}: the oldest one. */
    public Optional<Link> link(NodeId peer) {
        synchronized (this) {
            List<LinkSession> list = byPeer.get(peer);
            if (list == null) {
                return Optional.empty();
            }
            return list.stream().filter(LinkSession::isOpen).map(s -> (Link) s).findFirst();
        }
    }

    private boolean hasOpenLink(NodeId peer) {
        List<LinkSession> list = byPeer.get(peer);
        return list != null && list.stream().anyMatch(s -> s.state() != LinkSession.State.CLOSED);
    }

    /** The peers for {@code node/list_peers}: linked, once linked, and bootstrap entries. */
    public List<PeerInfo> peers() {
        Map<NodeId, PeerInfo> byId = new LinkedHashMap<>();
        List<PeerInfo> unknown = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<NodeId, List<LinkSession>> e : byPeer.entrySet()) {
                List<LinkSession> open = e.getValue().stream().filter(LinkSession::isOpen).toList();
                if (open.isEmpty()) {
                    continue;
                }
                long lastSeen = open.stream().mapToLong(LinkSession::lastSeenMillis).max().orElse(0);
                byId.put(e.getKey(), new PeerInfo(e.getKey(), open.get(0).peerAddrs(), true, lastSeen));
            }
            remembered.forEach((id, r) -> byId.putIfAbsent(id, new PeerInfo(id, r.addrs(), false, r.lastSeenMillis())));
            for (Entry e : bootstrap) {
                NodeId id = e.nodeId();
                if (e.self || (id != null && byId.containsKey(id))) {
                    continue;
                }
                PeerInfo info = new PeerInfo(id, List.of(e.url.url().toString()), false, 0);
                if (id == null) {
                    unknown.add(info);
                } else {
                    byId.put(id, info);
                }
            }
        }
        List<PeerInfo> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(p -> p.nodeId().value()));
        all.addAll(unknown);
        return all;
    }

    /**
     * One bootstrap entry as seen now: the node id pinned or learned (null while unknown), whether it
     * turned out to be this node, and whether a link to it is open.
     */
    public record BootstrapStatus(MeshUrl url, NodeId nodeId, boolean self, boolean linked) {
    }

    /** The bootstrap entries in configured order, for readiness (an operator's view of "is it in the mesh"). */
    public List<BootstrapStatus> bootstrapStatus() {
        synchronized (this) {
            return bootstrap.stream().map(e -> {
                NodeId id = e.nodeId();
                List<LinkSession> toPeer = id == null ? null : byPeer.get(id);
                boolean linked = (e.session != null && e.session.isOpen())
                        || (toPeer != null && toPeer.stream().anyMatch(LinkSession::isOpen));
                return new BootstrapStatus(e.url, id, e.self, linked);
            }).toList();
        }
    }

    // ---------------------------------------------------------------- trust

    /** Closes with 4003 every link whose peer the trust policy no longer admits. */
    public void enforceTrust() {
        for (LinkSession s : List.copyOf(sessions)) {
            NodeId peer = s.peer();
            if (peer != null && s.isOpen() && !env.trust().admits(peer)) {
                s.close(CloseCodes.REFUSED, "refused by policy");
            }
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
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
