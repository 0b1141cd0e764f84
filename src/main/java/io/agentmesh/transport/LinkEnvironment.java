package io.agentmesh.transport;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every link session of a node shares: this node, the link settings, the trust policy, and the
 * injected randomness (ephemeral keys), clock, scheduler (handshake deadlines) and executor (listener
 * calls not caused by the socket's reading thread, such as a close), and the {@link LinkObserver} (metrics).
 */
public record LinkEnvironment(
        LocalNode local,
        LinkSettings settings,
        TrustPolicy trust,
        SecureRandom random,
        Clock clock,
        Scheduler scheduler,
        Executor executor,
        LinkObserver observer) {

    public LinkEnvironment {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(observer, "observer");
    }

    /** An environment whose links nobody observes. */
    public LinkEnvironment(LocalNode local, LinkSettings settings, TrustPolicy trust, SecureRandom random, Clock clock,
                           Scheduler scheduler, Executor executor) {
        this(local, settings, trust, random, clock, scheduler, executor, LinkObserver.NONE);
    }
}
