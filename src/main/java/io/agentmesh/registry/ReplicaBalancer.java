package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Balancer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Picks a replica for {@code *:<agent>/...} (wire-v1 §5.2 step 2; docs/registry.md §5.1). Order: healthy
 * replicas before those sitting out a cooldown; then this node, the replicas that have answered, and at
 * most one never-measured replica due for a trial (none in flight to it, none tried within the cooldown)
 * before the other never-measured ones (an advert alone proves nothing: anyone can sign adverts for
 * made-up nodes, so each gets one trial request per cooldown); then fewest outstanding requests; then lower recent latency (an exponential average); then
 * this node; then the node's standing in the peer book (known directly above by advert above hearsay, then
 * health: what this node has seen of it); last a keyed hash of the node id, with a key drawn at start, so
 * that no one can win the ties by choosing a node id. A replica that failed {@link RegistrySettings#replicaFailureThreshold()}
 * times in a row, or once that could not be reached at all ({@link Call#unreachable()}), is unhealthy
 * for {@link RegistrySettings#replicaCooldown()}, then tried again. Thread-safe.
 */
public final class ReplicaBalancer {

    private final NodeId self;
    private final RegistrySettings settings;
    private final LongSupplier nanoTime;
    private final ToDoubleFunction<NodeId> standing;
    private final long tieKey;
    private final Map<String, Replica> replicas = new ConcurrentHashMap<>();

    /**
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     * @param standing what this node knows of a node, higher better ({@link PeerBook#standing})
     * @param random   draws the key of the last tie-break
     */
    public ReplicaBalancer(NodeId self, RegistrySettings settings, LongSupplier nanoTime,
                           ToDoubleFunction<NodeId> standing, RandomGenerator random) {
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.standing = Objects.requireNonNull(standing, "standing");
        this.tieKey = random.nextLong();
    }

    /** The candidates for {@code agent}, best first (the rest are the failover order). */
    public List<NodeId> order(String agent, Collection<NodeId> candidates) {
        long now = nanoTime.getAsLong();
        long trialInterval = settings.replicaCooldown().toNanos();
        record Ranked(NodeId node, boolean healthy, boolean proven, boolean trialDue, int outstanding, double latency,
                      double standing, long tie) {
            Ranked asTrial() {
                return new Ranked(node, healthy, true, false, outstanding, latency, standing, tie);
            }
        }
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (NodeId n : candidates) {
            Replica r = replicas.get(key(n, agent));
            boolean local = n.equals(self);
            double known = standing.applyAsDouble(n);
            long tie = tie(n);
            ranked.add(r == null ? new Ranked(n, true, local, !local, 0, 0.0, known, tie)
                    : new Ranked(n, r.healthy(now), local || r.measured(), !local && r.trialDue(now, trialInterval),
                    r.outstanding(), r.latencyMillis(), known, tie));
        }
        Comparator<Ranked> byStanding = Comparator.comparingDouble(Ranked::standing).reversed()
                .thenComparingLong(Ranked::tie)
                .thenComparing(Ranked::node);
        ranked.stream().filter(r -> r.healthy() && !r.proven() && r.trialDue()).min(byStanding).ifPresent(trial ->
                ranked.set(ranked.indexOf(trial), trial.asTrial()));
        ranked.sort(Comparator.comparing((Ranked r) -> !r.healthy())
                .thenComparing(r -> !r.proven())
                .thenComparingInt(Ranked::outstanding)
                .thenComparingDouble(Ranked::latency)
                .thenComparing(r -> !r.node().equals(self))
                .thenComparing(byStanding));
        return ranked.stream().map(Ranked::node).distinct().toList();
    }

    /** The best candidate, if any. */
    public Optional<NodeId> choose(String agent, Collection<NodeId> candidates) {
        List<NodeId> o = order(agent, candidates);
        return o.isEmpty() ? Optional.empty() : Optional.of(o.get(0));
    }

    /** Counts a request sent to {@code node}'s {@code agent}; end it with exactly one of the handle's methods. */
    public Call start(NodeId node, String agent) {
        Replica r = replicas.computeIfAbsent(key(node, agent), k -> new Replica());
        long now = nanoTime.getAsLong();
        r.begin(now);
        return new Call(r, now);
    }

    public ReplicaHealth health(NodeId node, String agent) {
        String key = key(node, agent);
        Replica r = replicas.get(key);
        if (r == null) {
            return new ReplicaHealth(key, 0, 0.0, 0, true);
        }
        return r.snapshot(key, nanoTime.getAsLong());
    }

    /** Every replica tracked, by address. */
    public List<ReplicaHealth> snapshot() {
        long now = nanoTime.getAsLong();
        List<ReplicaHealth> out = new ArrayList<>();
        replicas.forEach((k, r) -> out.add(r.snapshot(k, now)));
        out.sort(Comparator.comparing(ReplicaHealth::address));
        return out;
    }

    /** Forgets replicas of a node (for example when its advert is removed). */
    public void forget(NodeId node) {
        replicas.keySet().removeIf(k -> k.startsWith(node.value() + ":"));
    }

    /** A hash of the node id keyed with {@link #tieKey} (SplitMix64 finalisers over the id in 64-bit pieces). */
    private long tie(NodeId node) {
        String id = node.value();
        long h = tieKey;
        for (int i = 0; i < id.length(); i += 16) {
            h = mix(h ^ Long.parseUnsignedLong(id.substring(i, Math.min(id.length(), i + 16)), 16));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String key(NodeId node, String agent) {
        return node.value() + ":" + agent;
    }

    /** One request in flight to a replica. Ending it twice counts once. */
    public final class Call implements Balancer.Attempt {
        private final Replica replica;
        private final long startedAt;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Call(Replica replica, long startedAt) {
            this.replica = replica;
            this.startedAt = startedAt;
        }

        /** The replica answered (a result, or an error of the agent's own). */
        @Override
        public void succeeded() {
            if (ended.compareAndSet(false, true)) {
                long now = nanoTime.getAsLong();
                replica.success((now - startedAt) / 1_000_000.0, settings.latencyEwmaAlpha());
            }
        }

        /** The replica could not be reached or did not answer in time. */
        @Override
        public void failed() {
            if (ended.compareAndSet(false, true)) {
                replica.failure(nanoTime.getAsLong(), settings.replicaFailureThreshold(),
                        settings.replicaCooldown().toNanos());
            }
        }

        /** The request never reached the replica: it sits out its cooldown at once. */
        @Override
        public void unreachable() {
            if (ended.compareAndSet(false, true)) {
                replica.failure(nanoTime.getAsLong(), 1, settings.replicaCooldown().toNanos());
            }
        }

        /** The request was abandoned without an answer that says anything of the replica. */
        @Override
        public void cancelled() {
            if (ended.compareAndSet(false, true)) {
                replica.end();
            }
        }
    }

    private static final class Replica {
        private int outstanding;
        private double latencyMillis;
        private boolean measured;
        private boolean tried;
        private long triedAt;
        private int failures;
        private long unhealthyUntil;
        private boolean unhealthy;

        synchronized void begin(long now) {
            outstanding++;
            if (!measured) {
                tried = true;
                triedAt = now;
            }
        }

        /** Never measured, nothing in flight, and not tried within {@code interval}: due for one trial request. */
        synchronized boolean trialDue(long now, long interval) {
            return !measured && outstanding == 0 && (!tried || now - triedAt >= interval);
        }

        synchronized void end() {
            outstanding = Math.max(0, outstanding - 1);
        }

        synchronized void success(double millis, double alpha) {
            end();
            latencyMillis = measured ? latencyMillis + alpha * (millis - latencyMillis) : millis;
            measured = true;
            failures = 0;
            unhealthy = false;
        }

        synchronized void failure(long now, int threshold, long cooldownNanos) {
            end();
            failures++;
            if (failures >= threshold) {
                unhealthy = true;
                unhealthyUntil = now + cooldownNanos;
            }
        }

        synchronized boolean healthy(long now) {
            return !unhealthy || now - unhealthyUntil >= 0;
        }

        synchronized int outstanding() {
            return outstanding;
        }

        synchronized boolean measured() {
            return measured;
        }

        synchronized double latencyMillis() {
            return latencyMillis;
        }

        synchronized ReplicaHealth snapshot(String key, long now) {
            return new ReplicaHealth(key, outstanding, latencyMillis, failures, healthy(now));
        }
    }
}
