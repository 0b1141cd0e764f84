package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.QueuedExecutor;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The dial governor: rate, concurrency, local-network targets, bootstrap exempt, every refusal counted. */
class DialGovernorTest {

    private static final URI PUBLIC = URI.create("ws://peer.example:9080/mesh");
    private static final URI BOOTSTRAP = URI.create("ws://10.1.2.3:9080/mesh");

    private final ManualClock clock = new ManualClock();
    private final Map<String, InetAddress[]> dns = new HashMap<>();
    private final List<URI> connected = new ArrayList<>();
    private final List<CompletableFuture<LinkSession>> pending = new ArrayList<>();
    private final Map<DialRefusal, Integer> observed = new EnumMap<>(DialRefusal.class);

    /** The dialer behind the governor: records the connects it is asked for; each completes when the test says. */
    private final LinkManager.Dialer socket = new LinkManager.Dialer() {
        @Override
        public CompletionStage<LinkSession> connect(URI url, Duration timeout, Function<LinkChannel, LinkSession> factory) {
            connected.add(url);
            CompletableFuture<LinkSession> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
    };

    private final LinkObserver observer = new LinkObserver() {
        @Override
        public void dialRefused(DialRefusal reason) {
            observed.merge(reason, 1, Integer::sum);
        }
    };

    DialGovernorTest() throws UnknownHostException {
        dns.put("peer.example", new InetAddress[] {InetAddress.getByName("203.0.113.7")});
        dns.put("sneaky.example", new InetAddress[] {InetAddress.getByName("203.0.113.8"),
                InetAddress.getByName("192.168.1.9")});
        dns.put("node.example", new InetAddress[] {InetAddress.getByName("198.51.100.1")});
        dns.put("localhost", new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        dns.put("10.1.2.3", new InetAddress[] {InetAddress.getByName("10.1.2.3")});
        dns.put("127.0.0.1", new InetAddress[] {InetAddress.getByName("127.0.0.1")});
    }

    private InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] found = dns.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        return found;
    }

    private DialGovernor governor(DialSettings settings, List<String> ownHosts, Executor executor) {
        return new DialGovernor(socket, settings, Set.of(BOOTSTRAP), ownHosts, this::resolve, executor,
                clock.nanoTime(), observer, new LogLimiter(Duration.ofMinutes(1), clock.nanoTime()));
    }

    private DialGovernor governor(DialSettings settings) {
        return governor(settings, List.of("node.example"), Runnable::run);
    }

    private static CompletionStage<LinkSession> dial(DialGovernor g, URI url) {
        return g.connect(url, Duration.ofSeconds(5), channel -> null);
    }

