package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.session.InboundSessions;
import io.agentmesh.session.OutboundSessions;
import io.agentmesh.session.PeerPolicy;
import io.agentmesh.session.SessionLocal;
import io.agentmesh.session.SessionSettings;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's part in end-to-end sessions (docs/protocol.md, "End-to-end sessions"): the sessions it
 * opened and those it answers for, the origin's side ({@link SealedForwarding}) and the destination's
 * ({@link SealedDelivery}), and the sweep that drops idle sessions every minute.
 */
final class EndToEnd {

    /**
     * What a router needs to take part.
     *
     * @param local    this node as sessions present it
     * @param policy   admits the far ends of sessions
     * @param settings mode and limits
     * @param random   session ids, ephemeral keys
     */
    record Config(SessionLocal local, PeerPolicy policy, SessionSettings settings, SecureRandom random) {
        Config {
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(random, "random");
        }
    }

    private final OutboundSessions outbound;
    private final InboundSessions inbound;
    private final SealedForwarding forwarding;
    private final SealedDelivery delivery;
    private volatile ScheduledFuture<?> sweeping;
    private volatile boolean stopped;

    EndToEnd(NodeId self, Config config, JsonRpcCodec codec, Clock clock, RouteObserver observer) {
        this.outbound = new OutboundSessions(config.local(), config.policy(), config.settings(), clock, config.random());
        this.inbound = new InboundSessions(config.local(), config.policy(), config.settings(), clock, config.random());
        this.forwarding = new SealedForwarding(self, outbound, config.settings().mode(), codec, clock, config.random(),
                observer);
        this.delivery = new SealedDelivery(self, inbound, codec, clock, observer);
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
        outbound.dropPeer(peer);
        inbound.dropPeer(peer);
    }

    /** Handshakes started as initiator. */
    long handshakes() {
        return outbound.handshakes();
    }
}
