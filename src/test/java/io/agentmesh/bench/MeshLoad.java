package io.agentmesh.bench;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.MeshPeer;
import io.agentmesh.transport.Link;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The mesh load tool of {@code docs/benchmarks.md}: against three nodes in a chain
 * ({@code liberty/local-mesh.sh start 3 --chain} with {@code MESH_BENCH_ENABLED=true}), it measures in
 * one run, each with 1 and 8 links from this tool to node 1:
 * <ul>
 *   <li>{@code plain}: the baseline, a plaintext WebSocket echo on node 1 ({@code /bench/echo}) of the
 *       same JSON text as a call;</li>
 *   <li>{@code local}: {@code local:echo/tools/call} on node 1 over an encrypted link;</li>
 *   <li>{@code hop1}: {@code <node 2>:echo/tools/call}, forwarded once by node 1;</li>
 *   <li>{@code hop2}: {@code <node 3>:echo/tools/call}, forwarded by node 1 and node 2.</li>
 * </ul>
 * For each it reports the saturating rate (every link keeps {@code --depth} requests in flight) with
 * its p50/p99 latency, then p50/p99 at half that rate (requests sent on a fixed schedule; latency counted
 * from the scheduled time). Over the saturated part it also reads the CPU time the machine and the tool
 * used ({@code /proc/stat}, the tool's process CPU time), and reports both per request: on a machine
 * where the nodes and the tool share the cores, the machine's CPU per request minus the tool's is the
 * nodes' cost of a call, a figure that varies much less between runs than the rate.
 * Each phase is bounded in time and count; only loopback is contacted.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.agentmesh.bench.MeshLoad \
 *     --node http://127.0.0.1:9101 --seconds 10
 * </pre>
 */
public final class MeshLoad {

    private static final String ECHO = "{\"name\":\"echo\",\"arguments\":{\"text\":\"hello mesh\"}}";
    private static final int MAX_SAMPLES = 4_000_000;
    /** How long a phase waits for its last answers before it counts them as errors. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** One measurement: the saturating rate and its latencies, and the latencies at half that rate. */
    record Result(String workload, int links, long requests, long errors, double perSecond, long p50Micros,
                  long p99Micros, double pacedPerSecond, long pacedP50Micros, long pacedP99Micros,
                  double cpuMicrosPerRequest, double toolCpuMicrosPerRequest) {
    }

    /**
     * CPU time used so far: by the whole machine (busy time of all cores from {@code /proc/stat}, NaN where
     * there is none) and by this tool's process. Over a saturated phase, the difference per request says
     * what a call costs in CPU, which is what bounds the rate when the nodes and the tool share the cores.
     */
    record Cpu(double machineNanos, long toolNanos) {
        private static final Path STAT = Path.of("/proc/stat");
        private static final double NANOS_PER_TICK = 1e9 / 100;   // USER_HZ

        static Cpu now() {
            long tool = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            double machine = Double.NaN;
            try (BufferedReader in = Files.newBufferedReader(STAT)) {
                String[] f = in.readLine().trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...: busy = all but idle, iowait and steal
                if (f.length >= 8 && f[0].equals("cpu")) {
                    long busy = 0;
                    for (int i : new int[] {1, 2, 3, 6, 7}) {
                        busy += Long.parseLong(f[i]);
                    }
                    machine = busy * NANOS_PER_TICK;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: machine CPU stays unknown
            }
            return new Cpu(machine, tool);
        }

        /** Microseconds per request since {@code before}: the machine's and the tool's. */
        double[] perRequest(Cpu before, long requests) {
            double n = Math.max(1, requests);
            return new double[] {(machineNanos - before.machineNanos) / n / 1e3, (toolNanos - before.toolNanos) / n / 1e3};
        }
    }

    /** Sends one request on link {@code index} and completes when its answer is back (exceptionally on error). */
    private interface Target extends AutoCloseable {
        CompletionStage<?> send(int index);

        /** Fails the requests still waiting for an answer. */
        void abandon(String why);

        @Override
        void close();
    }

    private final URI node;
    private final Duration duration;
    private final Duration warmup;
    private final int depth;
    private final long maxRequests;

    MeshLoad(URI node, Duration duration, Duration warmup, int depth, long maxRequests) {
        this.node = node;
        this.duration = duration;
        this.warmup = warmup;
        this.depth = depth;
        this.maxRequests = maxRequests;
    }

    public static void main(String[] args) throws Exception {
        URI node = URI.create("http://127.0.0.1:9101");
        int[] links = {1, 8};
        long seconds = 10;
        long warmupSeconds = 15;
        int depth = 16;
        long max = 2_000_000;
        List<String> workloads = List.of("plain", "local", "hop1", "hop2");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--node" -> node = URI.create(args[++i]);
                case "--links" -> links = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--warmup" -> warmupSeconds = Long.parseLong(args[++i]);
                case "--depth" -> depth = Integer.parseInt(args[++i]);
                case "--max-requests" -> max = Long.parseLong(args[++i]);
                case "--workloads" -> workloads = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--node, --links, --seconds, --warmup, --depth, --max-requests, --workloads)");
            }
        }
        if (seconds < 1 || seconds > 120 || depth < 1 || depth > 256 || max < 1 || max > MAX_SAMPLES
                || Arrays.stream(links).anyMatch(l -> l < 1 || l > 64)) {
            throw new IllegalArgumentException("seconds 1..120, depth 1..256, links 1..64, max-requests 1.."
                    + MAX_SAMPLES);
        }
        if (!InetAddress.getByName(node.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the load tool only talks to loopback, not " + node.getHost());
        }
        MeshLoad load = new MeshLoad(node, Duration.ofSeconds(seconds), Duration.ofSeconds(warmupSeconds), depth, max);
        System.out.printf(Locale.ROOT, "node %s, %d s per phase after %d s warm-up, %d in flight per link%n",
                node, seconds, warmupSeconds, depth);
        System.out.printf(Locale.ROOT, "%-6s %5s %10s %7s %10s %9s %9s %10s %9s %9s %9s %9s%n", "load", "links",
                "requests", "errors", "req/s", "p50 us", "p99 us", "half req/s", "p50 us", "p99 us", "cpu us", "tool us");
        List<Result> results = new ArrayList<>();
        for (String workload : workloads) {
            for (int n : links) {
                Result r = load.measure(workload, n);
                results.add(r);
                System.out.printf(Locale.ROOT, "%-6s %5d %10d %7d %10.0f %9d %9d %10.0f %9d %9d %9.1f %9.1f%n",
                        r.workload(), r.links(), r.requests(), r.errors(), r.perSecond(), r.p50Micros(), r.p99Micros(),
                        r.pacedPerSecond(), r.pacedP50Micros(), r.pacedP99Micros(), r.cpuMicrosPerRequest(),
                        r.toolCpuMicrosPerRequest());
            }
        }
        for (int n : links) {
            double plain = rate(results, "plain", n);
            double plainCpu = nodeCpu(results, "plain", n);
            StringBuilder rates = new StringBuilder();
            StringBuilder cpu = new StringBuilder();
            for (Result r : results) {
                if (r.links() == n && !r.workload().equals("plain")) {
                    rates.append(String.format(Locale.ROOT, ", %s %.2f", r.workload(), r.perSecond() / plain));
                    cpu.append(String.format(Locale.ROOT, ", %s %.1fx",
                            r.workload(), (r.cpuMicrosPerRequest() - r.toolCpuMicrosPerRequest()) / plainCpu));
                }
            }
            if (plain > 0 && rates.length() > 0) {
                System.out.printf(Locale.ROOT, "%d link(s), rate as a fraction of plain's: %s%n", n, rates.substring(2));
            }
            if (plainCpu > 0 && cpu.length() > 0) {
                System.out.printf(Locale.ROOT, "%d link(s), nodes' CPU per request (machine minus tool) as a multiple "
                        + "of plain's %.1f us: %s%n", n, plainCpu, cpu.substring(2));
            }
        }
    }

    private static double rate(List<Result> results, String workload, int links) {
        return results.stream().filter(r -> r.workload().equals(workload) && r.links() == links)
                .mapToDouble(Result::perSecond).findFirst().orElse(0);
    }

    /** The nodes' CPU per request of a workload: the machine's minus the tool's (NaN if unknown). */
    private static double nodeCpu(List<Result> results, String workload, int links) {
        return results.stream().filter(r -> r.workload().equals(workload) && r.links() == links)
                .mapToDouble(r -> r.cpuMicrosPerRequest() - r.toolCpuMicrosPerRequest()).findFirst().orElse(Double.NaN);
    }

    Result measure(String workload, int links) throws Exception {
        try (Target target = open(workload, links)) {
            closedLoop(target, links, warmup, new Samples(MAX_SAMPLES));
            Samples saturated = new Samples(maxRequests);
            Cpu before = Cpu.now();
            double seconds = closedLoop(target, links, duration, saturated);
            double[] cpu = Cpu.now().perRequest(before, saturated.count());
            double rate = saturated.count() / seconds;
            Samples paced = new Samples(maxRequests);
            double pacedSeconds = paced(target, links, rate / 2, duration, paced);
            for (Samples s : List.of(saturated, paced)) {
                if (s.firstError() != null) {
                    System.out.printf(Locale.ROOT, "  %s with %d link(s): %d errors, the first: %s%n", workload, links,
                            s.errors(), s.firstError());
                }
            }
            return new Result(workload, links, saturated.count(), saturated.errors(), rate,
                    saturated.percentile(50), saturated.percentile(99), paced.count() / pacedSeconds,
                    paced.percentile(50), paced.percentile(99), cpu[0], cpu[1]);
        }
    }

    /** Every link keeps {@code depth} requests in flight until the time or the count runs out; returns the seconds taken. */
    private double closedLoop(Target target, int links, Duration length, Samples samples) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        AtomicLong inFlight = new AtomicLong();
        for (int l = 0; l < links; l++) {
            for (int d = 0; d < depth; d++) {
                inFlight.incrementAndGet();
                loop(target, l, end, samples, inFlight);
            }
        }
        awaitAnswers(target, inFlight);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Waits for the requests in flight, at most {@link #DRAIN_NANOS}; then the rest fail. */
    private static void awaitAnswers(Target target, AtomicLong inFlight) throws InterruptedException {
        long giveUp = System.nanoTime() + DRAIN_NANOS;
        while (inFlight.get() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        if (inFlight.get() > 0) {
            target.abandon("no answer within " + TimeUnit.NANOSECONDS.toSeconds(DRAIN_NANOS) + " s of the phase's end");
        }
    }

    private void loop(Target target, int link, long end, Samples samples, AtomicLong inFlight) {
        long sent = System.nanoTime();
        target.send(link).whenComplete((r, e) -> {
            long now = System.nanoTime();
            samples.add(now - sent, e);
            if (now < end && !samples.full()) {
                loop(target, link, end, samples, inFlight);
            } else {
                inFlight.decrementAndGet();
            }
        });
    }

    /**
     * Sends at {@code rate} per second on a fixed schedule; latency counts from the scheduled time, so a
     * request sent late (the tool or the nodes behind) is counted late. Between sends the thread parks
     * until the next is due and then sends every request due by then: it never spins, which on a machine
     * whose cores the nodes share would take a core from them (a park overshoots by some tens of
     * microseconds, which the latencies include).
     */
    private double paced(Target target, int links, double rate, Duration length, Samples samples) throws InterruptedException {
        double interval = 1e9 / Math.max(rate, 1);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        AtomicLong inFlight = new AtomicLong();
        long i = 0;
        send:
        while (true) {
            long now = System.nanoTime();
            for (long due = start + (long) (i * interval); due <= now; due = start + (long) (i * interval)) {
                if (due >= end || samples.full() || inFlight.get() > 100_000) {
                    break send;   // done, or far behind: the rate is beyond what the node serves
                }
                long scheduled = due;
                inFlight.incrementAndGet();
                target.send((int) (i % links)).whenComplete((r, e) -> {
                    samples.add(System.nanoTime() - scheduled, e);
                    inFlight.decrementAndGet();
                });
                i++;
            }
            long next = start + (long) (i * interval);
            if (next >= end) {
                break;
            }
            LockSupport.parkNanos(next - System.nanoTime());
        }
        awaitAnswers(target, inFlight);
        return (System.nanoTime() - start) / 1e9;
    }

    private Target open(String workload, int links) throws Exception {
        return switch (workload) {
            case "plain" -> plain(links);
            case "local" -> mesh(links, "local");
            case "hop1" -> mesh(links, "hop1");
            case "hop2" -> mesh(links, "hop2");
            default -> throw new IllegalArgumentException("unknown workload " + workload + " (plain, local, hop1, hop2)");
        };
    }

    /**
     * Links to node 1 ({@link LoadClient}); calls echo on node 1, 2 or 3 of the chain (found in node 1's
     * routes with a {@link MeshPeer}).
     */
    private Target mesh(int links, String where) throws Exception {
        String meshUrl = "ws://" + node.getHost() + ":" + node.getPort() + "/mesh";
        String method;
        if (where.equals("local")) {
            method = "local:echo/tools/call";
        } else {
            try (MeshPeer peer = MeshPeer.create(Duration.ofSeconds(30))) {
                method = nodeAt(peer, peer.dial(meshUrl, null), where.equals("hop1") ? 1 : 2) + ":echo/tools/call";
            }
        }
        LoadClient client = new LoadClient();
        try {
            List<Link> open = new ArrayList<>();
            for (int l = 0; l < links; l++) {
                open.add(client.dial(meshUrl));
            }
            return new Target() {
                @Override
                public CompletionStage<?> send(int index) {
                    return client.request(open.get(index), method, ECHO);
                }

                @Override
                public void abandon(String why) {
                    client.abandon(why);
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /**
     * The node {@code hops} (1 or 2) away from node 1, from its {@code node/list_routes}: node 3 is the
     * one two hops away, node 2 the one node 1 reaches it through (links of load tools are one hop away
     * too, so node 2 is not just any node one hop away).
     */
    private static NodeId nodeAt(MeshPeer peer, Link link, int hops) throws Exception {
        JsonRpc.Response r = peer.call(link, "node/list_routes", null);
        if (r.isError()) {
            throw new IllegalStateException("node/list_routes failed: " + r.error().message());
        }
        JsonObject third = r.result().asJsonObject().getJsonArray("routes").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getInt("hops") == 2)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("node 1 knows no node two hops away: start the nodes "
                        + "with liberty/local-mesh.sh start 3 --chain"));
        return NodeId.of(third.getString(hops == 2 ? "node" : "via"));
    }

    /** Plaintext WebSocket echo links; answers come back in order, so each link keeps a queue of send times. */
    private Target plain(int links) throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"local:echo/tools/call\",\"params\":" + ECHO + "}";
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create("ws://" + node.getHost() + ":" + node.getPort() + "/bench/echo");
        List<EchoLink> open = new ArrayList<>();
        for (int l = 0; l < links; l++) {
            EchoLink link = new EchoLink();
            link.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, link)
                    .get(20, TimeUnit.SECONDS);
            open.add(link);
        }
        return new Target() {
            @Override
            public CompletionStage<?> send(int index) {
                return open.get(index).send(text);
            }

            @Override
            public void abandon(String why) {
                open.forEach(l -> l.fail(new IllegalStateException(why)));
            }

            @Override
            public void close() {
                open.forEach(l -> l.socket.abort());
            }
        };
    }

    private static final class EchoLink implements WebSocket.Listener {
        private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
        volatile WebSocket socket;

        synchronized CompletionStage<Void> send(String text) {
            CompletableFuture<Void> answer = new CompletableFuture<>();
            waiting.add(answer);
            sending = sending.thenCompose(s -> socket.sendText(text, true));
            return answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                partial.setLength(0);
                CompletableFuture<Void> answer = waiting.poll();
                if (answer != null) {
                    answer.complete(null);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail(error);
        }

        void fail(Throwable error) {
            for (CompletableFuture<Void> f; (f = waiting.poll()) != null; ) {
                f.completeExceptionally(error);
            }
        }
    }

    /** Latencies in nanoseconds, at most {@code max}, and an error count with the first error. */
    private static final class Samples {
        private final long[] values;
        private final AtomicLong next = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();

        Samples(long max) {
            this.values = new long[(int) Math.min(max, MAX_SAMPLES)];
        }

        void add(long nanos, Throwable error) {
            if (error != null) {
                errors.incrementAndGet();
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                firstError.compareAndSet(null, cause.getMessage());
            }
            long i = next.getAndIncrement();
            if (i < values.length) {
                values[(int) i] = nanos;
            }
        }

        boolean full() {
            return next.get() >= values.length;
        }

        long count() {
            return Math.min(next.get(), values.length);
        }

        long errors() {
            return errors.get();
        }

        String firstError() {
            return firstError.get();
        }

        long percentile(int p) {
            int n = (int) count();
            if (n == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1000;
        }
    }
}
