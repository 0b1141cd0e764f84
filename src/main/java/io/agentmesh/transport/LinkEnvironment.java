package io.agentmesh.transport;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What every link session of a node shares: this node, the link settings, the trust policy, and the
 * injected randomness (ephemeral keys), clock, scheduler (handshake deadlines) and executor (listener
 * calls not caused by the socket's reading thread, such as a close), the {@link LinkObserver} (metrics),
 * the {@link LogLimiter} of the lines a flood of sockets or dials could repeat, and the
 * {@link MemoryBudget} that the links' reassembly buffers and send queues hold together.
 */
public record LinkEnvironment(
        LocalNode local,
        LinkSettings settings,
        TrustPolicy trust,
        SecureRandom random,
        Clock clock,
        Scheduler scheduler,
        Executor executor,
        LinkObserver observer,
        LogLimiter logs,
        MemoryBudget memory) {

    public LinkEnvironment {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(memory, "memory");
    }

    /** An environment whose memory budget is {@code settings.memoryBudget()}, its refusals logged through {@code logs}. */
    public LinkEnvironment(LocalNode local, LinkSettings settings, TrustPolicy trust, SecureRandom random, Clock clock,
                           Scheduler scheduler, Executor executor, LinkObserver observer, LogLimiter logs) {
        this(local, settings, trust, random, clock, scheduler, executor, observer, logs,
                new MemoryBudget(settings.memoryBudget(), observer, logs));
    }

    /** An environment whose log limiter measures its interval on {@code clock}. */
    public LinkEnvironment(LocalNode local, LinkSettings settings, TrustPolicy trust, SecureRandom random, Clock clock,
                           Scheduler scheduler, Executor executor, LinkObserver observer) {
        this(local, settings, trust, random, clock, scheduler, executor, observer,
                new LogLimiter(LogLimiter.DEFAULT_INTERVAL, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis())));
    }

    /** An environment whose links nobody observes. */
    public LinkEnvironment(LocalNode local, LinkSettings settings, TrustPolicy trust, SecureRandom random, Clock clock,
                           Scheduler scheduler, Executor executor) {
        this(local, settings, trust, random, clock, scheduler, executor, LinkObserver.NONE);
    }
}
