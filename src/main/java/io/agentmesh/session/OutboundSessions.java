package io.agentmesh.session;

import io.agentmesh.identity.NodeId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The sessions this node opened, as the initiator: one per destination node, shared by all requests to
 * it, so that a pair of nodes shakes hands once and not per request. Concurrent requests to a node wait
 * for the same handshake. A session is replaced by a new handshake when it is older than
 * {@code lifetime} (the rekey), idle for {@code idleTimeout}, or its destination no longer knows it.
 * Thread-safe.
 */
public final class OutboundSessions {

    private final SessionLocal local;
    private final PeerPolicy policy;
    private final SessionSettings settings;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<NodeId, CompletableFuture<Session>> sessions = new ConcurrentHashMap<>();
    private final AtomicLong handshakes = new AtomicLong();

    public OutboundSessions(SessionLocal local, PeerPolicy policy, SessionSettings settings, Clock clock,
                            SecureRandom random) {
        this.local = Objects.requireNonNull(local, "local");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The session to {@code target}: the one held while it is fit for use, else the handshake under way,
     * else a new handshake that {@code shake} carries through the mesh (it sends the messages of the
     * given {@link SessionHandshake} and completes with the established session). A failed handshake is
     * not kept: the next request tries again.
     */
    public CompletionStage<Session> session(NodeId target, Function<SessionHandshake, CompletionStage<Session>> shake) {
        CompletableFuture<Session> started = new CompletableFuture<>();
        CompletableFuture<Session> held = sessions.compute(target, (k, current) ->
                current != null && fit(current) ? current : started);
        if (held == started) {
            handshakes.incrementAndGet();
            byte[] sid = new byte[Session.SID_BYTES];
            random.nextBytes(sid);
            SessionHandshake handshake = SessionHandshake.initiator(sid, target, local, policy, null, random);
            shake.apply(handshake).whenComplete((session, failure) -> {
                handshake.destroy();
                if (failure != null) {
                    sessions.remove(target, started);
                    started.completeExceptionally(failure);
                } else {
                    started.complete(session);
                }
            });
        }
        return held;
    }

    /** Forgets {@code session} (its destination no longer knows it, or it failed); the next request shakes hands anew. */
    public void drop(NodeId target, Session session) {
        sessions.computeIfPresent(target, (k, current) ->
                current.isDone() && !current.isCompletedExceptionally() && current.join() == session ? null : current);
        session.close();
    }

    /** Drops every established session {@code keep} refuses (its peer's membership ended, the policy refuses it now). */
    public void dropUnless(Predicate<Session> keep) {
        sessions.forEach((target, held) -> {
            if (held.isDone() && !held.isCompletedExceptionally() && !keep.test(held.join())) {
                drop(target, held.join());
            }
        });
    }

    /** Handshakes this node started as initiator since it started. */
    public long handshakes() {
        return handshakes.get();
    }

    private boolean fit(CompletableFuture<Session> held) {
        if (!held.isDone()) {
            return true;                                       // a handshake under way
        }
        if (held.isCompletedExceptionally()) {
            return false;
        }
        Session s = held.join();
        Instant now = clock.instant();
        return !s.isClosed() && s.lastUsed().plus(settings.idleTimeout()).isAfter(now)
                && s.established().plus(settings.lifetime()).isAfter(now);
    }
}
