package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The node's {@link LinkManager} as a CDI bean: builds it over the node's {@link LinkThreads}, with the
 * {@link DialGovernor} in front of its WebSocket dialer (bootstrap entries exempt), dials the
 * bootstrap list when the node starts and closes every link when it stops. Needs beans of
 * {@link NodeIdentity}, {@link LinkSettings}, {@link DialSettings}, {@link AdmissionLimits}, {@link TrustPolicy},
 * {@link Bootstrap}, {@link SecureRandom}, {@link Clock}, {@link LinkThreads}, the {@link MemoryBudget} and the
 * {@link LinkListener} (the router); uses a {@link LinkObserver} (metrics) when there is one. The WebSocket
 * channels' watchdog, the {@link LogLimiter} of the links and the {@link LinkAdmission} measure time with
 * {@link System#nanoTime()}, given to them here.
 */
@ApplicationScoped
public class MeshLinks {

    @Inject
    NodeIdentity identity;

    @Inject
    LinkSettings settings;

    @Inject
    DialSettings dialSettings;

    @Inject
    AdmissionLimits admissionLimits;

    @Inject
    TrustPolicy trust;

    @Inject
    Bootstrap bootstrap;

    @Inject
    SecureRandom random;

    @Inject
    Clock clock;

    @Inject
    LinkListener listener;

    @Inject
    Instance<LinkObserver> observers;

    @Inject
    LinkThreads threads;

    @Inject
    MemoryBudget memory;

    private ChannelThreads channelThreads;
    private LinkManager manager;
    private LogLimiter logs;
    private DialGovernor governor;

    @PostConstruct
    void create() {
        channelThreads = new ChannelThreads(threads.writers(), Scheduler.of(threads.timers()), System::nanoTime);
        logs = new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime);
        LocalNode local = LocalNode.create(identity, random, settings, trust.membership());
        LinkEnvironment env = new LinkEnvironment(local, settings, trust, random, clock,
                Scheduler.of(threads.timers()), threads.listeners(),
                observers.isResolvable() ? observers.get() : LinkObserver.NONE, logs, memory);
        governor = new DialGovernor(WebSocketDialer.create(threads.dials(), settings, channelThreads, memory), dialSettings,
                bootstrap.entries().stream().map(MeshUrl::url).collect(Collectors.toSet()), ownHosts(),
                InetAddress::getAllByName, threads.dials(), System::nanoTime, env.observer(), logs);
        manager = new LinkManager(env, new LinkAdmission(admissionLimits, env, System::nanoTime), listener, governor,
                bootstrap.entries());
    }

    /** The hosts of this node's advertised addrs and bootstrap entries. */
    private List<String> ownHosts() {
        List<String> hosts = new ArrayList<>();
        settings.advertisedAddrs().forEach(a -> hosts.add(DialTargets.hostOf(URI.create(a))));
        bootstrap.entries().forEach(e -> hosts.add(DialTargets.hostOf(e.url())));
        return hosts;
    }

    /** Dials the bootstrap list; called once by the node's start-up when everything is in place. */
    public void start() {
        manager.start();
    }

    /**
     * Closes every link with 1001 and stops redialing; the node's shutdown calls it after draining the
     * router. The threads are the node's ({@link LinkThreads}), stopped after this.
     */
    @PreDestroy
    public void stop() {
        if (manager != null) {
            manager.shutdown();
        }
    }

    /** The link manager itself. */
    public LinkManager manager() {
        return manager;
    }

    /** The gate of the dials to learned addresses. */
    public DialGovernor governor() {
        return governor;
    }

    /** The limiter of the log lines of links, dials and upgrades (one line per kind per minute). */
    LogLimiter logs() {
        return logs;
    }

    /** See {@link LinkAdmission#reserve}: called by {@link MeshUpgradeFilter} for each upgrade. */
    LinkAdmission.Reservation reserve(String remoteAddress) {
        return manager.admission().reserve(remoteAddress);
    }

    /** Counts an upgrade that {@link MeshUpgradeGate} refused ({@link LinkObserver#linkRefused}). */
    void refused(AdmissionRefusal rule) {
        manager.admission().count(rule);
    }

    /** See {@link LinkAdmission#cancel}: for an upgrade that did not go through. */
    void cancel(LinkAdmission.Ticket ticket) {
        manager.admission().cancel(ticket);
    }

    /**
     * A session for a socket that {@link MeshServerEndpoint} accepted, holding the ticket its upgrade
     * reserved (the token {@link MeshEndpointConfigurator} put in its user properties); empty when it has
     * none (its reservation expired), and then the caller closes it.
     */
    Optional<LinkSession> accept(Session session) {
        Object token = session.getUserProperties().get(MeshEndpointConfigurator.TOKEN);
        return manager.admission().claim(token instanceof String s ? s : null)
                .map(ticket -> manager.accept(new WebSocketChannel(session, settings, channelThreads, memory), ticket));
    }

    /** See {@link LinkManager#dial(String, NodeId)}. */
    public CompletionStage<Link> dial(String url, NodeId expected) {
        return manager.dial(url, expected);
    }

    /** See {@link LinkManager#dialAny(NodeId, List)}. */
    public CompletionStage<Link> dialAny(NodeId node, List<String> addrs) {
        return manager.dialAny(node, addrs);
    }

    public List<Link> links() {
        return manager.links();
    }

    public Optional<Link> link(NodeId peer) {
        return manager.link(peer);
    }

    public List<PeerInfo> peers() {
        return manager.peers();
    }

    /** See {@link LinkManager#bootstrapStatus()}. */
    public List<LinkManager.BootstrapStatus> bootstrapStatus() {
        return manager.bootstrapStatus();
    }
}
