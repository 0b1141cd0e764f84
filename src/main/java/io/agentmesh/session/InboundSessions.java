package io.agentmesh.session;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The sessions this node answers for, as the responder (docs/protocol.md, "End-to-end sessions"): the
 * handshakes waiting for message 3, at most {@code maxHalfOpen} of them and each for
 * {@code handshakeTimeout}, and the established sessions, at most {@code maxSessions} in all (the least
 * recently used is dropped for a new one) and {@code maxPerPeer} per peer (its oldest is dropped), each
 * dropped when idle for {@code idleTimeout} or older than {@code lifetime}. A dropped session answers
 * {@link SessionException#UNKNOWN_SESSION}, on which its initiator shakes hands anew. Thread-safe.
 */
public final class InboundSessions {

    private record HalfOpen(SessionHandshake handshake, Instant started) {
    }

    private final SessionLocal local;
    private final PeerPolicy policy;
    private final SessionSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final HandshakeQuota quota;
    private final Map<String, HalfOpen> halfOpen = new LinkedHashMap<>();
    /** By session id, in access order: the first is the least recently used. */
    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

    public InboundSessions(SessionLocal local, PeerPolicy policy, SessionSettings settings, Clock clock,
                           SecureRandom random) {
        this.local = Objects.requireNonNull(local, "local");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.quota = new HandshakeQuota(settings.handshakeRate(), settings.handshakeBurst(), clock);
    }

    /**
     * Reads message 1 of a new session {@code sid}, brought by {@code neighbour} (the peer of the link it
     * came in on), and returns message 2.
     *
     * @throws SessionException {@code -32602} for a session id in use or of bad length, {@code -32065} when
     *                          too many handshakes are waiting or the neighbour brought more than its
     *                          quota, {@code -32068} for a bad message
     */
    public byte[] open(String sid, byte[] first, NodeId neighbour) throws SessionException {
        byte[] sidBytes = sidBytes(sid);
        admissible(sid);                                        // before the DH work, which a refusal saves
        if (!quota.take(neighbour)) {
            throw new SessionException(SessionException.OVERLOADED,
                    "overloaded: too many end-to-end handshakes through " + neighbour);
        }
        SessionHandshake handshake = SessionHandshake.responder(sidBytes, local, policy, null, random);
        byte[] second = handshake.second(first);
        synchronized (this) {
            try {
                admissible(sid);
            } catch (SessionException e) {
                handshake.destroy();
                throw e;
            }
            halfOpen.put(sid, new HalfOpen(handshake, clock.instant()));
        }
        return second;
    }

    private synchronized void admissible(String sid) throws SessionException {
        expireHalfOpen(clock.instant());
        if (halfOpen.containsKey(sid) || sessions.containsKey(sid)) {
            throw new SessionException(SessionException.INVALID_PARAMS, "session id in use: " + sid);
        }
        if (halfOpen.size() >= settings.maxHalfOpen()) {
            throw new SessionException(SessionException.OVERLOADED, "overloaded: too many end-to-end handshakes in progress");
        }
    }

    /**
     * Reads message 3 of session {@code sid}: the session is established.
     *
     * @throws SessionException {@code -32066} when no handshake of that id waits, {@code -32068} for a bad
     *                          message, {@code -32064} for a peer the policy refuses
     */
    public Session finish(String sid, byte[] third) throws SessionException {
        HalfOpen pending;
        synchronized (this) {
            expireHalfOpen(clock.instant());
            pending = halfOpen.remove(sid);
        }
        if (pending == null) {
            throw new SessionException(SessionException.UNKNOWN_SESSION, "no end-to-end handshake " + sid + " waits");
        }
        pending.handshake().finish(third);
        Session session = pending.handshake().established(clock.instant());
        synchronized (this) {
            dropOldestOfPeer(session.peer());
            while (sessions.size() >= settings.maxSessions()) {
                drop(sessions.keySet().iterator().next());
            }
            sessions.put(sid, session);
        }
        return session;
    }

    /**
     * The established session {@code sid}.
     *
     * @throws SessionException {@code -32066} when there is none (or it was dropped as idle or old)
     */
    public Session get(String sid) throws SessionException {
        Instant now = clock.instant();
        synchronized (this) {
            Session session = sessions.get(sid);
            if (session != null && (expired(session, now) || session.isClosed())) {
                drop(sid);
                session = null;
            }
            if (session == null) {
                throw new SessionException(SessionException.UNKNOWN_SESSION, "no end-to-end session " + sid);
            }
            return session;
        }
    }

    /** Drops every session {@code keep} refuses (its peer's membership ended, the policy refuses it now). */
    public synchronized void dropUnless(Predicate<Session> keep) {
        sessions.values().removeIf(s -> {
            if (!keep.test(s)) {
                s.close();
                return true;
            }
            return false;
        });
    }

    /** Drops idle, old and timed-out sessions and handshakes; run now and then. */
    public synchronized void sweep() {
        Instant now = clock.instant();
        expireHalfOpen(now);
        sessions.values().removeIf(s -> {
            if (expired(s, now)) {
                s.close();
                return true;
            }
            return false;
        });
    }

    /** Established sessions held. */
    public synchronized int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now) {
        return !s.lastUsed().plus(settings.idleTimeout()).isAfter(now)
                || !s.established().plus(settings.lifetime()).isAfter(now);
    }

    private void expireHalfOpen(Instant now) {
        halfOpen.values().removeIf(h -> {
            if (!h.started().plus(settings.handshakeTimeout()).isAfter(now)) {
                h.handshake().destroy();
                return true;
            }
            return false;
        });
    }

    private void dropOldestOfPeer(NodeId peer) {
        long held = sessions.values().stream().filter(s -> s.peer().equals(peer)).count();
        if (held >= settings.maxPerPeer()) {
            sessions.entrySet().stream().filter(e -> e.getValue().peer().equals(peer))
                    .min(Comparator.comparing(e -> e.getValue().established()))
                    .map(Map.Entry::getKey).ifPresent(this::drop);
        }
    }

    private void drop(String sid) {
        Session s = sessions.remove(sid);
        if (s != null) {
            s.close();
        }
    }

    /** The 16 bytes of a session id as it travels (base64url). */
    static byte[] sidBytes(String sid) throws SessionException {
        byte[] bytes;
        try {
            bytes = Base64Url.decode(sid);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != Session.SID_BYTES) {
            throw new SessionException(SessionException.INVALID_PARAMS, "a session id is base64url of 16 bytes");
        }
        return bytes;
    }
}
