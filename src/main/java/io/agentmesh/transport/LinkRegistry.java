package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The links of a node and the resolution of duplicate links (wire-v1 §5.6): keeps every session from
 * its socket's opening to its close, and the established ones by peer. Of two links between the same
 * two nodes initiated by different ends, the one initiated by the smaller node id stays and the other
 * closes with 4005; links initiated by the same end may coexist. Once closed (the node stops) it admits
 * no link. Thread-safe.
 */
final class LinkRegistry {

    /** Logs under the manager's name, where the duplicate-link lines have always been. */
    private static final Logger LOG = Logger.getLogger(LinkManager.class.getName());

    /** What removing a closed session left: whether it was admitted, and whether its peer keeps a link. */
    record Removal(boolean wasAdmitted, boolean stillLinked) {
    }

    private final TrustPolicy trust;
    private final Set<LinkSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<NodeId, List<LinkSession>> byPeer = new LinkedHashMap<>();
    private boolean closed;

    /** @param trust the policy every admission checks, under the same lock as {@link #admitted()} */
    LinkRegistry(TrustPolicy trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** Keeps a new session until it closes; false when the registry is closed (the caller closes the session). */
    boolean add(LinkSession session) {
        sessions.add(session);
        return !isClosed();
    }

    /**
     * Admits a session whose handshake completed, under its peer: a peer the trust policy refuses now is
     * refused with 4003; a link it duplicates closes with 4005, or, when the other one wins, this one is
     * refused with 4005; 1001 once the registry is closed. The policy is read under the lock that
     * {@link #admitted()} takes, so a policy change either is seen here or, once its enforcement runs,
     * finds this session among the admitted ones: no session admitted after a change escapes it.
     */
    void admit(LinkSession session) throws LinkProtocolException {
        NodeId peer = session.peer();
        List<LinkSession> losers = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                throw new LinkProtocolException(CloseCodes.GOING_AWAY, "node shutting down");
            }
            if (!trust.admits(peer)) {
                throw new LinkProtocolException(CloseCodes.REFUSED, "peer refused by trust policy");
            }
            List<LinkSession> existing = byPeer.computeIfAbsent(peer, p -> new ArrayList<>());
            for (LinkSession other : existing) {
                if (other.outbound() == session.outbound() || other.state() == LinkSession.State.CLOSED) {
                    continue; // §5.6 applies only to links initiated by different ends
                }
                if (session.initiatorId().compareTo(other.initiatorId()) < 0) {
                    losers.add(other);
                } else {
                    LOG.log(Level.INFO, "duplicate link to {0}: keeping link {1}, initiated by {2}; closing link {3} (4005)",
                            new Object[] {peer, other.id(), other.initiatorId(), session.id()});
                    throw new LinkProtocolException(CloseCodes.DUPLICATE_LINK, "duplicate link");
                }
            }
            existing.add(session);
        }
        for (LinkSession loser : losers) {
            LOG.log(Level.INFO, "duplicate link to {0}: keeping link {1}, initiated by {2}; closing link {3} (4005)",
                    new Object[] {peer, session.id(), session.initiatorId(), loser.id()});
            loser.close(CloseCodes.DUPLICATE_LINK, "duplicate link");
        }
    }

    /** Forgets a session that closed. */
    Removal remove(LinkSession session) {
        sessions.remove(session);
        NodeId peer = session.peer();
        if (peer == null) {
            return new Removal(false, false);
        }
        synchronized (this) {
            List<LinkSession> list = byPeer.get(peer);
            if (list == null) {
                return new Removal(false, false);
            }
            boolean admitted = list.remove(session);
            if (list.isEmpty()) {
                byPeer.remove(peer);
            }
            return new Removal(admitted, !list.isEmpty());
        }
    }

    /** Every open link. */
    List<Link> links() {
        return sessions.stream().filter(LinkSession::isOpen).map(s -> (Link) s).toList();
    }

    /** An open link to {@code peer}: the oldest one. */
    synchronized Optional<Link> link(NodeId peer) {
        List<LinkSession> list = byPeer.get(peer);
        if (list == null) {
            return Optional.empty();
        }
        return list.stream().filter(LinkSession::isOpen).map(s -> (Link) s).findFirst();
    }

    /** True while a link to {@code peer} is admitted and not closed. */
    synchronized boolean hasLink(NodeId peer) {
        List<LinkSession> list = byPeer.get(peer);
        return list != null && list.stream().anyMatch(s -> s.state() != LinkSession.State.CLOSED);
    }

    /** The peers with an open link, each with the addrs of its oldest link and the last time one was heard from. */
    synchronized List<PeerInfo> connected() {
        List<PeerInfo> connected = new ArrayList<>();
        for (Map.Entry<NodeId, List<LinkSession>> e : byPeer.entrySet()) {
            List<LinkSession> open = e.getValue().stream().filter(LinkSession::isOpen).toList();
            if (!open.isEmpty()) {
                long lastSeen = open.stream().mapToLong(LinkSession::lastSeenMillis).max().orElse(0);
                connected.add(new PeerInfo(e.getKey(), open.get(0).peerAddrs(), true, lastSeen));
            }
        }
        return connected;
    }

    /** Every admitted session not closed, including one admitted whose handshake has not yet turned OPEN. */
    synchronized List<LinkSession> admitted() {
        List<LinkSession> admitted = new ArrayList<>();
        for (List<LinkSession> list : byPeer.values()) {
            list.stream().filter(s -> s.state() != LinkSession.State.CLOSED).forEach(admitted::add);
        }
        return admitted;
    }

    /** Every session not yet closed, in the handshake or established. */
    List<LinkSession> sessions() {
        return List.copyOf(sessions);
    }

    /** Admits no more links; returns every session, for the caller to close. */
    List<LinkSession> close() {
        synchronized (this) {
            closed = true;
        }
        return sessions();
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
