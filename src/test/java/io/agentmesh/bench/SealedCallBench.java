package io.agentmesh.bench;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Origin;
import io.agentmesh.routing.RouteMetadata;
import io.agentmesh.routing.Router;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.session.PeerPolicy;
import io.agentmesh.session.SessionLocal;
import io.agentmesh.session.SessionSettings;
import io.agentmesh.session.SessionSetup;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.transport.IdentityPayload;
import io.agentmesh.transport.LinkChannel;
import io.agentmesh.transport.LinkEnvironment;
import io.agentmesh.transport.LinkSession;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LocalNode;
import io.agentmesh.transport.Scheduler;
import io.agentmesh.transport.TrustPolicy;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * End-to-end sessions (docs/protocol.md, "End-to-end sessions"): a {@code tools/call} from node A's entry
 * point to an echo agent on node C through relay B, sealed ({@code mesh.e2e.mode} AUTO) against the same
 * path in clear (OFF), and a direct call A → B, where nothing is sealed in either mode.
 *
 * <p>Each trial builds a line A – B – C of real {@link Router}s (route announcements, end-to-end sessions
 * in the mode under test, default settings but no dialing) joined by real {@link LinkSession} pairs (XX
 * handshake, AES-256-GCM, chunking) without sockets: a channel queues each binary message, and the
 * benchmark thread delivers the queue, in order, until it is empty, so one op runs the whole call on one
 * thread and the throughput is the CPU of the three nodes. Routers serve and relay on that thread
 * (synchronous executor); only the deadlines and announcement timers run on a scheduler. Before the
 * measurement one call is made, so the sealed trio's single handshake is not in it. The trial's teardown
 * prints the CPU time the benchmark thread spent per measured call (the three nodes' work, without the
 * collector's and the compiler's threads) and A's handshake count with the calls it made.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealedCallBench {

    private static final Scheduler NO_TIMERS = (task, delay) -> () -> { };
    private static final String AGENT = "echo";

    /** Binary messages on their way, delivered in order by {@link #drain} on the thread that calls it. */
    static final class Wire {
        private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

        void drain() {
            for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
                next.run();
            }
        }
    }

    /** One direction of a link: what one session writes, the other reads from the {@link Wire}. */
    static final class Pipe implements LinkChannel {
        private final Wire wire;
        private LinkSession to;

        Pipe(Wire wire) {
            this.wire = wire;
        }

        /** Nothing checks liveness here (no link manager runs), so nothing pings. */
        @Override
        public void ping() {
            throw new UnsupportedOperationException("no keep-alive in this benchmark");
        }

        @Override
        public void sendBinary(ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            LinkSession reader = to;
            wire.queue.add(() -> reader.onBinary(bytes));
        }

        @Override
        public void close(int code, String reason) {
            throw new IllegalStateException("link closed in benchmark: " + code + " " + reason);
        }
    }

    /** One agent, {@code echo}, whose every request answers its params at once, without blocking. */
    static final class EchoAgent implements AgentDirectory {
        @Override public List<String> agentIds() { return List.of(AGENT); }
        @Override public boolean hosts(String agentId) { return AGENT.equals(agentId); }
        @Override public Optional<String> defaultAgent() { return Optional.of(AGENT); }
        @Override public List<JsonObject> describe() { return List.of(); }
        @Override public boolean servesWithoutBlocking(String agentId, String method, JsonObject params) { return true; }
        @Override public void notify(String agentId, String method, JsonObject params, CallContext context) { }

        @Override
        public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext context) {
            return CompletableFuture.completedFuture(params);
        }
    }

    /** One node: identity, router, the links it holds. */
    static final class Node {
        final NodeIdentity identity;
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Router router;
        final LinkEnvironment link;

        Node(SessionSettings.Mode mode, SecureRandom random, ScheduledThreadPoolExecutor scheduler) {
            identity = NodeIdentity.generate(random);
            LinkSettings linkSettings = LinkSettings.defaults();
            link = new LinkEnvironment(LocalNode.create(identity, random, linkSettings), linkSettings, TrustPolicy.open(),
                    random, Clock.systemUTC(), NO_TIMERS, Runnable::run);
            DhKeyPair key = CipherSuites.x25519AesGcmSha256().generateKeyPair(random);
            byte[] payload = IdentityPayload.create(identity, key.publicKey(), List.of(), "agentmesh-java/bench").toJson();
            router = Router.builder()
                    .node(new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), List.of(), "agentmesh-java/bench",
                            Instant.now()))
                    .agents(new EchoAgent()).links(links).executor(Runnable::run).scheduler(scheduler)
                    .clock(Clock.systemUTC()).traceIds(RouteMetadata.randomTraceIds(random))
                    .settings(RoutingSettings.defaults().withRoutes(RoutingSettings.Routes.defaults().withDialDirect(false)))
                    .announceRoutes(true)
                    .sessions(new SessionSetup(new SessionLocal(key, payload), peer -> PeerPolicy.Admission.always(Set.of()),
                            SessionSettings.defaults(mode), changes -> { }), random)
                    .build();
            router.start();
        }

        NodeId id() {
            return identity.nodeId();
        }
    }

    /** The line A – B – C in one mode, and the calls made from A. */
    static final class Trio {
        final String mode;
        final Wire wire = new Wire();
        final Node a;
        final Node b;
        final Node c;
        final JsonObject params;
        long calls;

        Trio(SessionSettings.Mode mode, int size, ScheduledThreadPoolExecutor scheduler) throws InterruptedException {
            this.mode = mode.name();
            SecureRandom random = new SecureRandom();
            a = new Node(mode, random, scheduler);
            b = new Node(mode, random, scheduler);
            c = new Node(mode, random, scheduler);
            connect(a, b);
            connect(b, c);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.router.routeTable().orElseThrow().route(c.id()).isEmpty()) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("A learned no route to C");
                }
                Thread.sleep(10);
                wire.drain();
            }
            params = Json.createObjectBuilder().add("name", AGENT)
                    .add("arguments", Json.createObjectBuilder().add("text", "x".repeat(size))).build();
            call(c);                       // the sealed trio's handshake, outside the measurement
            call(b);
        }

        private void connect(Node initiator, Node responder) {
            Pipe toResponder = new Pipe(wire);
            Pipe toInitiator = new Pipe(wire);
            LinkSession out = LinkSession.initiator(initiator.link, toResponder, initiator.router, null,
                    "ws://bench/mesh", responder.id());
            LinkSession in = LinkSession.responder(responder.link, toInitiator, responder.router, null);
            toResponder.to = in;
            toInitiator.to = out;
            in.start();
            out.start();
            wire.drain();
            if (!out.isOpen() || !in.isOpen()) {
                throw new IllegalStateException("link handshake did not complete");
            }
            initiator.links.add(out);
            responder.links.add(in);
        }

        /** One {@code tools/call} from A's entry point to the echo agent of {@code to}, run to its answer. */
        JsonRpc.Response call(Node to) {
            CompletableFuture<JsonRpc.Response> answer = a.router.route(Destination.agent(to.id(), AGENT),
                    new JsonRpc.Request(Json.createValue(++calls), "tools/call", params), Origin.detached("bench"))
                    .toCompletableFuture();
            wire.drain();
            JsonRpc.Response response = answer.getNow(null);
            if (response == null || response.isError()) {
                throw new IllegalStateException("call to " + to.id() + " answered " + response);
            }
            return response;
        }

        String handshakes() {
            return String.format("end-to-end handshakes started by A (%s): %d in %,d calls; B: %d, C: %d", mode,
                    a.router.sessionHandshakes(), calls, b.router.sessionHandshakes(), c.router.sessionHandshakes());
        }

        void close() {
            for (Node n : List.of(a, b, c)) {
                n.router.close();
            }
        }
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bench-timers");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /** One trio in the mode of the parameter; the CPU time of the benchmark thread over the measured iterations. */
    @State(Scope.Thread)
    public static class Mesh {

        /** {@code mesh.e2e.mode}: OFF (the baseline, all in clear) or AUTO (A → C sealed). */
        @Param({"OFF", "AUTO"})
        public String mode;

        /** Characters of the tool's one argument. */
        @Param({"16", "4096"})
        public int size;

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private ScheduledThreadPoolExecutor scheduler;
        private Trio trio;
        private long iterationCpu;
        private long iterationCalls;
        private long measuredCpu;
        private long measuredCalls;

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            scheduler = timers();
            trio = new Trio(SessionSettings.Mode.valueOf(mode), size, scheduler);
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            iterationCpu = threads.getCurrentThreadCpuTime();
            iterationCalls = trio.calls;
        }

        /** Adds a measured iteration's CPU time of this thread, which runs the whole call on the three nodes. */
        @TearDown(Level.Iteration)
        public void endIteration(IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                measuredCpu += threads.getCurrentThreadCpuTime() - iterationCpu;
                measuredCalls += trio.calls - iterationCalls;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.printf("%n[mode %s, size %d] CPU of the calling thread per call: %.1f us (%,d measured calls); %s%n",
                    mode, size, measuredCpu / 1e3 / Math.max(1, measuredCalls), measuredCalls, trio.handshakes());
            trio.close();
            scheduler.shutdownNow();
        }
    }

    /**
     * Both trios in one JVM, called in turns: {@link #BLOCK} calls A → C in clear, then as many sealed, each
     * block timed by the benchmark thread's CPU clock, so that both see the same load of a shared machine.
     */
    @State(Scope.Thread)
    public static class Turns {

        /** Calls per block. */
        static final int BLOCK = 50;

        /** Characters of the tool's one argument. */
        @Param({"16", "4096"})
        public int size;

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private ScheduledThreadPoolExecutor scheduler;
        private Trio clear;
        private Trio sealed;
        private boolean measuring;
        private long clearCpu;
        private long sealedCpu;
        private long blocks;

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            scheduler = timers();
            clear = new Trio(SessionSettings.Mode.OFF, size, scheduler);
            sealed = new Trio(SessionSettings.Mode.AUTO, size, scheduler);
        }

        @Setup(Level.Iteration)
        public void startIteration(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
        }

        long block(Trio trio) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < BLOCK; i++) {
                trio.call(trio.c);
            }
            return threads.getCurrentThreadCpuTime() - start;
        }

        void turn() {
            long c = block(clear);
            long s = block(sealed);
            if (measuring) {
                clearCpu += c;
                sealedCpu += s;
                blocks++;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            double calls = Math.max(1, blocks) * (double) BLOCK;
            System.out.printf("%n[turns, size %d] CPU of the calling thread per call A -> B -> C: clear %.1f us, sealed"
                    + " %.1f us, sealed / clear %.3f (%,d measured calls each); %s; %s%n", size, clearCpu / 1e3 / calls,
                    sealedCpu / 1e3 / calls, sealedCpu / (double) Math.max(1, clearCpu), (long) calls,
                    clear.handshakes(), sealed.handshakes());
            clear.close();
            sealed.close();
            scheduler.shutdownNow();
        }
    }

    /** A → B → C: sealed end to end in AUTO, in clear (the links' encryption only) in OFF. */
    @Benchmark
    public JsonRpc.Response relayed(Mesh m) {
        return m.trio.call(m.trio.c);
    }

    /** A → B over their link: nothing is sealed in either mode. */
    @Benchmark
    public JsonRpc.Response direct(Mesh m) {
        return m.trio.call(m.trio.b);
    }

    /** {@link Turns#BLOCK} calls A → B → C in clear, then as many sealed: an op is both blocks. */
    @Benchmark
    public void turns(Turns t) {
        t.turn();
    }
}
