package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.session.InboundSessions;
import io.agentmesh.session.OutboundSessions;
import io.agentmesh.session.PeerPolicy;
import io.agentmesh.session.Session;
import io.agentmesh.session.SessionSetup;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's part in end-to-end sessions (docs/protocol.md, "End-to-end sessions"): the sessions it
 * opened and those it answers for, the origin's side ({@link SealedForwarding}) and the destination's
 * ({@link SealedDelivery}), and the sweep that drops idle sessions every minute.
 */
final class EndToEnd {

    private final OutboundSessions outbound;
    private final InboundSessions inbound;
    private final SealedForwarding forwarding;
    private final SealedDelivery delivery;
    private volatile ScheduledFuture<?> sweeping;
    private volatile boolean stopped;

    EndToEnd(NodeId self, SessionSetup setup, SecureRandom random, JsonRpcCodec codec, Clock clock,
             RouteObserver observer) {
        PeerPolicy policy = setup.policy();
        this.outbound = new OutboundSessions(setup.local(), policy, setup.settings(), clock, random);
        this.inbound = new InboundSessions(setup.local(), policy, setup.settings(), clock, random);
        this.forwarding = new SealedForwarding(self, outbound, setup.settings().mode(), codec, clock, random, observer);
        this.delivery = new SealedDelivery(self, inbound, codec, clock, observer);
        setup.policyChanges().accept(this::recheck);
    }

    SealedForwarding forwarding() {
        return forwarding;
    }

    SealedDelivery delivery() {
        return delivery;
    }

    /** Sweeps idle and old sessions every minute from now on. */
    void start(ScheduledExecutorService scheduler) {
        if (!stopped) {
            sweeping = scheduler.schedule(() -> {
                inbound.sweep();
                start(scheduler);
            }, 1, TimeUnit.MINUTES);
        }
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> task = sweeping;
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Drops the sessions with {@code peer}, both ways. */
    void dropPeer(NodeId peer) {
        outbound.dropUnless(s -> !s.peer().equals(peer));
        inbound.dropUnless(s -> !s.peer().equals(peer));
    }

    /** Drops the sessions whose peer the policy refuses now. */
    void recheck() {
        outbound.dropUnless(Session::stillAdmitted);
        inbound.dropUnless(Session::stillAdmitted);
    }

    /** Handshakes started as initiator. */
    long handshakes() {
        return outbound.handshakes();
    }
}