    private static DialRefusal refusal(CompletionStage<LinkSession> stage) {
        CompletableFuture<LinkSession> f = stage.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), "refused at once");
        Throwable cause = f.handle((s, e) -> e).join();
        while (cause.getCause() != null && !(cause instanceof DialRefusedException)) {
            cause = cause.getCause();
        }
        return assertInstanceOf(DialRefusedException.class, cause).reason();
    }

    @Test
    void dialsBeyondTheBurstWaitForTheRateNeverForAQueue() {
        DialGovernor g = governor(new DialSettings(2.0, 3, 100, DialSettings.PrivateTargets.FALSE));
        for (int i = 0; i < 3; i++) {
            assertFalse(dial(g, PUBLIC).toCompletableFuture().isDone());
        }
        assertEquals(DialRefusal.RATE, refusal(dial(g, PUBLIC)));
        assertEquals(3, connected.size(), "the refused dial made no connect");
        clock.advance(Duration.ofMillis(500));
        dial(g, PUBLIC);
        assertEquals(DialRefusal.RATE, refusal(dial(g, PUBLIC)));
        assertEquals(4, connected.size());
        assertEquals(2, g.refusals(DialRefusal.RATE));
        assertEquals(2, observed.get(DialRefusal.RATE));
    }

    @Test
    void atMostMaxConcurrentDialsAreInProgress() {
        DialGovernor g = governor(new DialSettings(1000.0, 1000, 2, DialSettings.PrivateTargets.FALSE));
        dial(g, PUBLIC);
        dial(g, PUBLIC);
        assertEquals(DialRefusal.CONCURRENCY, refusal(dial(g, PUBLIC)));
        pending.get(0).completeExceptionally(new java.io.IOException("connection refused"));
        assertFalse(dial(g, PUBLIC).toCompletableFuture().isDone(), "a finished dial frees its place");
        assertEquals(3, connected.size());
    }

    @Test
    void localNetworkTargetsAreRefusedUnlessAllowedAndNamesResolvingToThemToo() {
        DialGovernor g = governor(new DialSettings(1000.0, 1000, 100, DialSettings.PrivateTargets.AUTO));
        assertEquals(DialRefusal.PRIVATE_TARGET, refusal(dial(g, URI.create("ws://127.0.0.1:1/mesh"))));
        assertEquals(DialRefusal.PRIVATE_TARGET, refusal(dial(g, URI.create("ws://sneaky.example:1/mesh"))));
        assertEquals(DialRefusal.PRIVATE_TARGET, refusal(dial(g, URI.create("ws://localhost:1/mesh"))));
        assertEquals(DialRefusal.UNRESOLVED, refusal(dial(g, URI.create("ws://nowhere.invalid:1/mesh"))));
        assertEquals(List.of(), connected);
        dial(g, PUBLIC);
        dial(g, BOOTSTRAP);
        assertEquals(List.of(PUBLIC, BOOTSTRAP), connected, "a public target, and a bootstrap entry without checks");
        assertEquals(3, g.refusals(DialRefusal.PRIVATE_TARGET));
        assertEquals(1, g.refusals(DialRefusal.UNRESOLVED));
    }

    @Test
    void aNodeOnALocalNetworkMayDialLocalTargetsInAutoMode() {
        DialGovernor g = governor(new DialSettings(1000.0, 1000, 100, DialSettings.PrivateTargets.AUTO),
                List.of("localhost"), Runnable::run);
        dial(g, URI.create("ws://127.0.0.1:1/mesh"));
        DialGovernor allowed = governor(new DialSettings(1000.0, 1000, 100, DialSettings.PrivateTargets.TRUE));
        dial(allowed, URI.create("ws://sneaky.example:1/mesh"));
        DialGovernor never = governor(new DialSettings(1000.0, 1000, 100, DialSettings.PrivateTargets.FALSE),
                List.of("localhost"), Runnable::run);
        assertEquals(DialRefusal.PRIVATE_TARGET, refusal(dial(never, URI.create("ws://127.0.0.1:1/mesh"))));
        assertEquals(List.of(URI.create("ws://127.0.0.1:1/mesh"), URI.create("ws://sneaky.example:1/mesh")), connected);
    }

    @Test
    void namesAreResolvedOnTheDialExecutorNotTheCallersThread() {
        QueuedExecutor executor = new QueuedExecutor();
        DialGovernor g = governor(new DialSettings(1000.0, 1000, 100, DialSettings.PrivateTargets.FALSE),
                List.of("node.example"), executor);
        CompletionStage<LinkSession> stage = dial(g, PUBLIC);
        assertEquals(List.of(), connected);
        executor.runAll();
        assertEquals(List.of(PUBLIC), connected);
        assertFalse(stage.toCompletableFuture().isDone());
    }

    @Test
    void aFullDialQueueRefusesTheDialAndFreesItsPlace() {
        QueuedExecutor executor = new QueuedExecutor().refuse();
        DialGovernor g = governor(new DialSettings(1000.0, 1000, 1, DialSettings.PrivateTargets.FALSE),
                List.of("node.example"), executor);
        assertEquals(DialRefusal.QUEUE_FULL, refusal(dial(g, PUBLIC)));
        assertEquals(DialRefusal.QUEUE_FULL, refusal(dial(g, PUBLIC)), "not CONCURRENCY: the place was freed");
        assertEquals(2, g.refusals(DialRefusal.QUEUE_FULL));
    }

    @Test
    void aFloodOfRefusalsLogsOneLinePerReasonPerInterval() {
        try (LogLines lines = new LogLines(DialGovernor.class.getName(), Level.WARNING)) {
            DialGovernor g = governor(new DialSettings(1.0, 1, 100, DialSettings.PrivateTargets.FALSE));
            dial(g, PUBLIC);
            for (int i = 0; i < 50; i++) {
                dial(g, PUBLIC);
            }
            assertEquals(50, g.refusals(DialRefusal.RATE));
            assertEquals(1, lines.lines().size(), lines.lines().toString());
        }
    }
}
