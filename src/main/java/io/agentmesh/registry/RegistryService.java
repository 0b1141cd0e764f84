package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a node's registry over time (docs/registry.md §1, §4): publishes this node's advert at start and
 * whenever {@link #republish()} is called (its agents changed), dials the peers of the book that are due
 * at start, and then every round interval records the linked peers in the peer book, dials the peers
 * that are due ({@link PeerDialer}) and runs a gossip round ({@link RegistryNode#tick()}). The rounds run
 * on the given scheduler, which {@link #close()} shuts down.
 */
public final class RegistryService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RegistryService.class.getName());

    private final RegistryNode node;
    private final PeerDialer dialer;
    private final Supplier<Map<NodeId, List<String>>> linkedPeers;
    private final List<String> addrs;
    private final Supplier<List<AgentInfo>> agents;
    private final ScheduledExecutorService scheduler;
    private final Duration roundInterval;
    private final AtomicLong rounds = new AtomicLong();
    private boolean started;

    /**
     * @param linkedPeers   the peers linked now that accept connections, with the addrs they advertise
     * @param addrs         this node's addrs, for its advert
     * @param agents        this node's agents as advertised, asked at every publication
     * @param scheduler     runs the rounds; owned by the service from now on
     * @param roundInterval time between two rounds
     */
    public RegistryService(RegistryNode node, PeerDialer dialer, Supplier<Map<NodeId, List<String>>> linkedPeers,
                           List<String> addrs, Supplier<List<AgentInfo>> agents, ScheduledExecutorService scheduler,
                           Duration roundInterval) {
        this.node = Objects.requireNonNull(node, "node");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.linkedPeers = Objects.requireNonNull(linkedPeers, "linkedPeers");
        this.addrs = List.copyOf(addrs);
        this.agents = Objects.requireNonNull(agents, "agents");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.roundInterval = Objects.requireNonNull(roundInterval, "roundInterval");
    }

    /** Publishes the advert, dials the due peers and schedules the rounds; once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        republish();
        scheduler.execute(this::dialDue);
        scheduleRound();
    }

    /** The next round, one interval from now (after the end of the last one). */
    private void scheduleRound() {
        try {
            scheduler.schedule(this::round, roundInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.FINE, "registry closed: no more rounds");
        }
    }

    /** Issues this node's advert anew with its current agents; a failure is logged, the old advert stays. */
    public void republish() {
        try {
            node.publish(addrs, agents.get());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "advert of this node not published: " + e.getMessage());
        }
    }

    private void round() {
        try {
            linkedPeers.get().forEach((peer, peerAddrs) -> {
                try {
                    node.peers().markSeen(peer, null, peerAddrs);
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.FINE, () -> "peer " + peer + " advertises unusable addrs: " + e.getMessage());
                }
            });
            dialDue();
            rounds.incrementAndGet();
            node.tick().exceptionally(e -> {
                LOG.log(Level.FINE, () -> "gossip round failed: " + e);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "registry round failed: " + e);
        }
        scheduleRound();
    }

    private void dialDue() {
        try {
            dialer.dialDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dialing learned peers failed: " + e);
        }
    }

    /** The registry node this service runs. */
    public RegistryNode node() {
        return node;
    }

    /** How many gossip rounds have started since {@link #start}. */
    public long rounds() {
        return rounds.get();
    }

    /** Stops the rounds and saves the peer book. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        node.close();
    }
}
