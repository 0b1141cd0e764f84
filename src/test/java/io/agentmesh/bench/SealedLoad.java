package io.agentmesh.bench;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU of a sealed call against the same call in clear, on real nodes, in one run. Starts four Liberty
 * nodes ({@link LibertyNode}, ports {@code basePort() + 180…183}, no auto-dial): a relay B, a target C that
 * bootstraps from B, and two entry nodes linked only to B: A with {@code mesh.e2e.mode=off} and S with
 * {@code auto}. Both reach C only through B. The tool drives {@code POST /api/v1/call} (target
 * {@code <C>:echo}, {@code tools/call} of the echo tool) with a fixed number of HTTP clients, each sending
 * back to back on its own connection: on A the calls travel in clear (wire-v1 alone), on S, one of whose
 * own entry points {@code /api/v1/call} is, they are sealed end to end. No node restarts between phases, so
 * both paths are compiled alike: both entries warm up first, then phases alternate {@code off} (through A)
 * and {@code auto} (through S), each measuring each argument size for a fixed time and reading the CPU time
 * (utime + stime, {@code /proc/<pid>/stat}) of the three processes on the path before and after: their sum
 * per call is the figure. It also prints the machine's and this tool's CPU per call, and the entry's
 * end-to-end session events (one handshake in all for S). With {@code --control} the calls go to B's echo
 * instead: one hop, in clear from both entries, so that the two entries' figures differ only by their JVMs.
 * With {@code --rate N} the clients offer N calls per second together instead of sending back to back, so that
 * both modes are measured at the same throughput: on a saturated machine the CPU per call rises as the rate
 * falls (fewer messages per thread wake-up), which makes a slower mode look slower still.
 *
 * <pre>
 * mvn -o -DskipTests package
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.agentmesh.bench.SealedLoad \
 *     --clients 8 --seconds 15 --warmup 30 --phases 6
 * </pre>
 */
public final class SealedLoad {

    private static final String ADMIN_PASSWORD = "bench-administrator-5d81";
    private static final Duration START_WAIT = Duration.ofMinutes(4);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final double TICK_MICROS = 1e6 / 100;   // USER_HZ
    private static final int[] SIZES = {16, 4096};

    private final int clients;
    private final Duration measure;
    private final Duration warmup;
    private final boolean control;
    /** Calls per second the clients offer together, or 0: each sends back to back. */
    private final int rate;
    private LibertyNode clear;
    private LibertyNode relay;
    private LibertyNode target;
    private LibertyNode sealed;

    SealedLoad(int clients, Duration measure, Duration warmup, boolean control, int rate) {
        this.control = control;
        this.rate = rate;
        this.clients = clients;
        this.measure = measure;
        this.warmup = warmup;
    }

    /** One measured phase and argument size. */
    record Result(String mode, int size, long calls, long errors, double perSecond, double nodesMicros,
                  double[] perNodeMicros, double machineMicros, double toolMicros, Map<String, Double> sessionEvents) {
    }

