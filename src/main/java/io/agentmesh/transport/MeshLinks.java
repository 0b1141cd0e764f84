package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's {@link LinkManager} as a CDI bean: owns the threads of links (listener calls, handshake
 * deadlines and redials, blocking dials), dials the bootstrap list when the node starts and
 * closes every link when it stops. Needs beans of {@link NodeIdentity}, {@link LinkSettings},
 * {@link TrustPolicy}, {@link Bootstrap}, {@link SecureRandom}, {@link Clock} and the {@link LinkListener}
 * (the router); uses a {@link LinkObserver} (metrics) when there is one. The WebSocket channels' watchdog
 * measures writes with {@link System#nanoTime()}, given to them here.
 */
@ApplicationScoped
public class MeshLinks {

    /** Threads that run link listener calls not made on a link's reading thread (each link's calls stay in order). */
    static final int LISTENER_THREADS = 4;
    /**
     * At most this many links write at the same moment, each on its own thread (blocked while its socket
     * takes a write, at most the send timeout); a link that finds none free is closed with 1001.
     */
    static final int MAX_WRITER_THREADS = 1024;
    /** Threads that run blocking WebSocket connects. */
    static final int DIAL_THREADS = 8;

    @Inject
    NodeIdentity identity;

    @Inject
    LinkSettings settings;

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

    private ThreadPoolExecutor listenerThreads;
    private ThreadPoolExecutor dialThreads;
    private ThreadPoolExecutor writerThreads;
    private ChannelThreads channelThreads;
    private ScheduledThreadPoolExecutor timers;
    private LinkManager manager;

    @PostConstruct
    void create() {
        listenerThreads = new ThreadPoolExecutor(LISTENER_THREADS, LISTENER_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("agentmesh-links-"));
        listenerThreads.allowCoreThreadTimeOut(true);
        dialThreads = new ThreadPoolExecutor(DIAL_THREADS, DIAL_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("agentmesh-dial-"));
        dialThreads.allowCoreThreadTimeOut(true);
        timers = new ScheduledThreadPoolExecutor(1, threads("agentmesh-link-timers-"));
        timers.setRemoveOnCancelPolicy(true);
        writerThreads = new ThreadPoolExecutor(0, MAX_WRITER_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("agentmesh-link-writer-"));
        channelThreads = new ChannelThreads(writerThreads, Scheduler.of(timers), System::nanoTime);
        LocalNode local = LocalNode.create(identity, random, settings);
        LinkEnvironment env = new LinkEnvironment(local, settings, trust, random, clock,
                Scheduler.of(timers), listenerThreads, observers.isResolvable() ? observers.get() : LinkObserver.NONE);
        manager = new LinkManager(env, listener, WebSocketDialer.create(dialThreads, settings, channelThreads),
                bootstrap.entries());
    }

    /** Dials the bootstrap list; called once by the node's start-up when everything is in place. */
    public void start() {
        manager.start();
    }

    /** Closes every link with 1001 and stops redialing; the node's shutdown calls it after draining the router. */
    @PreDestroy
    public void stop() {
        if (manager != null) {
            manager.shutdown();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        if (dialThreads != null) {
            dialThreads.shutdownNow();
        }
        if (listenerThreads != null) {
            listenerThreads.shutdown();
        }
        if (writerThreads != null) {
            writerThreads.shutdown();        // writes already queued still go out (each within the send timeout)
        }
    }

    /** The link manager itself. */
    public LinkManager manager() {
        return manager;
    }

    /** A session for a socket that {@link MeshServerEndpoint} accepted. */
    LinkSession accept(Session session) {
        return manager.accept(new WebSocketChannel(session, settings, channelThreads));
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

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory base = Executors.defaultThreadFactory();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
