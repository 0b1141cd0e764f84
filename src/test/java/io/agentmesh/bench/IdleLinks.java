package io.agentmesh.bench;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.JdkWebSocketDialer;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkAdmission;
import io.agentmesh.transport.LinkEnvironment;
import io.agentmesh.transport.LinkListener;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LocalNode;
import io.agentmesh.transport.Scheduler;
import io.agentmesh.transport.TrustPolicy;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many idle, authenticated links to one node from one lean JVM: real links (the production
 * {@link LinkManager} and link sessions: Noise XX with identity payloads, wire-v1 §3) over the JDK's
 * {@code java.net.http.WebSocket}, which answers the node's WebSocket pings by itself. The links are spread
 * over {@code identities} client node ids, each with its own {@link LinkManager} (so each may hold more
 * links than the default caps allow); all of them share one {@link HttpClient} (one selector thread), two
 * threads for socket events and link work, and one timer thread. Whatever the node sends on a link (route
 * announcements, gossip) is read, decrypted and dropped. Thread-safe.
 */
public final class IdleLinks implements LinkListener, AutoCloseable {

    /** The outcome of {@link #open}: links opened, dials failed (with the count of each first line), seconds taken. */
    public record Ramp(int opened, int failed, Map<String, Integer> failures, double seconds) {
        public double perSecond() {
            return opened / Math.max(seconds, 1e-9);
        }
    }

    private final ExecutorService executor;
    private final ScheduledExecutorService timers;
    private final HttpClient http;
    private final List<LinkManager> managers = new ArrayList<>();
    private final int perIdentity;
    private final AtomicLong received = new AtomicLong();
    private final Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();

    /**
     * @param identities  client node ids the links are spread over, at least 1
     * @param perIdentity the most links one of them holds
     */
    public IdleLinks(int identities, int perIdentity) {
        if (identities < 1 || perIdentity < 1 || perIdentity > AdmissionLimits.MAX_VALUE) {
            throw new IllegalArgumentException("identities and links per identity must be positive");
        }
        this.perIdentity = perIdentity;
        SecureRandom random = new SecureRandom();
        executor = Executors.newFixedThreadPool(2, daemon("idle-links"));
        timers = Executors.newSingleThreadScheduledExecutor(daemon("idle-links-timers"));
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(30)).build();
        JdkWebSocketDialer dialer = new JdkWebSocketDialer(http);
        LinkSettings settings = LinkSettings.defaults();
        int cap = Math.max(perIdentity, AdmissionLimits.DEFAULT_MAX_LINKS);
        AdmissionLimits limits = new AdmissionLimits(AdmissionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS,
                AdmissionLimits.DEFAULT_MAX_PENDING, AdmissionLimits.DEFAULT_MAX_HANDSHAKES, cap, cap, perIdentity);
        for (int i = 0; i < identities; i++) {
            NodeIdentity identity = NodeIdentity.generate(random);
            LinkEnvironment env = new LinkEnvironment(LocalNode.create(identity, random, List.of(), "idle-links/1"),
                    settings, TrustPolicy.open(), random, Clock.systemUTC(), Scheduler.of(timers), executor);
            managers.add(new LinkManager(env, new LinkAdmission(limits, env, System::nanoTime), this, dialer, List.of()));
        }
    }

    /**
     * Opens {@code count} links to {@code url}, at most {@code concurrency} dials in progress at once, the
     * identities taking turns; waits for the last and returns how it went. A failed dial is not retried.
     */
    public Ramp open(String url, int count, int concurrency, Duration progressEvery) throws InterruptedException {
        if (count > managers.size() * (long) perIdentity) {
            throw new IllegalArgumentException(count + " links exceed " + managers.size() + " identities x " + perIdentity);
        }
        Semaphore slots = new Semaphore(concurrency);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> failures = new TreeMap<>();
        long start = System.nanoTime();
        long nextReport = start + progressEvery.toNanos();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            LinkManager manager = managers.get(i % managers.size());
            manager.dial(url, null).whenComplete((link, error) -> {
                if (error == null) {
                    opened.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    synchronized (failures) {
                        failures.merge(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
                    }
                }
                slots.release();
            });
            long now = System.nanoTime();
            if (now >= nextReport) {
                System.out.printf("  %,d links open, %,d failed after %.1f s%n", opened.get(), failed.get(), (now - start) / 1e9);
                nextReport = now + progressEvery.toNanos();
            }
        }
        slots.acquire(concurrency);
        slots.release(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (failures) {
            return new Ramp(opened.get(), failed.get(), Map.copyOf(failures), seconds);
        }
    }

    /** Links open now. */
    public int openNow() {
        return managers.stream().mapToInt(m -> m.links().size()).sum();
    }

    /** Links that went down since they were opened, by close code. */
    public Map<Integer, Integer> closedByCode() {
        Map<Integer, Integer> out = new TreeMap<>();
        closeCodes.forEach((code, n) -> out.put(code, n.get()));
        return out;
    }

    /** Application messages the node sent on the links (announcements, gossip), all dropped. */
    public long received() {
        return received.get();
    }

    @Override
    public void linkUp(Link link) {
    }

    @Override
    public void message(Link link, byte[] applicationMessage) {
        received.incrementAndGet();
    }

    @Override
    public void linkDown(Link link, int closeCode, String reason) {
        closeCodes.computeIfAbsent(closeCode, c -> new AtomicInteger()).incrementAndGet();
    }

    /** Closes every link (1001) and stops the threads. */
    @Override
    public void close() {
        managers.forEach(LinkManager::shutdown);
        try {
            Thread.sleep(2000);   // the close frames go out on the executor
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        Objects.requireNonNull(name);
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