    public static void main(String[] args) throws Exception {
        int clients = 8;
        int seconds = 15;
        int warmupSeconds = 20;
        int phases = 4;
        boolean control = false;
        int rate = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--control" -> control = true;
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--phases" -> phases = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SealedLoad load = new SealedLoad(clients, Duration.ofSeconds(seconds), Duration.ofSeconds(warmupSeconds), control,
                rate);
        try {
            load.run(phases);
        } finally {
            load.stopAll();
        }
    }

    private void run(int phases) throws Exception {
        int base = LibertyNode.basePort() + 180;
        clear = LibertyNode.create("bench-sealed-a", base, env(null, "off"));
        relay = LibertyNode.create("bench-sealed-b", base + 1, env(clear.meshUrl(), "auto"));
        target = LibertyNode.create("bench-sealed-c", base + 2, env(relay.meshUrl(), "auto"));
        sealed = LibertyNode.create("bench-sealed-s", base + 3, env(relay.meshUrl(), "auto"));
        List<LibertyNode> all = List.of(clear, relay, target, sealed);
        for (LibertyNode n : all) {
            n.startNoWait();
        }
        for (LibertyNode n : all) {
            n.waitUntilReady();
        }
        awaitRouteToTarget(clear);
        awaitRouteToTarget(sealed);
        long[] pids = {pid(clear), pid(relay), pid(target), pid(sealed)};
        System.out.printf(Locale.ROOT, "pids: A %d, B %d, C %d, S %d; %s; load %s%n", pids[0], pids[1], pids[2], pids[3],
                rate > 0 ? "offered " + rate + " calls/s" : "back to back",
                loadAverage());
        for (int size : SIZES) {   // both entries warm before the first phase: the relay and C serve both kinds
            warmUp(clear, body(size), warmup);
            warmUp(sealed, body(size), warmup);
        }
        List<Result> results = new ArrayList<>();
        for (int phase = 0; phase < phases; phase++) {
            String mode = phase % 2 == 0 ? "off" : "auto";
            LibertyNode entry = mode.equals("off") ? clear : sealed;
            long[] path = {mode.equals("off") ? pids[0] : pids[3], pids[1], pids[2]};
            System.out.printf(Locale.ROOT, "phase %d: mode %s through %s, load %s%n", phase + 1, mode, entry.name(),
                    loadAverage());
            for (int size : SIZES) {
                String body = body(size);
                warmUp(entry, body, WINDOW);
                Result r = measure(entry, mode, size, body, path);
                results.add(r);
                System.out.printf(Locale.ROOT, "  %-4s %4d: %,d calls, %d errors, %,.0f/s, nodes %.1f us/call (entry %.1f,"
                                + " B %.1f, C %.1f), machine %.1f, tool %.1f; entry's session events %s%n", mode, size,
                        r.calls, r.errors, r.perSecond, r.nodesMicros, r.perNodeMicros[0], r.perNodeMicros[1],
                        r.perNodeMicros[2], r.machineMicros, r.toolMicros, r.sessionEvents);
            }
        }
        summary(results);
    }

    private static Map<String, String> env(String bootstrap, String mode) {
        Map<String, String> env = new LinkedHashMap<>();
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        env.put("MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms");
        env.put("MESH_BOOTSTRAP_BACKOFF_MAX", "2s");
        env.put("MESH_DISCOVERY_AUTO_DIAL", "false");
        env.put("MESH_E2E_MODE", mode);
        env.put("MESH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return env;
    }

    private void awaitRouteToTarget(LibertyNode entry) {
        String want = "{\"node\":\"" + target.nodeId() + "\",\"hops\":2,";
        HttpClient http = HttpClient.newHttpClient();
        boolean routed = Eventually.within(START_WAIT, () -> {
            String routes = post(entry, http, "{\"target\":\"local\",\"method\":\"list_routes\"}");
            return routes != null && routes.contains(want) && answered(post(entry, http, body(16)));
        });
        if (!routed) {
            throw new IllegalStateException(entry.name() + " has no route to C through B within " + START_WAIT);
        }
    }

    private String post(LibertyNode entry, HttpClient http, String body) {
        try {
            return http.send(request(entry, body), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean answered(String body) {
        return body != null && body.startsWith("{\"result\"") || body != null && body.contains("\"result\":{");
    }

    private HttpRequest request(LibertyNode entry, String body) {
        return HttpRequest.newBuilder(URI.create(entry.httpUrl() + "/api/v1/call")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * The call to C's echo with a text argument of {@code size} characters; with {@code --control}, to B's:
     * one hop, in clear from both entries, which shows how much the two entry nodes differ on the same work.
     */
    private String body(int size) {
        String text = "x".repeat(size);
        return "{\"target\":\"" + (control ? relay : target).nodeId() + ":echo\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}}";
    }

    /** Runs the load for at least the warm-up, then in windows until two in a row differ by less than 10 %. */
    private void warmUp(LibertyNode entry, String body, Duration atLeast) throws Exception {
        drive(entry, body, atLeast);
        double last = drive(entry, body, WINDOW).perSecond;
        for (int i = 0; i < 6; i++) {
            double rate = drive(entry, body, WINDOW).perSecond;
            if (Math.abs(rate - last) < 0.1 * Math.max(rate, last)) {
                return;
            }
            last = rate;
        }
        System.out.println("  (rate not steady after the longest warm-up; measuring anyway)");
    }

    private Result measure(LibertyNode entry, String mode, int size, String body, long[] pids) throws Exception {
        long[] nodesBefore = ticks(pids);
        MeshLoad.Cpu before = MeshLoad.Cpu.now();
        Run run = drive(entry, body, measure);
        MeshLoad.Cpu after = MeshLoad.Cpu.now();
        long[] nodesAfter = ticks(pids);
        double[] perNode = new double[pids.length];
        double nodes = 0;
        for (int i = 0; i < pids.length; i++) {
            perNode[i] = (nodesAfter[i] - nodesBefore[i]) * TICK_MICROS / Math.max(1, run.calls);
            nodes += perNode[i];
        }
        double[] cpu = after.perRequest(before, run.calls);
        Map<String, Double> events = NodeMetrics.byLabel(NodeMetrics.scrape(entry.httpsUrl(), ADMIN_PASSWORD,
                Duration.ofSeconds(60)), "agentmesh_sessions_events_total", "event");
        return new Result(mode, size, run.calls, run.errors, run.perSecond, nodes, perNode, cpu[0], cpu[1], events);
    }

    private record Run(long calls, long errors, double perSecond) {
    }

    /**
     * {@link #clients} clients, each on its own connection, sending {@code body} for {@code length}: back to
     * back, or with {@code --rate}, each at its share of that rate (staggered; a client that falls behind
     * its schedule sends its next call at once).
     */
    private Run drive(LibertyNode entry, String body, Duration length) throws Exception {
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                long interval = rate > 0 ? (long) (1e9 * clients / rate) : 0;
                long first = start + i * interval / clients;
                running.add(pool.submit(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    HttpRequest request = request(entry, body);
                    for (long next = first; System.nanoTime() < end; next += interval) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        if (System.nanoTime() >= end) {
                            break;
                        }
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && answered(r.body())) {
                                calls.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, r.statusCode() + " " + r.body());
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (firstError.get() != null) {
            System.out.println("  first error: " + abbreviate(firstError.get()));
        }
        return new Run(calls.get(), errors.get(), calls.get() / seconds);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** utime + stime of each process, in clock ticks. */
    private static long[] ticks(long[] pids) throws IOException {
        long[] out = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            String stat = Files.readString(Path.of("/proc/" + pids[i] + "/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of proc(5)
        }
        return out;
    }

    /** The pid of {@code node}'s server process: the Java process whose command line names its server. */
    private static long pid(LibertyNode node) throws IOException {
        String marker = "ws-server.jar";
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException | UncheckedIOException e) {
                    continue;   // gone
                }
                if (cmd.contains(marker) && cmd.endsWith(" " + node.name() + " ") || cmd.contains(marker)
                        && List.of(cmd.trim().split(" ")).contains(node.name())) {
                    return Long.parseLong(p.getFileName().toString());
                }
            }
        }
        throw new IllegalStateException("no server process for " + node.name());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void summary(List<Result> results) {
        System.out.println();
        System.out.println("| size | mode | calls/s | nodes' CPU us/call | machine us/call | tool us/call | handshakes at the entry |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %d | %s | %,.0f | %.1f | %.1f | %.1f | %.0f |%n", r.size, r.mode, r.perSecond,
                    r.nodesMicros, r.machineMicros, r.toolMicros, r.sessionEvents.getOrDefault("handshake_started", 0.0));
        }
        for (int size : SIZES) {
            double off = mean(results, "off", size);
            double auto = mean(results, "auto", size);
            System.out.printf(Locale.ROOT, "size %d: nodes' CPU per call, off %.1f us, auto %.1f us, auto / off %.3f (target 1.15)%n",
                    size, off, auto, auto / off);
        }
    }

    private static double mean(List<Result> results, String mode, int size) {
        return results.stream().filter(r -> r.mode.equals(mode) && r.size == size)
                .mapToDouble(Result::nodesMicros).average().orElse(Double.NaN);
    }

    private void stopAll() {
        for (LibertyNode n : new LibertyNode[] {clear, relay, target, sealed}) {
            if (n != null) {
                try {
                    n.stop();
                } catch (RuntimeException e) {
                    System.err.println("could not stop " + n.name() + ": " + e.getMessage());
                }
            }
        }
    }
}
